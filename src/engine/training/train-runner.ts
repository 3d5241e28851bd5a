/**
 * The training ensemble on the CPU: networks 0..M-1 of `spec`, on this thread or (in Node,
 * threads > 1) split across the worker pool in chunks (in-order.ts), yielded in order with
 * progress and cancellation between chunks. A network depends on (spec, index) only and runs
 * the same f64 code everywhere, so the thread count never changes a value.
 *
 *   for await (const trace of trainEnsemble(spec, 64, { threads: 4, signal, onProgress })) ...
 */
import { abortError } from '../types.ts';
import { inOrder, macrotask } from '../cpu/in-order.ts';
import { poolFor, TARGET_CHUNK_MS } from '../cpu/run-chunks.ts';
import type { NetworkTrace, TrainSpec } from './cpu-trainer.ts';
import { toPlainTrainSpec, trainNetworks } from './train-task.ts';
import { cpuTrainNanos } from './train-cost.ts';

export interface TrainRunOptions {
  /** Threads, this one included; default every core when the run is long enough to repay starting workers. */
  threads?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** Called once with the threads the run uses. */
  onThreads?: (threads: number) => void;
}

export async function* trainEnsemble(
  spec: TrainSpec,
  networks: number,
  options: TrainRunOptions = {},
): AsyncGenerator<NetworkTrace, void, undefined> {
  const { signal, onProgress } = options;
  if (signal?.aborted) throw abortError();
  const ns = cpuTrainNanos(spec);
  const { threads, pool } = await poolFor(options.threads, (ns * networks) / 1e6, networks);
  options.onThreads?.(threads);
  if (!pool) {
    for (let n = 0; n < networks; n++) {
      const [trace] = trainNetworks(spec, n, 1);
      onProgress?.(n + 1, networks);
      yield trace;
      await macrotask();
      if (signal?.aborted) throw abortError();
    }
    return;
  }
  // Chunks of ~TARGET_CHUNK_MS, at least 4 per thread so every thread is busy to the end.
  const chunk = Math.max(
    1,
    Math.min(Math.round((TARGET_CHUNK_MS * 1e6) / Math.max(ns, 1)), Math.ceil(networks / (4 * threads))),
  );
  const jobs = Math.ceil(networks / chunk);
  const countOf = (i: number) => Math.min(chunk, networks - i * chunk);
  const plain = toPlainTrainSpec(spec);
  const work = {
    here: (i: number) => trainNetworks(spec, i * chunk, countOf(i)),
    pool: (i: number) => pool.run('train', { spec: plain, start: i * chunk, count: countOf(i) }),
  };
  let done = 0;
  for await (const traces of inOrder(jobs, threads - 1, work, signal)) {
    done += traces.length;
    onProgress?.(done, networks);
    yield* traces;
    if (signal?.aborted) throw abortError();
  }
}
