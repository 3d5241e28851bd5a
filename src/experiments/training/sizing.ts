/**
 * The Training view's default ensemble, chosen by the estimated cost on this machine (DOM-free):
 * the largest (width, networks) on a ladder whose first run the trainers' cost model
 * (engine/training/train-cost.ts) puts within FIRST_RUN_SECONDS. On a laptop GPU that is
 * hundreds of networks of width 256 or more, on the CPU fallback a few dozen narrow ones. The
 * rates are measured figures (the CPU trainer, SwiftShader) or, for a hardware GPU, a laptop's
 * (an integrated GPU's memory bandwidth bounds a step); `calibration` scales them by what this
 * machine's runs measured against their estimates.
 *
 *   const { width, networks, seconds } = defaultSize(COMMON_STATE, { backend: 'webgpu' });
 */
import {
  CPU_RATES,
  GPU_SOFTWARE_RATES,
  trainWork,
  trainSeconds,
  type TrainRates,
} from '../../engine/training/train-cost.ts';
import type { Backend } from '../../engine/types.ts';
import { SWEEP_NETWORKS, sweepShape, sweepWidths, viewShape, type RunSize } from './run-shape.ts';

/** What the page knows of its machine. */
export interface TrainingMachine {
  backend: Backend;
  /** The WebGPU adapter is the browser's software one (SwiftShader). */
  software?: boolean;
  /** Measured seconds over estimated seconds of this machine's past runs (1: the rates as they are). */
  calibration?: number;
}

/**
 * A laptop's integrated GPU: the weight traffic at ~50 GB/s (an Intel Iris Xe or an Apple M1
 * has 68 GB/s of shared memory, an AMD 680M or an Apple M2 100 GB/s; about three quarters of it
 * is reached by a streaming kernel), the tiled matmuls at ~150 GFLOP/s, ~0.2 ms to encode and
 * submit a step, the NTK's Gram sums combined on the worker's thread. A faster GPU is found by the calibration.
 */
export const GPU_LAPTOP_RATES: TrainRates = {
  flopsPerSecond: 150e9,
  bytesPerSecond: 50e9,
  secondsPerPass: 2e-4,
  secondsPerNetworkPass: 0,
  hostFlopsPerSecond: 2.5e9,
  readbackBytesPerSecond: 2e9,
};

export function ratesFor(m: TrainingMachine): TrainRates {
  const base = m.backend === 'cpu' ? CPU_RATES : m.software ? GPU_SOFTWARE_RATES : GPU_LAPTOP_RATES;
  const c =
    m.calibration !== undefined && Number.isFinite(m.calibration) && m.calibration > 0 ? m.calibration : 1;
  if (c === 1) return base;
  return {
    flopsPerSecond: base.flopsPerSecond / c,
    bytesPerSecond: base.bytesPerSecond / c,
    secondsPerPass: base.secondsPerPass * c,
    secondsPerNetworkPass: base.secondsPerNetworkPass * c,
    hostFlopsPerSecond: base.hostFlopsPerSecond / c,
    readbackBytesPerSecond: base.readbackBytesPerSecond / c,
  };
}

/** The defaults' first run takes about this long at most. */
export const FIRST_RUN_SECONDS = 5;

/** Candidate (width, networks), in increasing cost. */
export const SIZE_LADDER: readonly { width: number; networks: number }[] = [
  { width: 32, networks: 16 },
  { width: 32, networks: 32 },
  { width: 64, networks: 32 },
  { width: 64, networks: 48 },
  { width: 64, networks: 64 },
  { width: 128, networks: 64 },
  { width: 128, networks: 128 },
  { width: 256, networks: 128 },
  { width: 256, networks: 256 },
  { width: 512, networks: 256 },
  { width: 512, networks: 512 },
];

/** Estimated seconds of the view's run on `machine`. */
export function estimateRunSeconds(
  run: RunSize,
  width: number,
  networks: number,
  machine: TrainingMachine,
): number {
  return trainSeconds(trainWork(viewShape(run, width)), networks, ratesFor(machine));
}

/**
 * Estimated seconds of the width sweep after the run (sweep.ts): SWEEP_NETWORKS networks at each
 * swept width, at most 100 steps, one test input beside the training inputs, the NTK over all of
 * them for the linearization. It trains on the CPU whatever the backend, so a GPU machine's
 * calibration does not apply.
 */
export function estimateSweepSeconds(run: RunSize & { width: number }, machine: TrainingMachine): number {
  const rates = ratesFor(machine.backend === 'cpu' ? machine : { backend: 'cpu' });
  return sweepWidths(run).reduce(
    (total, width) => total + trainSeconds(trainWork(sweepShape(run, width)), SWEEP_NETWORKS, rates),
    0,
  );
}

/** Estimated seconds of what a state runs on `machine`: the training, then the width sweep if it asks for one. */
export function estimateStateSeconds(
  state: RunSize & { width: number; networks: number; sweep: boolean },
  machine: TrainingMachine,
): number {
  const run = estimateRunSeconds(state, state.width, state.networks, machine);
  return state.sweep ? run + estimateSweepSeconds(state, machine) : run;
}

/** The largest ladder entry estimated within `budget` seconds (the smallest when none is). */
export function defaultSize(
  run: RunSize,
  machine: TrainingMachine,
  budget = FIRST_RUN_SECONDS,
): { width: number; networks: number; seconds: number } {
  let best = {
    ...SIZE_LADDER[0],
    seconds: estimateRunSeconds(run, SIZE_LADDER[0].width, SIZE_LADDER[0].networks, machine),
  };
  for (const c of SIZE_LADDER.slice(1)) {
    const seconds = estimateRunSeconds(run, c.width, c.networks, machine);
    if (seconds > budget) break;
    best = { ...c, seconds };
  }
  return best;
}

/** The calibration's bounds: no run measures a machine as 30 times off the rates. */
const CALIBRATION_RANGE = 30;

/**
 * The calibration after a run measured at `measured` seconds against `estimated` (estimated with
 * `previous`): halfway, in logarithm, to what the run says, so that one noisy run moves it
 * only partly. Runs estimated under half a second say little (fixed costs) and leave it.
 */
export function nextCalibration(previous: number, measured: number, estimated: number): number {
  if (!(measured > 0 && estimated >= 0.5 && Number.isFinite(measured) && Number.isFinite(estimated)))
    return previous;
  const c = previous * Math.sqrt(measured / estimated);
  return Math.min(CALIBRATION_RANGE, Math.max(1 / CALIBRATION_RANGE, c));
}
