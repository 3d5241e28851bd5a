/**
 * `widelab ntk`: the empirical NTK at initialization over an ensemble (one backward pass per
 * input and per-layer Gram sums, in the trainer's NTK parameterization), its mean and variance
 * with standard errors and n Var / E^2 per pair of inputs, against the infinite-width Theta.
 *
 *   widelab ntk --width 64 --depth 2 --points "1,0;0.6,0.8" --networks 2000
 */
import { cpus } from 'node:os';
import { DatasetError, dataset, parseTestPoints, type Dataset } from '../engine/training/datasets.ts';
import { initialNtk } from '../engine/training/cpu-trainer.ts';
import { trainingKernels } from '../theory/training.ts';
import {
  UsageError,
  finiteOrNull,
  integerOption,
  parseNumber,
  type OptionValues,
  type ProgressMode,
} from './usage.ts';
import type { Io } from './io.ts';
import { progressReporter } from './progress.ts';
import { ENSEMBLE_OPTIONS, TRAINED_MODEL_OPTIONS, trainedModel } from './train-args.ts';

export const NTK_DEFAULTS = { dataset: 'circle6', width: 128, depth: 3, networks: 1000, seed: 1 } as const;

export const NTK_OPTIONS = {
  ...TRAINED_MODEL_OPTIONS,
  dataset: { type: 'string' },
  points: { type: 'string' },
  ...ENSEMBLE_OPTIONS,
} as const;

export interface NtkArgs {
  command: 'ntk';
  activation?: string;
  width: number;
  depth: number;
  cw?: number;
  cb?: number;
  dataset: string;
  points?: string;
  networks: number;
  seed: number;
  progress: ProgressMode;
}

type Values = OptionValues;

export function parseNtk(v: Values): NtkArgs {
  const backend = typeof v.backend === 'string' ? v.backend : 'cpu';
  if (backend !== 'cpu') throw new UsageError(`ntk runs on the CPU (--backend cpu), got '${backend}'`);
  if (v.progress && v.quiet) throw new UsageError('give either --progress or --quiet, not both');
  const real = (name: string) => (typeof v[name] === 'string' ? parseNumber(name, v[name]) : undefined);
  return {
    command: 'ntk',
    activation: typeof v.activation === 'string' ? v.activation : undefined,
    width: integerOption(v, 'width', NTK_DEFAULTS.width, 1, 4096),
    depth: integerOption(v, 'depth', NTK_DEFAULTS.depth, 1, 100),
    cw: real('cw'),
    cb: real('cb'),
    dataset: typeof v.dataset === 'string' ? v.dataset : NTK_DEFAULTS.dataset,
    points: typeof v.points === 'string' ? v.points : undefined,
    networks: integerOption(v, 'networks', NTK_DEFAULTS.networks, 2, 1_000_000),
    seed: integerOption(v, 'seed', NTK_DEFAULTS.seed, 0, 0xffffffff),
    progress: v.progress ? 'always' : v.quiet ? 'never' : 'auto',
  };
}

function inputsOf(args: NtkArgs): number[][] {
  try {
    if (args.points === undefined) return dataset(args.dataset).x;
    const dims = args.points.split(';')[0].split(',').length;
    const shape: Dataset = { name: 'points', x: [new Array<number>(dims).fill(0)], y: [0], circle: false };
    return parseTestPoints(args.points, shape);
  } catch (e) {
    if (e instanceof DatasetError) throw new UsageError(e.message);
    throw e;
  }
}

const square = (P: number, f: (p: number, q: number) => number | null) =>
  Array.from({ length: P }, (_, p) => Array.from({ length: P }, (_, q) => f(p, q)));

export async function runNtk(args: NtkArgs, io: Io) {
  const started = performance.now();
  const model = trainedModel(args);
  const xs = inputsOf(args);
  const P = xs.length;
  const spec = {
    activation: model.activation,
    width: args.width,
    depth: args.depth,
    cw: model.cw,
    cb: model.cb,
    layerNorm: false,
    dropout: 0,
    seed: args.seed,
  };
  const M = args.networks;
  const all = new Float64Array(M * P * P);
  const progress = progressReporter(args.progress, io);
  try {
    for (let n = 0; n < M; n++) {
      all.set(initialNtk(spec, xs, n), n * P * P);
      progress.update(n + 1, M);
    }
  } finally {
    progress.finish();
  }
  const mean = new Float64Array(P * P);
  const variance = new Float64Array(P * P);
  const m4 = new Float64Array(P * P);
  for (let n = 0; n < M; n++) for (let q = 0; q < P * P; q++) mean[q] += all[n * P * P + q] / M;
  for (let n = 0; n < M; n++)
    for (let q = 0; q < P * P; q++) {
      const d = (all[n * P * P + q] - mean[q]) ** 2;
      variance[q] += d / (M - 1);
      m4[q] += (d * d) / M;
    }
  const kernels = trainingKernels(model.activation, xs, [], args.depth, { cw: model.cw, cb: model.cb });
  const at = (p: number, q: number) => p * P + q;
  const varianceSE = (i: number) =>
    Math.sqrt(Math.max(0, (m4[i] - (variance[i] * variance[i] * (M - 3)) / (M - 1)) / M));
  return {
    command: 'ntk',
    config: {
      activation: model.activation.id,
      width: args.width,
      depth: args.depth,
      cw: model.cw,
      cb: model.cb,
      networks: M,
      seed: args.seed,
      parameterization: 'ntk',
    },
    inputs: xs,
    mean: square(P, (p, q) => finiteOrNull(mean[at(p, q)])),
    meanSE: square(P, (p, q) => finiteOrNull(Math.sqrt(variance[at(p, q)] / M))),
    variance: square(P, (p, q) => finiteOrNull(variance[at(p, q)])),
    varianceSE: square(P, (p, q) => finiteOrNull(varianceSE(at(p, q)))),
    /** n Var Theta / E[Theta]^2: 3 for one hidden ReLU layer without bias, growing with depth. */
    relativeVariance: square(P, (p, q) =>
      finiteOrNull((args.width * variance[at(p, q)]) / mean[at(p, q)] ** 2),
    ),
    theory: { Theta: kernels.Theta, K: kernels.K },
    backend: 'cpu',
    adapter: { type: 'cpu', description: cpus()[0]?.model ?? 'unknown CPU', threads: 1 },
    wallTimeSeconds: (performance.now() - started) / 1000,
  };
}
