/**
 * How many networks a CPU engine runs per chunk: about 80 ms of one core's work, so that
 * progress and cancellation stay responsive. Shared by the experiments that stream per-layer
 * statistics (depth-criticality, two-inputs). DOM-free.
 */
import type { Engine, EngineKind } from '../engine/types.ts';
import type { RunSpec } from '../engine/spec.ts';

/** Rough one-core cost of one network in ns (explicit: weights drawn forward and again in backprop). */
export function networkCostNanos(spec: RunSpec, kind: EngineKind): number {
  const n = spec.model.hiddenWidths;
  const units = n.reduce((a, b) => a + b, 0);
  if (kind === 'exact') return 60 * units + 300 * (n.length + 1);
  let weights = 0;
  for (let l = 1; l < n.length; l++) weights += n[l - 1] * n[l];
  return 30 * (weights + units) + 300 * (n.length + 1);
}

/** Networks per chunk: about `ms` of work, so progress and cancellation stay responsive. */
export function chunkFor(spec: RunSpec, kind: EngineKind, ms = 80): number {
  return Math.max(1, Math.min(2000, Math.floor((ms * 1e6) / networkCostNanos(spec, kind))));
}

/**
 * RunOptions.chunkNetworks for `engine`: the CPU cost estimate (`divisor`: how many times one
 * input's cost a network takes) on a CPU engine; none on a WebGPU engine, whose pacer sizes
 * chunks from measured submission times (the CPU estimate says nothing about a GPU).
 */
export function chunkOptions(engine: Engine, spec: RunSpec, divisor = 1): { chunkNetworks?: number } {
  if (engine.backend !== 'cpu') return {};
  return { chunkNetworks: Math.max(1, Math.floor(chunkFor(spec, engine.kind) / divisor)) };
}
