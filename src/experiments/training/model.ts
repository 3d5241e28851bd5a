/**
 * The "Training" view's model (DOM-free; runs in the view's worker and in unit tests): an
 * ensemble of networks trained by full-batch gradient descent (engine/training) on a 1-D or
 * circle data set, beside the infinite-width prediction (theory/training.ts, THEORY.md 6a) at
 * every logged step, on a grid of test inputs the functions are drawn over.
 *
 * The test inputs are the grid followed by the training inputs: the grid draws the functions
 * and their band, the training inputs give each network's residual, whose projections on the
 * eigenvectors of Theta_XX decay each at its own rate (spectral bias).
 *
 *   const setup = trainingSetup(state);
 *   await runTraining(state, cpuTrainer(), (snapshot) => post(snapshot), signal);
 */
import { dataset, type Dataset } from '../../engine/training/datasets.ts';
import { loggedSteps, type NetworkTrace, type TrainSpec } from '../../engine/training/cpu-trainer.ts';
import { makeActivation } from '../../theory/activations.ts';
import {
  INTERACTIVE_KERNEL_BUDGET,
  costInWords,
  kernelRecursionCost,
  type KernelCost,
} from '../../theory/kernel-cost.ts';
import {
  SingularKernelError,
  inputGram,
  learningRateMax,
  trainedEnsemble,
  trainingKernels,
  trainingSpectrum,
  type TrainingKernels,
} from '../../theory/training.ts';
import type { TrainingState } from './state.ts';
import { GRID_POINTS, logEveryFor } from './run-shape.ts';
import type { TrainerSource } from '../../engine/training/trainer-source.ts';
import { moments } from '../../engine/training/ensemble-summary.ts';

/** The functions drawn thin (the rest still count in the statistics). */
export const DRAWN_FUNCTIONS = 64;

/** The grid the functions are drawn over: x on the line for sine6, the angle for circle data sets. */
export interface TrainingAxis {
  /** The plotted coordinate of each grid point (x, or the angle phi in radians). */
  coordinate: number[];
  /** The network input at each grid point. */
  inputs: number[][];
  /** The target function on the grid (sin pi x, cos 2 phi), for the test loss. */
  target: number[];
  /** The plotted coordinate of each training point. */
  dataCoordinate: number[];
  /** 'x' or 'angle'. */
  kind: 'x' | 'angle';
}

export function trainingAxis(d: Dataset): TrainingAxis {
  const G = GRID_POINTS;
  if (d.circle) {
    const phi = Array.from({ length: G }, (_, g) => (2 * Math.PI * g) / (G - 1));
    return {
      kind: 'angle',
      coordinate: phi,
      inputs: phi.map((p) => [Math.cos(p), Math.sin(p)]),
      target: phi.map((p) => Math.cos(2 * p)),
      dataCoordinate: d.x.map(([a, b]) => {
        const p = Math.atan2(b, a);
        return p < 0 ? p + 2 * Math.PI : p;
      }),
    };
  }
  const xs = Array.from({ length: G }, (_, g) => -1.25 + (2.5 * g) / (G - 1));
  return {
    kind: 'x',
    coordinate: xs,
    inputs: xs.map((x) => [x]),
    target: xs.map((x) => Math.sin(Math.PI * x)),
    dataCoordinate: d.x.map((v) => v[0]),
  };
}

export interface TrainingSetup {
  data: Dataset;
  axis: TrainingAxis;
  /** Over the training inputs, then the grid and the training inputs again; null where too costly to compute here. */
  kernels: TrainingKernels | null;
  /** Over the training inputs only (eta_max, the eigenmodes); null where even these are too costly. */
  trainKernels: TrainingKernels | null;
  /** Why `kernels` is null: how far the kernel saturates and what it would cost here. */
  withheld: string;
  /** The largest stable rate at infinite width for the trained variant, and the rate used. */
  etaMax: number;
  eta: number;
  spec: TrainSpec;
  steps: number[];
  warnings: string[];
}

/** What a state trains: the data, the grid, the kernels, the learning rate, and the engine's spec. */
export function trainingSetup(s: TrainingState): TrainingSetup {
  const data = dataset(s.dataset);
  const axis = trainingAxis(data);
  const act = makeActivation(s.activation);
  const tests = [...axis.inputs, ...data.x];
  // LayerNorm's infinite-width kernels are the normalized recursion's (tested against its ensembles).
  const normalization = s.layerNorm ? ('layer' as const) : ('none' as const);
  const o = { cw: s.cw, cb: s.cb, normalization };
  // Smooth activations at a large C_W saturate (K in the tens): their kernels then take seconds
  // to minutes here, and the view trains without drawing the prediction rather than wait.
  const cost = kernelRecursionCost(act, inputGram([...data.x, ...tests]), s.depth, o);
  const affordable = (c: KernelCost) => c.multiplyAdds <= INTERACTIVE_KERNEL_BUDGET;
  const kernels = affordable(cost) ? trainingKernels(act, data.x, tests, s.depth, o) : null;
  const trainCost = () => kernelRecursionCost(act, inputGram(data.x), s.depth, o);
  const trainKernels =
    kernels ?? (affordable(trainCost()) ? trainingKernels(act, data.x, [], s.depth, o) : null);
  const readoutOnly = s.trained === 'readout';
  const etaMax = trainKernels ? learningRateMax(trainKernels, { readoutOnly, l2: s.l2 }) : NaN;
  const eta = s.lr > 0 ? s.lr : s.lrFraction * etaMax;
  const logEvery = logEveryFor(s.steps);
  const spec: TrainSpec = {
    activation: act,
    inputs: data.x,
    targets: data.y,
    tests,
    width: s.width,
    depth: s.depth,
    cw: s.cw,
    cb: s.cb,
    eta,
    steps: s.steps,
    logEvery,
    l2: s.l2,
    l2Target: 'init',
    readoutOnly,
    layerNorm: s.layerNorm,
    dropout: 0,
    seed: s.seed,
    // The view reads the NTK's change on the training inputs only.
    ntkInputs: 'train',
  };
  const warnings: string[] = [];
  if (!trainKernels && s.lr > 0) {
    // Trains at the given rate; there is no eta_max to compare it with.
  } else if (!trainKernels)
    warnings.push('Give an absolute learning rate η to train here without the kernel’s η_max.');
  else if (!Number.isFinite(etaMax) || !Number.isFinite(eta))
    warnings.push(
      'The kernel overflows at this C_W and depth: there is no finite learning rate to train with.',
    );
  else if (eta >= etaMax)
    warnings.push(
      `The learning rate η = ${eta.toPrecision(3)} is at or above η_max = ${etaMax.toPrecision(3)}: at infinite width gradient descent diverges.`,
    );
  return {
    data,
    axis,
    kernels,
    trainKernels,
    withheld: kernels ? '' : unaffordableKernels(act.label, cost),
    etaMax,
    eta,
    spec,
    steps: loggedSteps(s.steps, logEvery),
    warnings,
  };
}

/** Why the prediction is not drawn: how far the kernel saturates, and what it would cost here. */
function unaffordableKernels(label: string, cost: KernelCost): string {
  return (
    `at this C_W and depth the ${label} kernel reaches K = ${cost.maxK.toPrecision(3)}, which would take ` +
    `${costInWords(cost)} to compute here (\`npx widelab train\` computes it)`
  );
}

/** The infinite-width law on the grid at each logged step (mean and sd), its losses, or why there is none. */
export interface TheoryBand {
  mean: number[][];
  sd: number[][];
  trainLoss: number[];
  /** (1/2G) sum_g E (f(x_g) - y(x_g))^2 over the grid. */
  testLoss: number[];
  /** E f(X) - y at the training inputs per logged step, and the covariance of f(X), for the eigenmodes. */
  residual: number[][];
  residualCov: number[][][];
}

export type TheoryResult = { band: TheoryBand } | { none: string };

/** The infinite-width trained ensemble of `setup` at its logged steps, trained all or readout-only. */
export function theoryBand(setup: TrainingSetup, readoutOnly: boolean, l2: number): TheoryResult {
  const { kernels, axis, data, eta } = setup;
  const G = axis.coordinate.length;
  if (!kernels) return { none: setup.withheld };
  if (!Number.isFinite(eta) || eta <= 0) return { none: 'no finite learning rate' };
  const band: TheoryBand = { mean: [], sd: [], trainLoss: [], testLoss: [], residual: [], residualCov: [] };
  try {
    for (const k of setup.steps) {
      const p = trainedEnsemble(kernels, data.y, { eta, steps: k, readoutOnly, l2 });
      const mean = p.mean.slice(0, G);
      const sd = mean.map((_, g) => Math.sqrt(p.cov[g][g]));
      if (![...mean, ...sd, p.trainLoss].every(Number.isFinite))
        return { none: 'the infinite-width prediction overflows (the learning rate is above η_max)' };
      band.mean.push(mean);
      band.sd.push(sd);
      band.trainLoss.push(p.trainLoss);
      band.testLoss.push(mean.reduce((s, m, g) => s + (m - axis.target[g]) ** 2 + sd[g] ** 2, 0) / (2 * G));
      band.residual.push(p.trainMean.map((m, i) => m - data.y[i]));
      band.residualCov.push(p.trainCov);
    }
  } catch (e) {
    if (e instanceof SingularKernelError) return { none: e.message };
    throw e;
  }
  return { band };
}

/** One eigenmode of the trained kernel on the training inputs: its eigenvalue, rate and the data's weight in it. */
export interface Eigenmode {
  lambda: number;
  /** eta lambda / N: the residual in this mode shrinks by (1 - rate) per step at infinite width. */
  rate: number;
  /** v . y: how much of the targets lies in this mode. */
  overlap: number;
  vector: number[];
}

/** The modes of Theta_XX (or K_XX readout-only), largest first, leaving out those the targets do not touch. */
export function eigenmodes(setup: TrainingSetup, readoutOnly: boolean): Eigenmode[] {
  if (!setup.trainKernels) return [];
  const { values, vectors } = trainingSpectrum(setup.trainKernels, { readoutOnly });
  const N = setup.data.x.length;
  const y = setup.data.y;
  const norm = Math.hypot(...y);
  const modes: Eigenmode[] = [];
  for (let m = values.length - 1; m >= 0; m--) {
    const vector = vectors.map((row) => row[m]);
    const overlap = vector.reduce((s, v, i) => s + v * y[i], 0);
    if (Math.abs(overlap) <= 1e-9 * norm) continue;
    modes.push({ lambda: values[m], rate: (setup.eta * values[m]) / N, overlap, vector });
  }
  return modes;
}

/** Moments of the finite values of xs (the diverged networks' NaN left out): n, mean, variance and their SEs. */
export function sampleMoments(xs: readonly number[]): ReturnType<typeof moments> & { n: number } {
  const v = xs.filter(Number.isFinite);
  return { n: v.length, ...moments(v) };
}

/** Everything the view draws of a run so far (structured-clone friendly). */
export interface TrainingSnapshot {
  /** What trains the networks: the f64 CPU trainer or the f32 WebGPU one. */
  backend: 'cpu' | 'webgpu';
  networks: number;
  totalNetworks: number;
  progress: number;
  steps: number[];
  /** tau = eta k at each logged step. */
  tau: number[];
  eta: number;
  etaMax: number;
  axis: TrainingAxis;
  data: { y: number[] };
  theory: TheoryResult;
  /** The other variant (readout-only if all layers train, and vice versa), for the comparison. */
  other: TheoryResult;
  /** Grid points G and test inputs T = G + N per network and logged step. */
  grid: number;
  tests: number;
  /** Every network's outputs at the test inputs: outputs[(m * logs + s) * T + t] (NaN once diverged). */
  outputs: Float32Array;
  /** Every network's training loss per logged step: loss[m * logs + s]. */
  loss: Float32Array;
  /** Per network, the step its loss overflowed, or -1. */
  divergedAt: Int32Array;
  /** Per layer, |W_T - W_0|_F / |W_0|_F over the networks that did not diverge (mean, SE). */
  weightChange: { mean: number; se: number }[];
  /** |Theta_T - Theta_0|_F / |Theta_0|_F on the training inputs (mean, SE). */
  ntkChange: { mean: number; se: number };
  modes: Eigenmode[];
  warnings: string[];
}

/** Collects traces as they come and makes snapshots of the run so far. */
export class TrainingRecorder {
  private readonly logs: number;
  private readonly T: number;
  private readonly outputs: Float32Array;
  private readonly loss: Float32Array;
  private readonly divergedAt: Int32Array;
  private readonly changes: number[][] = [];
  private readonly ntk: number[] = [];
  private count = 0;
  private readonly theory: TheoryResult;
  private readonly other: TheoryResult;
  private readonly modes: Eigenmode[];

  constructor(
    readonly setup: TrainingSetup,
    private readonly state: TrainingState,
    private readonly backend: 'cpu' | 'webgpu' = 'cpu',
  ) {
    this.logs = setup.steps.length;
    this.T = setup.spec.tests.length;
    const M = state.networks;
    this.outputs = new Float32Array(M * this.logs * this.T).fill(NaN);
    this.loss = new Float32Array(M * this.logs).fill(NaN);
    this.divergedAt = new Int32Array(M).fill(-1);
    const readout = state.trained === 'readout';
    this.theory = theoryBand(setup, readout, state.l2);
    this.other = theoryBand(setup, !readout, state.l2);
    this.modes = eigenmodes(setup, readout);
  }

  get networks(): number {
    return this.count;
  }

  add(trace: NetworkTrace): void {
    const m = this.count++;
    const { logs, T } = this;
    this.outputs.set(trace.test.subarray(0, logs * T), m * logs * T);
    this.loss.set(trace.loss.subarray(0, logs), m * logs);
    this.divergedAt[m] = trace.divergedAt;
    if (trace.divergedAt >= 0) return;
    this.changes.push(Array.from(trace.weightChange));
    const N = this.setup.data.x.length;
    const P = Math.round(Math.sqrt(trace.ntkStart.length));
    let d = 0;
    let s = 0;
    for (let p = 0; p < N; p++)
      for (let q = 0; q < N; q++) {
        d += (trace.ntkEnd[p * P + q] - trace.ntkStart[p * P + q]) ** 2;
        s += trace.ntkStart[p * P + q] ** 2;
      }
    this.ntk.push(Math.sqrt(d / s));
  }

  snapshot(): TrainingSnapshot {
    const M = this.count;
    const { logs, T, setup } = this;
    const meanSE = (xs: number[]) => {
      const m = sampleMoments(xs);
      return { mean: m.mean, se: m.meanSE };
    };
    return {
      backend: this.backend,
      networks: M,
      totalNetworks: this.state.networks,
      progress: M / this.state.networks,
      steps: setup.steps,
      tau: setup.steps.map((k) => k * setup.eta),
      eta: setup.eta,
      etaMax: setup.etaMax,
      axis: setup.axis,
      data: { y: setup.data.y },
      theory: this.theory,
      other: this.other,
      grid: setup.axis.coordinate.length,
      tests: T,
      outputs: this.outputs.slice(0, M * logs * T),
      loss: this.loss.slice(0, M * logs),
      divergedAt: this.divergedAt.slice(0, M),
      weightChange: Array.from({ length: this.state.depth }, (_, l) => meanSE(this.changes.map((c) => c[l]))),
      ntkChange: meanSE(this.ntk),
      modes: this.modes,
      warnings: setup.warnings,
    };
  }
}

/** Streams the run of `state`: a snapshot after each batch of networks the trainer hands back. */
export async function runTraining(
  state: TrainingState,
  source: TrainerSource,
  onSnapshot: (s: TrainingSnapshot) => void,
  signal?: AbortSignal,
  checkpoint: () => Promise<void> = () => Promise.resolve(),
): Promise<TrainingSnapshot> {
  const setup = trainingSetup(state);
  const recorder = new TrainingRecorder(setup, state, source.backend);
  onSnapshot(recorder.snapshot());
  for await (const batch of source.train(setup.spec, state.networks, signal)) {
    for (const trace of batch) recorder.add(trace);
    onSnapshot(recorder.snapshot());
    await checkpoint();
  }
  return recorder.snapshot();
}

/**
 * The lecture's presets (initialization vs optimization): ReLU at depth 20, C_W = c, C_b = 0, all
 * at one absolute learning rate, 0.3 eta_max at the critical C_W = 2 (below the LayerNorm
 * network's own eta_max, whose kernel is C_W/2 per layer whatever the input's scale: on sine6
 * that is 0.43 of the critical one's). With c = 1 the signal
 * and its gradient shrink by 2^-L: the networks barely move (frozen); c = 2 trains; with c = 3
 * the kernel grows as 1.5^L and the same rate is far above its eta_max: the networks diverge.
 * With `layerNorm` the same c trains at the same rate: normalization resets every layer's scale
 * (the rescue), and the prediction is the normalized kernels'.
 */
export function lecturePreset(c: 1 | 2 | 3, s: TrainingState, layerNorm = false): Partial<TrainingState> {
  const preset = { activation: 'relu', depth: 20, cb: 0, trained: 'all', l2: 0 } as const;
  const lr = 0.3 * trainingSetup({ ...s, ...preset, cw: 2, lr: 0, layerNorm: false }).etaMax;
  return { ...preset, cw: c, lr: Number(lr.toPrecision(3)), layerNorm };
}
