/**
 * The chunked run loop shared by the CPU engines: splits networks [0, M) into chunks, runs
 * them inline or (in Node, threads > 1) on a pool of worker threads, and yields them in
 * order with progress and cancellation between chunks. Every network depends only on
 * (seed, network index), so chunk size and thread count never change the values.
 *
 * Browser-safe: the Node pool is loaded by a dynamic import that bundlers are told to skip.
 */
import { abortError, type EnsembleChunk, type RunOptions } from '../types.ts';
import type { RunSpec } from '../spec.ts';
import type { ChunkMethod, ChunkOptions, ChunkResult } from './chunk-result.ts';
import { toPlainSpec } from './plain-spec.ts';
import type { EnginePool, NodePoolModule } from './pool-jobs.ts';
import { inOrder, macrotask } from './in-order.ts';

/** Aim for chunks of about this many milliseconds: short enough to cancel promptly. */
export const TARGET_CHUNK_MS = 75;
/**
 * Below this estimated one-thread total, starting worker threads (each loads tsx and the
 * engine, ~0.5-1 s) costs more than it saves; once a pool is warm, two chunks are enough.
 */
const MIN_PARALLEL_MS = 1500;

export interface ChunkPlan {
  method: ChunkMethod;
  compute: (spec: RunSpec, start: number, count: number, options?: ChunkOptions) => ChunkResult;
  /** One network on one core, ns (cost.ts), for the default chunk size and the thread decision. */
  nanosPerNetwork: number;
}

export const isNode: boolean =
  typeof process !== 'undefined' && typeof process.versions === 'object' && !!process.versions.node;

let nodePoolModule: Promise<NodePoolModule> | undefined;
function loadNodePool(): Promise<NodePoolModule> {
  // A variable specifier keeps Vite from bundling node:worker_threads into the web app.
  const specifier = './node-pool.ts';
  nodePoolModule ??= import(/* @vite-ignore */ specifier) as Promise<NodePoolModule>;
  return nodePoolModule;
}

/**
 * The threads (this one included) and the pool for `jobs` jobs of about `estimatedMs` on one
 * thread in all: an explicit `requested` > 1 is honoured whenever there are two jobs or more; by
 * default (every core) the pool is used when the run is long enough to repay starting it, or
 * it is warm. Outside Node, one thread.
 */
export async function poolFor(
  requested: number | undefined,
  estimatedMs: number,
  jobs: number,
): Promise<{ threads: number; pool?: EnginePool }> {
  if (!isNode || (requested ?? 2) <= 1 || jobs <= 1) return { threads: 1 };
  const mod = await loadNodePool();
  const wanted = requested ?? mod.defaultThreads();
  if (wanted <= 1) return { threads: 1 };
  if (requested === undefined && estimatedMs < MIN_PARALLEL_MS && !mod.hasWarmPool(wanted - 1))
    return { threads: 1 };
  return { threads: wanted, pool: mod.sharedPool(wanted - 1) };
}

function label(spec: RunSpec, start: number, count: number, r: ChunkResult): EnsembleChunk {
  const chunk: EnsembleChunk = {
    start,
    count,
    inputs: spec.model.inputGram.length,
    outputs: r.outputs,
    gram: r.gram,
  };
  return r.perLayer ? { ...chunk, perLayer: r.perLayer } : chunk;
}

/** The per-chunk extras a run asks for (undefined when none, so tasks stay as they were). */
export function chunkOptionsOf(options: RunOptions): ChunkOptions | undefined {
  if (!options.layerStats && !options.gradients) return undefined;
  return { layerStats: options.layerStats === true, gradients: options.gradients === true };
}

export async function* runChunks(
  plan: ChunkPlan,
  spec: RunSpec,
  options: RunOptions = {},
): AsyncGenerator<EnsembleChunk, void, undefined> {
  const { signal, onProgress } = options;
  const extras = chunkOptionsOf(options);
  const total = spec.networks;
  const estimatedMs = (plan.nanosPerNetwork * total) / 1e6;
  if (signal?.aborted) throw abortError();

  // Chunk size: ~TARGET_CHUNK_MS of one core's work unless given.
  const autoChunk = options.chunkNetworks === undefined;
  let chunk =
    options.chunkNetworks ?? Math.round((TARGET_CHUNK_MS * 1e6) / Math.max(plan.nanosPerNetwork, 1));
  chunk = Math.max(1, Math.min(Number.isFinite(chunk) ? Math.floor(chunk) : 1, total));
  const chunks = Math.ceil(total / chunk);

  const { threads, pool } = await poolFor(options.threads, estimatedMs, chunks);
  // Keep every thread busy to the end: at least 4 chunks per thread.
  if (pool && autoChunk) chunk = Math.max(1, Math.min(chunk, Math.ceil(total / (4 * threads))));

  let done = 0;

  if (!pool) {
    // Within a chunk in this thread: progress after each hidden layer (the explicit engine's
    // networks can take seconds each), as networks done plus the share of the current one.
    const layers = spec.model.hiddenWidths.length + 1;
    for (let start = 0; start < total; start += chunk) {
      const count = Math.min(chunk, total - start);
      const base = done;
      const tick =
        onProgress && layers > 1
          ? (slot: number, layer: number) => onProgress(base + slot + layer / layers, total)
          : undefined;
      const r = plan.compute(spec, start, count, tick ? { ...extras, onLayer: tick } : extras);
      if (signal?.aborted) throw abortError();
      done += count;
      onProgress?.(done, total);
      yield label(spec, start, count, r);
      await macrotask();
      if (signal?.aborted) throw abortError();
    }
    return;
  }

  // Parallel: `threads - 1` workers plus this thread (in-order.ts), yielding strictly in order.
  const plain = toPlainSpec(spec);
  const starts: number[] = [];
  for (let s = 0; s < total; s += chunk) starts.push(s);
  const countOf = (i: number): number => Math.min(chunk, total - starts[i]);
  const work = {
    here: (i: number) => plan.compute(spec, starts[i], countOf(i), extras),
    pool: (i: number) => {
      const task = { method: plan.method, spec: plain, start: starts[i], count: countOf(i) };
      return pool.run('chunk', extras ? { ...task, options: extras } : task);
    },
  };
  let head = 0;
  for await (const r of inOrder(starts.length, threads - 1, work, signal)) {
    const count = countOf(head);
    done += count;
    onProgress?.(done, total);
    yield label(spec, starts[head], count, r);
    head++;
    if (signal?.aborted) throw abortError();
  }
}
