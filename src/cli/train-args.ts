/**
 * `widelab train`'s options: defaults, ranges and the one-line message for each mistake.
 */
import { resolveSpec } from '../engine/spec.ts';
import {
  MAX_THREADS,
  UsageError,
  integerOption,
  parseNumber,
  type OptionValues,
  type ProgressMode,
} from './usage.ts';

export const TRAIN_DEFAULTS = {
  dataset: 'circle6',
  width: 128,
  depth: 3,
  networks: 64,
  steps: 100,
  lrFraction: 0.5,
  logEvery: 10,
  seed: 1,
} as const;

/** The ranges the command line accepts. */
export const TRAIN_LIMITS = {
  maxNetworks: 100_000,
  maxSteps: 1_000_000,
  maxWidth: 4096,
  maxDepth: 100,
} as const;

export interface TrainArgs {
  command: 'train';
  activation?: string;
  width: number;
  depth: number;
  cw?: number;
  cb?: number;
  dataset: string;
  steps: number;
  lrFraction?: number;
  lr?: number;
  l2: number;
  l2Target: 'init' | 'zero';
  readoutOnly: boolean;
  /** --norm layer (the only normalization the trainer has) and --dropout P, as simulate spells them. */
  layerNorm: boolean;
  dropout: number;
  logEvery: number;
  testPoints?: string;
  testAngles?: string;
  networks: number;
  seed: number;
  backend: 'cpu' | 'webgpu';
  /** CPU threads, this one included; undefined: what simulate does (every core, once the run repays starting them). */
  threads?: number;
  samples?: string;
  /** --widths: a width sweep (width-sweep.ts) instead of one ensemble. */
  widths?: number[];
  progress: ProgressMode;
}

/** The network options train and ntk share. */
export const TRAINED_MODEL_OPTIONS = {
  activation: { type: 'string' },
  width: { type: 'string' },
  depth: { type: 'string' },
  cw: { type: 'string' },
  cb: { type: 'string' },
} as const;

/** The ensemble and output options train and ntk share. */
export const ENSEMBLE_OPTIONS = {
  networks: { type: 'string' },
  seed: { type: 'string' },
  backend: { type: 'string' },
  progress: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const TRAIN_OPTIONS = {
  ...TRAINED_MODEL_OPTIONS,
  dropout: { type: 'string' },
  norm: { type: 'string' },
  dataset: { type: 'string' },
  steps: { type: 'string' },
  'lr-fraction': { type: 'string' },
  lr: { type: 'string' },
  l2: { type: 'string' },
  'l2-target': { type: 'string' },
  'readout-only': { type: 'boolean' },
  'log-every': { type: 'string' },
  'test-points': { type: 'string' },
  'test-angles': { type: 'string' },
  samples: { type: 'string' },
  widths: { type: 'string' },
  threads: { type: 'string' },
  ...ENSEMBLE_OPTIONS,
} as const;

type Values = OptionValues;

function realOrUndefined(v: Values, name: string): number | undefined {
  const text = v[name];
  return typeof text === 'string' ? parseNumber(name, text) : undefined;
}

/** --widths 32,64,...: at least two distinct whole widths in [1, maxWidth], for a log-log fit. */
function parseWidths(text: string): number[] {
  const ws = text.split(',').map((t) => Number(t.trim()));
  if (ws.some((w) => !Number.isInteger(w) || w < 1 || w > TRAIN_LIMITS.maxWidth))
    throw new UsageError(`--widths must be whole numbers in [1, ${TRAIN_LIMITS.maxWidth}], got '${text}'`);
  if (new Set(ws).size < 2)
    throw new UsageError(`--widths needs at least two different widths, got '${text}'`);
  return ws;
}

export function parseTrain(v: Values): TrainArgs {
  const norm = typeof v.norm === 'string' ? v.norm : 'none';
  if (norm !== 'none' && norm !== 'layer')
    throw new UsageError(`train's --norm must be none or layer, got '${norm}'`);
  const dropout = realOrUndefined(v, 'dropout') ?? 0;
  if (!(dropout >= 0 && dropout < 1)) throw new UsageError(`--dropout must be in [0, 1), got ${dropout}`);
  const backend = typeof v.backend === 'string' ? v.backend : 'cpu';
  if (backend !== 'cpu' && backend !== 'webgpu')
    throw new UsageError(`--backend must be cpu or webgpu, got '${backend}'`);
  const lrFraction = realOrUndefined(v, 'lr-fraction');
  const lr = realOrUndefined(v, 'lr');
  if (lrFraction !== undefined && lr !== undefined)
    throw new UsageError('give either --lr-fraction or --lr, not both');
  if (lrFraction !== undefined && !(lrFraction > 0))
    throw new UsageError(`--lr-fraction must be > 0, got ${lrFraction}`);
  if (lr !== undefined && !(lr > 0)) throw new UsageError(`--lr must be > 0, got ${lr}`);
  const l2 = realOrUndefined(v, 'l2') ?? 0;
  if (!(l2 >= 0)) throw new UsageError(`--l2 must be >= 0, got ${l2}`);
  const l2Target = typeof v['l2-target'] === 'string' ? v['l2-target'] : 'init';
  if (l2Target !== 'init' && l2Target !== 'zero')
    throw new UsageError(`--l2-target must be init or zero, got '${l2Target}'`);
  if (typeof v['test-points'] === 'string' && typeof v['test-angles'] === 'string')
    throw new UsageError('give either --test-points or --test-angles, not both');
  if (typeof v.samples === 'string' && v.samples === '') throw new UsageError('--samples needs a file name');
  if (v.progress && v.quiet) throw new UsageError('give either --progress or --quiet, not both');
  const steps = integerOption(v, 'steps', TRAIN_DEFAULTS.steps, 0, TRAIN_LIMITS.maxSteps);
  return {
    command: 'train',
    activation: typeof v.activation === 'string' ? v.activation : undefined,
    width: integerOption(v, 'width', TRAIN_DEFAULTS.width, 1, TRAIN_LIMITS.maxWidth),
    depth: integerOption(v, 'depth', TRAIN_DEFAULTS.depth, 1, TRAIN_LIMITS.maxDepth),
    cw: realOrUndefined(v, 'cw'),
    cb: realOrUndefined(v, 'cb'),
    dataset: typeof v.dataset === 'string' ? v.dataset : TRAIN_DEFAULTS.dataset,
    steps,
    lrFraction,
    lr,
    l2,
    l2Target,
    readoutOnly: v['readout-only'] === true,
    layerNorm: norm === 'layer',
    dropout,
    logEvery: integerOption(
      v,
      'log-every',
      Math.max(1, Math.min(TRAIN_DEFAULTS.logEvery, steps)),
      1,
      TRAIN_LIMITS.maxSteps,
    ),
    testPoints: typeof v['test-points'] === 'string' ? v['test-points'] : undefined,
    testAngles: typeof v['test-angles'] === 'string' ? v['test-angles'] : undefined,
    networks: integerOption(v, 'networks', TRAIN_DEFAULTS.networks, 1, TRAIN_LIMITS.maxNetworks),
    seed: integerOption(v, 'seed', TRAIN_DEFAULTS.seed, 0, 0xffffffff),
    backend,
    threads: typeof v.threads === 'string' ? integerOption(v, 'threads', 1, 1, MAX_THREADS) : undefined,
    samples: typeof v.samples === 'string' ? v.samples : undefined,
    widths: typeof v.widths === 'string' ? parseWidths(v.widths) : undefined,
    progress: v.progress ? 'always' : v.quiet ? 'never' : 'auto',
  };
}

/** The trained network's model: its activation and critical (C_W, C_b) defaults, validated as everywhere else. */
export function trainedModel(a: {
  activation?: string;
  width: number;
  depth: number;
  cw?: number;
  cb?: number;
  /** Dropout moves the critical C_W to 2(1 - p) for ReLU, as in every engine. */
  dropout?: number;
}) {
  const { activation, width, depth, cw, cb, dropout } = a;
  return resolveSpec({ activation, width, depth, cw, cb, dropout }).model;
}
