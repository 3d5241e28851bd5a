/**
 * Runs a chunk computation by name: what a worker (Node worker_threads, or a browser Web
 * Worker) calls with a message's contents.
 */
import type { ChunkMethod, ChunkOptions, ChunkResult } from './chunk-result.ts';
import type { RunSpec } from '../spec.ts';
import { exactChunk } from './exact-kernel.ts';
import { explicitChunk } from './explicit-chunk.ts';
import { shortcutChunk } from './shortcut-cpu.ts';
import { fromPlainSpec, type PlainRunSpec } from './plain-spec.ts';

export const CHUNK_METHODS: Record<
  ChunkMethod,
  (spec: RunSpec, start: number, count: number, options?: ChunkOptions) => ChunkResult
> = {
  exact: exactChunk,
  shortcut: shortcutChunk,
  explicit: explicitChunk,
};

/** One unit of work as it crosses a worker boundary. */
export interface ChunkTask {
  method: ChunkMethod;
  spec: PlainRunSpec;
  start: number;
  count: number;
  /** Extras to return (per-layer norms, gradient norms); absent: outputs and gram only. */
  options?: ChunkOptions;
}

export function computeTask(task: ChunkTask): ChunkResult {
  return CHUNK_METHODS[task.method](fromPlainSpec(task.spec), task.start, task.count, task.options);
}
