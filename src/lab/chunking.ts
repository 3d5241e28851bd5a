/**
 * How many networks a CPU engine runs per chunk: about 80 ms of one core's work by the engine's
 * own cost estimate, so that progress and cancellation stay responsive. Shared by the
 * experiments that stream per-layer statistics. DOM-free.
 */
import { chunkNetworksFor } from '../engine/cost.ts';
import type { RunSpec } from '../engine/spec.ts';
import type { Engine, RunOptions } from '../engine/types.ts';

/**
 * RunOptions.chunkNetworks for `engine` running `spec` with `options`; none on a WebGPU
 * engine, whose pacer sizes chunks from measured submission times.
 */
export function chunkOptions(engine: Engine, spec: RunSpec, options: RunOptions): { chunkNetworks?: number } {
  const chunkNetworks = chunkNetworksFor(engine.estimateCost(spec, options), 80, 2000);
  return chunkNetworks === undefined ? {} : { chunkNetworks };
}

/**
 * The options of a streamed per-layer run, `base` plus the signal, one thread and CPU chunk
 * sizes, and the engine's description of that run (what the page's engine line says).
 */
export function streamOptions(
  engine: Engine,
  spec: RunSpec,
  base: RunOptions,
  signal: AbortSignal | undefined,
): { options: RunOptions; description: string } {
  const options: RunOptions = { ...base, signal, threads: 1, ...chunkOptions(engine, spec, base) };
  return { options, description: engine.describe(spec, options) };
}
