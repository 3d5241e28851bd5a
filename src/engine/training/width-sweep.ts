/**
 * Width sweep of trained ensembles (THEORY.md 6a, "Finite width"): for each width, train an
 * ensemble on the same data with the same steps and the same eta, a fraction of the
 * infinite-width kernel's eta_max, and measure how far training moves the networks away from
 * the infinite-width (linear) picture:
 *   - per layer |W_T - W_0|_F / |W_0|_F,
 *   - |Theta_T - Theta_0|_F / |Theta_0|_F on the training inputs,
 *   - the RMS over test inputs of f_T - f_lin,T, f_lin the network's own linearization at init
 *     (linear dynamics in function space with its empirical NTK at step 0).
 * Each series gets a weighted least-squares log-log slope against the width, with its SE, next
 * to the law THEORY.md 6a states: n^{-1/2} for the first and readout layers, n^{-1} for hidden
 * n x n layers, NTK change n^{-1} (smooth) or about n^{-3/4} (ReLU), linearization distance
 * n^{-1} (smooth) or about n^{-2/3} (ReLU). DOM-free, so a worker and the CLI share it.
 *
 *   const r = widthSweep({ activation: relu, inputs, targets, tests, widths: [64, 128, 256],
 *                          depth: 3, cw: 2, cb: 0.1, etaFraction: 0.5, steps: 20, networks: 4, seed: 1 });
 *   r.slopes.hidden[0].slope   // about -1
 */
import type { Activation } from '../../theory/activations.ts';
import { learningRateMax, trainingKernels } from '../../theory/training.ts';
import { abortError } from '../types.ts';
import { trainNetwork, type NetworkTrace, type TrainSpec } from './cpu-trainer.ts';
import { sharedKernels, type DenseKernels } from './dense-kernels.ts';
import { meanSE, type MeanSE } from './ensemble-summary.ts';

export type { MeanSE };

export interface WidthSweepSpec {
  activation: Activation;
  inputs: readonly (readonly number[])[];
  targets: readonly number[];
  /** At least one test input: the linearization distance is measured there. */
  tests: readonly (readonly number[])[];
  widths: readonly number[];
  depth: number;
  cw: number;
  cb: number;
  /** eta = etaFraction * eta_max of the infinite-width NTK on the training inputs. */
  etaFraction: number;
  steps: number;
  networks: number;
  seed: number;
}

export interface WidthPoint {
  width: number;
  /** Per layer l = 1..L. */
  weightChange: MeanSE[];
  ntkChange: MeanSE;
  linearizationDistance: MeanSE;
  diverged: number;
}

export interface SlopeFit {
  /** Fitted d log(series) / d log(width) and its SE from the points' SEs (weighted least squares). */
  slope: number;
  se: number;
  /** chi^2 per degree of freedom of the fit (about 1 when a power law fits within the SEs). */
  chi2PerDof: number;
  /** The exponent THEORY.md 6a states. */
  law: number;
}

export interface WidthSweepResult {
  eta: number;
  etaMax: number;
  points: WidthPoint[];
  slopes: {
    /** One per layer l = 1..L. */
    weightChange: SlopeFit[];
    ntkChange: SlopeFit;
    linearizationDistance: SlopeFit;
  };
}

export interface WidthSweepOptions {
  signal?: AbortSignal;
  /** Called after each network: networks done, networks in all. */
  onProgress?: (done: number, total: number) => void;
  kernels?: DenseKernels;
}

/** The exponents of THEORY.md 6a ("Finite width"); ReLU's kink slows the kernel's laws. */
export function widthLaws(
  act: Activation,
  depth: number,
): { weightChange: number[]; ntkChange: number; linearizationDistance: number } {
  const kinked = act.name === 'relu';
  return {
    weightChange: Array.from({ length: depth }, (_, k) => (k === 0 || k === depth - 1 ? -0.5 : -1)),
    ntkChange: kinked ? -0.75 : -1,
    linearizationDistance: kinked ? -2 / 3 : -1,
  };
}

/**
 * Weighted least squares of log y on log n with Var(log y) ~ (se/mean)^2 (delta method); the
 * slope's SE is the one the weights imply, not rescaled by the fit's chi^2 (which is reported).
 */
export function logLogSlope(widths: readonly number[], ys: readonly MeanSE[], law: number): SlopeFit {
  const rows = widths
    .map((n, i) => ({ x: Math.log(n), y: Math.log(ys[i].mean), w: (ys[i].mean / ys[i].se) ** 2 }))
    .filter((r) => Number.isFinite(r.y) && Number.isFinite(r.w) && r.w > 0);
  if (rows.length < 2) return { slope: NaN, se: NaN, chi2PerDof: NaN, law };
  const W = rows.reduce((s, r) => s + r.w, 0);
  const xm = rows.reduce((s, r) => s + r.w * r.x, 0) / W;
  const ym = rows.reduce((s, r) => s + r.w * r.y, 0) / W;
  const sxx = rows.reduce((s, r) => s + r.w * (r.x - xm) ** 2, 0);
  const sxy = rows.reduce((s, r) => s + r.w * (r.x - xm) * (r.y - ym), 0);
  const slope = sxy / sxx;
  const chi2 = rows.reduce((s, r) => s + r.w * (r.y - ym - slope * (r.x - xm)) ** 2, 0);
  return {
    slope,
    se: Math.sqrt(1 / sxx),
    chi2PerDof: rows.length > 2 ? chi2 / (rows.length - 2) : NaN,
    law,
  };
}

/**
 * f_lin at the test inputs after `steps` steps of gradient descent with the empirical NTK at
 * init: r <- r - (eta/N) Theta_XX r on the training residual, f_x <- f_x - (eta/N) Theta_xX r.
 * The NTK is over [train (N), train again (N), test (T)]: the trainer's test inputs are the
 * training inputs followed by the real tests, so that f_0 is known at both.
 */
function linearizedTest(
  ntk: Float64Array,
  f0Train: ArrayLike<number>,
  f0Test: ArrayLike<number>,
  targets: readonly number[],
  eta: number,
  steps: number,
): Float64Array {
  const N = targets.length;
  const T = f0Test.length;
  const P = 2 * N + T;
  const r = Float64Array.from(targets, (y, a) => f0Train[a] - y);
  const fx = Float64Array.from(f0Test);
  const next = new Float64Array(N);
  const rate = eta / N;
  for (let t = 0; t < steps; t++) {
    for (let i = 0; i < T; i++) {
      let s = 0;
      for (let a = 0; a < N; a++) s += ntk[(2 * N + i) * P + a] * r[a];
      fx[i] -= rate * s;
    }
    for (let b = 0; b < N; b++) {
      let s = 0;
      for (let a = 0; a < N; a++) s += ntk[b * P + a] * r[a];
      next[b] = r[b] - rate * s;
    }
    r.set(next);
  }
  return fx;
}

/** |A - B|_F / |B|_F over the N x N training block of two P x P matrices. */
function trainBlockChange(end: Float64Array, start: Float64Array, N: number, P: number): number {
  let d = 0;
  let s = 0;
  for (let a = 0; a < N; a++)
    for (let b = 0; b < N; b++) {
      d += (end[a * P + b] - start[a * P + b]) ** 2;
      s += start[a * P + b] ** 2;
    }
  return Math.sqrt(d / s);
}

/** The sweep's learning rate: a fraction of the infinite-width NTK's eta_max on the training inputs. */
function sweepRates(spec: WidthSweepSpec): { eta: number; etaMax: number } {
  if (spec.tests.length === 0) throw new RangeError('a width sweep needs at least one test input');
  const etaMax = learningRateMax(trainingKernels(spec.activation, spec.inputs, [], spec.depth, spec));
  return { eta: spec.etaFraction * etaMax, etaMax };
}

/**
 * What the trainer runs at one width: the training inputs again ahead of the tests, so that f_0
 * is known at both, logged at the start and the end.
 */
function sweepTrainSpec(spec: WidthSweepSpec, width: number, eta: number): TrainSpec {
  return {
    activation: spec.activation,
    inputs: spec.inputs,
    targets: spec.targets,
    tests: [...spec.inputs, ...spec.tests],
    layerNorm: false,
    dropout: 0,
    width,
    depth: spec.depth,
    cw: spec.cw,
    cb: spec.cb,
    eta,
    steps: spec.steps,
    logEvery: Math.max(1, spec.steps),
    l2: 0,
    l2Target: 'init',
    readoutOnly: false,
    seed: spec.seed,
  };
}

/** One width's point from its networks' traces (diverged ones only counted). */
function sweepPoint(
  spec: WidthSweepSpec,
  width: number,
  all: readonly NetworkTrace[],
  eta: number,
): WidthPoint {
  const { targets, depth, steps } = spec;
  const N = spec.inputs.length;
  const T = spec.tests.length;
  const P = 2 * N + T;
  const traces = all.filter((tr) => tr.divergedAt < 0);
  const distance = traces.map((tr) => {
    const end = tr.test.subarray(tr.test.length - (N + T));
    const lin = linearizedTest(
      tr.ntkStart,
      tr.test.subarray(0, N),
      tr.test.subarray(N, N + T),
      targets,
      eta,
      steps,
    );
    let s = 0;
    for (let i = 0; i < T; i++) s += (end[N + i] - lin[i]) ** 2;
    return Math.sqrt(s / T);
  });
  return {
    width,
    weightChange: Array.from({ length: depth }, (_, l) => meanSE(traces.map((tr) => tr.weightChange[l]))),
    ntkChange: meanSE(traces.map((tr) => trainBlockChange(tr.ntkEnd, tr.ntkStart, N, P))),
    linearizationDistance: meanSE(distance),
    diverged: all.length - traces.length,
  };
}

export function widthSweep(spec: WidthSweepSpec, o: WidthSweepOptions = {}): WidthSweepResult {
  const kernels = o.kernels ?? sharedKernels();
  const { eta, etaMax } = sweepRates(spec);
  const total = spec.widths.length * spec.networks;
  let done = 0;
  const points = spec.widths.map((width): WidthPoint => {
    const run = sweepTrainSpec(spec, width, eta);
    const traces: NetworkTrace[] = [];
    for (let net = 0; net < spec.networks; net++) {
      if (o.signal?.aborted) throw abortError();
      traces.push(trainNetwork(run, net, kernels));
      o.onProgress?.(++done, total);
    }
    return sweepPoint(spec, width, traces, eta);
  });
  return {
    eta,
    etaMax,
    points,
    slopes: widthSlopes(spec.widths, points, widthLaws(spec.activation, spec.depth)),
  };
}

/**
 * The same sweep on another trainer (the WebGPU one): `train` yields a width's networks
 * 0..networks-1 in order, in chunks, as GpuTrainer.run does.
 */
export async function widthSweepWith(
  spec: WidthSweepSpec,
  train: (run: TrainSpec, networks: number) => AsyncIterable<NetworkTrace[]>,
  o: Pick<WidthSweepOptions, 'signal' | 'onProgress'> = {},
): Promise<WidthSweepResult> {
  const { eta, etaMax } = sweepRates(spec);
  const total = spec.widths.length * spec.networks;
  let done = 0;
  const points: WidthPoint[] = [];
  for (const width of spec.widths) {
    const traces: NetworkTrace[] = [];
    for await (const chunk of train(sweepTrainSpec(spec, width, eta), spec.networks)) {
      if (o.signal?.aborted) throw abortError();
      traces.push(...chunk);
      done += chunk.length;
      o.onProgress?.(done, total);
    }
    points.push(sweepPoint(spec, width, traces, eta));
  }
  return {
    eta,
    etaMax,
    points,
    slopes: widthSlopes(spec.widths, points, widthLaws(spec.activation, spec.depth)),
  };
}

/** Each series' log-log slope over the widths swept, beside its law. */
export function widthSlopes(
  widths: readonly number[],
  points: readonly WidthPoint[],
  laws: ReturnType<typeof widthLaws>,
): WidthSweepResult['slopes'] {
  return {
    weightChange: laws.weightChange.map((law, l) =>
      logLogSlope(
        widths,
        points.map((p) => p.weightChange[l]),
        law,
      ),
    ),
    ntkChange: logLogSlope(
      widths,
      points.map((p) => p.ntkChange),
      laws.ntkChange,
    ),
    linearizationDistance: logLogSlope(
      widths,
      points.map((p) => p.linearizationDistance),
      laws.linearizationDistance,
    ),
  };
}
