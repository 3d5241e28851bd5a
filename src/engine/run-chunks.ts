/**
 * The chunked run loop shared by the CPU engines: splits networks [0, M) into chunks, runs
 * them inline or (in Node, threads > 1) on a pool of worker threads, and yields them in
 * order with progress and cancellation between chunks. Every network depends only on
 * (seed, network index), so chunk size and thread count never change the values.
 *
 * Browser-safe: the Node pool is loaded by a dynamic import that bundlers are told to skip.
 */
import { abortError, type EnsembleChunk, type RunOptions } from './types.ts';
import type { RunSpec } from './spec.ts';
import type { ChunkMethod, ChunkResult } from './chunk-result.ts';
import { toPlainSpec } from './plain-spec.ts';
import type { ChunkTask } from './chunk-compute.ts';

/** Aim for chunks of about this many milliseconds: short enough to cancel promptly. */
export const TARGET_CHUNK_MS = 75;
/**
 * Below this estimated one-thread total, starting worker threads (each loads tsx and the
 * engine, ~0.5-1 s) costs more than it saves; once a pool is warm, two chunks are enough.
 */
const MIN_PARALLEL_MS = 1500;

export interface ChunkPlan {
  method: ChunkMethod;
  compute: (spec: RunSpec, start: number, count: number) => ChunkResult;
  /** Rough cost of one network in nanoseconds (one core), for the default chunk size. */
  nanosPerNetwork: number;
}

/** The pool's interface, as node-pool.ts implements it. */
export interface ChunkPool {
  submit(task: ChunkTask): Promise<ChunkResult>;
}

interface NodePoolModule {
  defaultThreads(): number;
  hasWarmPool(threads: number): boolean;
  sharedPool(threads: number): ChunkPool;
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

/** Yield to the event loop so that an abort from elsewhere can land between chunks. */
function macrotask(): Promise<void> {
  const g = globalThis as { setImmediate?: (f: () => void) => unknown };
  return new Promise((resolve) => (g.setImmediate ? g.setImmediate(resolve) : setTimeout(resolve, 0)));
}

function label(spec: RunSpec, start: number, count: number, r: ChunkResult): EnsembleChunk {
  return { start, count, inputs: spec.model.inputGram.length, outputs: r.outputs, gram: r.gram };
}

export async function* runChunks(
  plan: ChunkPlan,
  spec: RunSpec,
  options: RunOptions = {},
): AsyncGenerator<EnsembleChunk, void, undefined> {
  const { signal, onProgress } = options;
  const total = spec.networks;
  const estimatedMs = (plan.nanosPerNetwork * total) / 1e6;
  if (signal?.aborted) throw abortError();

  // Chunk size: ~TARGET_CHUNK_MS of one core's work unless given.
  const autoChunk = options.chunkNetworks === undefined;
  let chunk = options.chunkNetworks ?? Math.round((TARGET_CHUNK_MS * 1e6) / Math.max(plan.nanosPerNetwork, 1));
  chunk = Math.max(1, Math.min(Number.isFinite(chunk) ? Math.floor(chunk) : 1, total));
  const chunks = Math.ceil(total / chunk);

  // Threads: an explicit `threads` > 1 is honoured whenever there are two chunks or more; by
  // default the pool is used when the run is long enough to repay starting it, or it is warm.
  let threads = 1;
  let pool: ChunkPool | undefined;
  if (isNode && (options.threads ?? 2) > 1 && chunks > 1) {
    const mod = await loadNodePool();
    const wanted = options.threads ?? mod.defaultThreads();
    if (wanted > 1 && (options.threads !== undefined || estimatedMs >= MIN_PARALLEL_MS || mod.hasWarmPool(wanted))) {
      threads = wanted;
      pool = mod.sharedPool(threads);
      // Keep every thread busy to the end: at least 4 chunks per thread.
      if (autoChunk) chunk = Math.max(1, Math.min(chunk, Math.ceil(total / (4 * threads))));
    }
  }

  let done = 0;

  if (!pool) {
    for (let start = 0; start < total; start += chunk) {
      const count = Math.min(chunk, total - start);
      const r = plan.compute(spec, start, count);
      if (signal?.aborted) throw abortError();
      done += count;
      onProgress?.(done, total);
      yield label(spec, start, count, r);
      await macrotask();
      if (signal?.aborted) throw abortError();
    }
    return;
  }

  // Parallel: keep 2 chunks per thread in flight, yield strictly in order.
  const plain = toPlainSpec(spec);
  const inFlight: { start: number; count: number; result: Promise<ChunkResult> }[] = [];
  let next = 0;
  const submit = (): void => {
    const count = Math.min(chunk, total - next);
    const result = pool.submit({ method: plan.method, spec: plain, start: next, count });
    // Results abandoned after a cancel must not surface as unhandled rejections.
    result.catch(() => undefined);
    inFlight.push({ start: next, count, result });
    next += count;
  };
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(abortError());
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => undefined);
  try {
    while (next < total && inFlight.length < 2 * threads) submit();
    while (inFlight.length > 0) {
      if (signal?.aborted) throw abortError();
      const head = inFlight.shift()!;
      const r = await Promise.race([head.result, aborted]);
      if (next < total) submit();
      done += head.count;
      onProgress?.(done, total);
      yield label(spec, head.start, head.count, r);
      if (signal?.aborted) throw abortError();
    }
  } finally {
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}
