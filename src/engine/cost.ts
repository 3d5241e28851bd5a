/**
 * The one cost model of the CPU engines: what they plan chunks and worker threads with, and
 * what every notice, chunk size and sweep size outside them reads (through
 * Engine.estimateCost, or cpuCost where no engine exists yet, as in a view's main thread).
 * Rough by design: it sizes chunks (which never change values) and says when a run is long.
 *
 * The WebGPU engines estimate in their pacer's units instead ('gpu-units'): work units that
 * the pacer converts to time from measured submissions; no fixed time constant is meaningful
 * across adapters.
 */
import type { RunSpec } from './spec.ts';
import type { CostEstimate, CpuCostEstimate, EngineKind } from './types.ts';
import { shortcutApplies } from './cpu/shortcut-cpu.ts';

/** How a CPU engine computes networks (the chunk computation by name). */
export type CpuMethod = 'exact' | 'shortcut' | 'explicit';

/** The RunOptions flags that change the cost (per-layer statistics rule out the shortcut). */
export interface CostOptions {
  readonly layerStats?: boolean;
  readonly gradients?: boolean;
}

/**
 * What a CPU engine of `kind` computes: the exact engine takes the O(L) shortcut where it is
 * exact (shortcut-cpu.ts), unless it is not allowed to or per-layer statistics are asked for.
 */
export function cpuMethodOf(
  kind: EngineKind,
  spec: RunSpec,
  options: CostOptions = {},
  allowShortcut = true,
): CpuMethod {
  if (kind === 'explicit') return 'explicit';
  return allowShortcut && !options.layerStats && shortcutApplies(spec.model) ? 'shortcut' : 'exact';
}

/** Rough nanoseconds of one network on one CPU core. */
export function cpuNanosPerNetwork(method: CpuMethod, spec: RunSpec, options: CostOptions = {}): number {
  const model = spec.model;
  const depth = model.hiddenWidths.length + 1;
  const k = model.inputGram.length;
  if (method === 'shortcut') return 400 * depth;
  if (method === 'exact') {
    const units = model.hiddenWidths.reduce((a, b) => a + b, 0);
    // About 30 ns per unit and input (a normal and a nonlinearity), plus the k x k work.
    return units * k * (30 + 2 * k) + depth * 200;
  }
  const sizes = [k, ...model.hiddenWidths, 1];
  let macs = 0;
  for (let l = 1; l < sizes.length; l++) macs += sizes[l - 1] * sizes[l];
  // About 12 ns per weight (one normal) plus 1.5 ns per multiply-add and input; the backward
  // pass regenerates every weight once more.
  const passes = options.gradients ? 2 : 1;
  return passes * macs * (12 + 1.5 * k);
}

/** The CPU estimate of a whole run. */
export function cpuCost(method: CpuMethod, spec: RunSpec, options: CostOptions = {}): CpuCostEstimate {
  const nanosPerNetwork = cpuNanosPerNetwork(method, spec, options);
  return { unit: 'cpu-ns', nanosPerNetwork, seconds: (nanosPerNetwork * spec.networks) / 1e9 };
}

/**
 * Networks per chunk for about `ms` of one core's work, between 1 and `max`; undefined for a
 * non-CPU estimate (a WebGPU engine's pacer sizes its chunks from measured submissions).
 */
export function chunkNetworksFor(cost: CostEstimate, ms: number, max = Infinity): number | undefined {
  if (cost.unit !== 'cpu-ns') return undefined;
  const fit = Math.floor((ms * 1e6) / Math.max(cost.nanosPerNetwork, 1));
  return Math.max(1, Math.min(max, fit));
}
