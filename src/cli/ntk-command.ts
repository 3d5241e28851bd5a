/**
 * `widelab ntk`: the empirical NTK at initialization over an ensemble (one backward pass per
 * input and per-layer Gram sums, in the trainer's NTK parameterization), its mean and variance
 * with standard errors and n Var / E^2 per pair of inputs, against the infinite-width Theta.
 * On the CPU (f64) or on WebGPU (f32: the GPU trainer's NTK at step 0, the same networks).
 *
 *   widelab ntk --width 64 --depth 2 --points "1,0;0.6,0.8" --networks 2000
 *   widelab ntk --width 4096 --networks 1000 --backend webgpu
 */
import { DatasetError, dataset, parseTestPoints, type Dataset } from '../engine/training/datasets.ts';
import { initialNtk, type TrainSpec } from '../engine/training/cpu-trainer.ts';
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
import { cpuAdapter, withGpuTrainer } from './adapters.ts';
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
  backend: 'cpu' | 'webgpu';
  progress: ProgressMode;
}

type Values = OptionValues;

export function parseNtk(v: Values): NtkArgs {
  const backend = typeof v.backend === 'string' ? v.backend : 'cpu';
  if (backend !== 'cpu' && backend !== 'webgpu')
    throw new UsageError(`--backend must be cpu or webgpu, got '${backend}'`);
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
    backend,
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
  const spec: TrainSpec = {
    activation: model.activation,
    width: args.width,
    depth: args.depth,
    cw: model.cw,
    cb: model.cb,
    layerNorm: false,
    dropout: 0,
    seed: args.seed,
    // The GPU trainer's run of 0 steps: its NTK at the start is the one at initialization.
    inputs: xs,
    targets: new Array<number>(P).fill(0),
    tests: [],
    eta: 0,
    steps: 0,
    logEvery: 1,
    l2: 0,
    l2Target: 'init',
    readoutOnly: false,
  };
  const M = args.networks;
  const all = new Float64Array(M * P * P);
  const progress = progressReporter(args.progress, io);
  let adapter: Record<string, unknown> = cpuAdapter(1);
  try {
    if (args.backend === 'webgpu')
      await withGpuTrainer(async (trainer, gpuAdapter) => {
        adapter = gpuAdapter;
        let n = 0;
        const run = trainer.run(spec, M, { onProgress: (d, t) => progress.update(d, t) });
        for await (const chunk of run) for (const trace of chunk) all.set(trace.ntkStart, n++ * P * P);
      });
    else
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
    backend: args.backend,
    adapter,
    wallTimeSeconds: (performance.now() - started) / 1000,
  };
}
