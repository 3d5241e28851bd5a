/**
 * The streaming loop of the experiments that summarize per-layer statistics: an engine's
 * chunks go into a LayerStatsCollector, with a snapshot for the page at most every few
 * milliseconds. DOM-free: runs in a compute worker and in Node tests.
 *
 *   const engine = await engines('exact');
 *   await streamRun(engine, spec, options, stats, () => post(snapshot()), signal, 100);
 */
import { abortError, type Engine, type EngineKind, type RunOptions } from '../engine/types.ts';
import type { RunSpec } from '../engine/spec.ts';
import type { LayerStatsCollector } from '../engine/summary/layer-stats.ts';

/** Where a model gets its engines: the worker's (CPU or WebGPU), or createEngine in tests. */
export type EngineSource = (kind: EngineKind) => Engine | Promise<Engine>;

/**
 * An experiment's run: `state`'s ensembles from `engines`, `onSnapshot` after chunks (at most
 * every `snapshotMs`, always for the first and the last), the last snapshot as its result.
 * Rejects with an AbortError when `signal` aborts.
 */
export type StreamedRun<S, Snap> = (
  state: S,
  engines: EngineSource,
  onSnapshot: (s: Snap) => void,
  signal?: AbortSignal,
  snapshotMs?: number,
) => Promise<Snap>;

/**
 * Feed `engine.run(spec, options)` into `stats`, calling `snapshot` after chunks (at most every
 * `snapshotMs`, never for the last one). Rejects with an AbortError when `signal` aborts.
 */
export async function streamRun(
  engine: Engine,
  spec: RunSpec,
  options: RunOptions,
  stats: LayerStatsCollector,
  snapshot: () => void,
  signal: AbortSignal | undefined,
  snapshotMs: number,
): Promise<void> {
  let last = -Infinity;
  for await (const chunk of engine.run(spec, options)) {
    if (signal?.aborted) throw abortError();
    stats.add(chunk);
    const t = performance.now();
    if (t - last >= snapshotMs && stats.count < spec.networks) {
      last = t;
      snapshot();
    }
  }
}
