/**
 * The trainers' cost model (DOM-free): the work one network's training run does, counted the
 * way the trainers do it (cpu-trainer.ts, webgpu/gpu-trainer.ts), and the seconds it takes at
 * a machine's rates. What sizes the Training view's defaults to the machine, asks before a long
 * run, and plans the CPU pool's chunks. Rough by design (it never changes a value): the
 * multiply-adds are exact, the rates are measured figures (bench/train-bench.ts).
 *
 *   const work = trainWork(trainShapeOf(spec));
 *   const seconds = trainSeconds(work, 256, GPU_LAPTOP_RATES);
 */
import { loggedSteps, type TrainSpec } from './cpu-trainer.ts';

/** What the cost depends on. */
export interface TrainShape {
  /** Components of an input (n0). */
  inputDim: number;
  width: number;
  depth: number;
  /** Training inputs N. */
  train: number;
  /** Test inputs T (forward only, at logged steps). */
  tests: number;
  steps: number;
  logEvery: number;
  /** Inputs the empirical NTK is computed over at the start and the end (the trainers: N + T). */
  ntkInputs: number;
}

/** One network's run. */
export interface TrainWork {
  /** Floating-point operations of gradient descent (2 per multiply-add): the trainer's own work. */
  trainerFlops: number;
  /** Floating-point operations of the empirical NTK at the start and the end and of the weight change, on the trainer's backend. */
  ntkFlops: number;
  /** Bytes of weights the GPU trainer reads and writes over the run (memory traffic, not storage). */
  weightBytes: number;
  /** Floating-point operations done on the host in f64 whatever the backend: the NTK's Gram sums combined. */
  hostFlops: number;
  /** Bytes read back from the GPU (the Gram sums and the weight change's, f32), beside the logged outputs. */
  readbackBytes: number;
  /** Ensemble passes: steps + 1 (the last one only records), and the NTK's two. */
  passes: number;
}

/**
 * Passes over every weight in one GPU step: the forward pass reads W, the backward pass reads W
 * (W^T dZ), the step (fused with its gradient dZ A^T) reads and writes W. L2 towards the initial
 * weights reads W_0 too, a fifth pass the model leaves out.
 */
export const GPU_WEIGHT_PASSES = 4;
/** Passes over every weight of the two NTKs (each reads W forward and backward) and the weight change (W and W_0). */
const NTK_WEIGHT_PASSES = 6;

export function trainShapeOf(spec: TrainSpec): TrainShape {
  const N = spec.inputs.length;
  const T = spec.tests.length;
  return {
    inputDim: spec.inputs[0]?.length ?? 1,
    width: spec.width,
    depth: spec.depth,
    train: N,
    tests: T,
    steps: spec.steps,
    logEvery: spec.logEvery,
    ntkInputs: N + T,
  };
}

/** Weights of one network: n0 n + (L - 2) n^2 + n (n0 for a single layer). */
export function weightCount(s: Pick<TrainShape, 'inputDim' | 'width' | 'depth'>): number {
  const { inputDim: n0, width: n, depth: L } = s;
  return L === 1 ? n0 : n0 * n + (L - 2) * n * n + n;
}

/** Units of one network summed over layers, inputs included (what a Gram sum of the NTK runs over). */
function unitCount(s: Pick<TrainShape, 'inputDim' | 'width' | 'depth'>): number {
  // Layer l's Gram sum runs over its n_in inputs and its n_out outputs.
  let units = 0;
  for (let l = 0; l < s.depth; l++) {
    const nIn = l === 0 ? s.inputDim : s.width;
    const nOut = l === s.depth - 1 ? 1 : s.width;
    units += nIn + nOut;
  }
  return units;
}

/**
 * One network's run, counted as both trainers run it: a step t < T_steps runs its columns (the
 * N training inputs, and at a logged step the T test inputs too, with zero adjoints) forward
 * (W A), backward (W^T dZ, for every layer but the first) and into the weight gradient (dZ A^T):
 * 3w - w_1 multiply-adds per column; the last step only runs forward, over N + T columns. The
 * NTK (at the start and the end, by the trainer itself): a forward and a backward pass over its
 * P inputs, then P(P+1)/2 Gram sums over every layer's units, combined on the host; the weight
 * change: one pass over W and W_0.
 */
export function trainWork(s: TrainShape): TrainWork {
  const w = weightCount(s);
  const w1 = s.depth === 1 ? s.inputDim : s.inputDim * s.width;
  const logged = loggedSteps(s.steps, s.logEvery).length;
  const columns = s.steps * s.train + (logged - 1) * s.tests;
  const trainerMacs = (3 * w - w1) * columns + w * (s.train + s.tests);
  const P = s.ntkInputs;
  const ntk = 2 * (2 * w - w1) * P + P * (P + 1) * unitCount(s);
  return {
    trainerFlops: 2 * trainerMacs,
    ntkFlops: 2 * ntk + 3 * w,
    weightBytes: 4 * w * (GPU_WEIGHT_PASSES * s.steps + NTK_WEIGHT_PASSES),
    hostFlops: 6 * s.depth * P * P,
    readbackBytes: 16 * s.depth * P * P + 8 * s.depth,
    passes: s.steps + 3,
  };
}

/** A machine's rates for the cost model. */
export interface TrainRates {
  /** The trainer's floating-point operations per second (the whole ensemble, all threads it uses). */
  flopsPerSecond: number;
  /** The GPU's memory bandwidth for the weight traffic (Infinity on the CPU, which the flops bound already). */
  bytesPerSecond: number;
  /** Seconds of fixed cost per ensemble pass of a chunk (encoding and submitting a GPU step; 0 on the CPU). */
  secondsPerPass: number;
  /** Seconds of fixed cost per network and pass (the CPU trainer's calls and elementwise loops; 0 on a GPU). */
  secondsPerNetworkPass: number;
  /** The host's f64 rate for combining the NTK's sums (the CPU trainer's own rate on the CPU). */
  hostFlopsPerSecond: number;
  /** GPU-to-host bytes per second (Infinity on the CPU). */
  readbackBytesPerSecond: number;
}

/**
 * Seconds for `networks` networks of `work` at `rates`: the slower of the flops and the
 * bandwidth bound for the trainer and its NTK (a GPU step is memory-bound at small batches), plus the pass
 * overheads of each chunk of `chunkNetworks`, the host's f64 work and the readback.
 */
export function trainSeconds(
  work: TrainWork,
  networks: number,
  rates: TrainRates,
  chunkNetworks = networks,
): number {
  const trainer = Math.max(
    (networks * (work.trainerFlops + work.ntkFlops)) / rates.flopsPerSecond,
    (networks * work.weightBytes) / rates.bytesPerSecond,
  );
  const chunks = Math.ceil(networks / Math.max(1, chunkNetworks));
  const overhead = work.passes * (chunks * rates.secondsPerPass + networks * rates.secondsPerNetworkPass);
  const host = (networks * work.hostFlops) / rates.hostFlopsPerSecond;
  const readback = (networks * work.readbackBytes) / rates.readbackBytesPerSecond;
  return trainer + overhead + host + readback;
}

/**
 * The CPU trainer on one thread (the Training view's worker; one of the command line's pool):
 * WebAssembly f64 kernels. First measured on a 2-core Xeon with the view's runs (sine6, 400
 * steps): 3.4 GFLOP/s at width 256, and about 80 us per network and step of calls and
 * elementwise loops, which dominate at width 32. The kernels have since got faster (a 2-core AMD
 * EPYC, 2026-12-04: 11.5 GFLOP/s at width 256, about 25 us per network and step at width 32);
 * the rates stay a slow laptop's, so that a classroom machine's first run does not overshoot
 * its budget, and a run's calibration (sizing.ts) moves them to what this machine measures.
 */
export const CPU_RATES: TrainRates = {
  flopsPerSecond: 2.5e9,
  bytesPerSecond: Infinity,
  secondsPerPass: 0,
  secondsPerNetworkPass: 80e-6,
  hostFlopsPerSecond: 2.5e9,
  readbackBytesPerSecond: Infinity,
};

/**
 * SwiftShader on two cores with the untiled kernels: 1.0 s per step of 16 networks of width 512
 * on circle6 (0.15 GFLOP/s), slower than the CPU trainer.
 */
export const GPU_SOFTWARE_RATES: TrainRates = {
  flopsPerSecond: 0.15e9,
  bytesPerSecond: Infinity,
  secondsPerPass: 2e-3,
  secondsPerNetworkPass: 0,
  hostFlopsPerSecond: 2.5e9,
  readbackBytesPerSecond: 1e9,
};

/** Rough nanoseconds of one network's training on one CPU thread (the pool's chunk planning). */
export function cpuTrainNanos(spec: TrainSpec): number {
  return 1e9 * trainSeconds(trainWork(trainShapeOf(spec)), 1, CPU_RATES);
}
