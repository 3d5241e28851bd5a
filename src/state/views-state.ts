/**
 * URL state of the issue-5 views ("Depth & criticality", "Two inputs"), in the same style as
 * schema.ts (whose limits and activation check it reuses): one typed state per view, every
 * field validated on its own, a bad value falls back to its default with a notice.
 *
 *   const { state, notices } = parseDepthHash(location.hash);
 *   history.replaceState(null, '', formatDepthHash(state)); // '#view=depth&width=64&...'
 *
 * The hash names its view first (`view=depth`, `view=two-inputs`); a hash without `view`
 * belongs to the Gaussian-limit lab.
 */
import { ACTIVATION_NAMES, type ActivationName } from '../theory/activations.ts';
import { ENGINES, STATE_LIMITS, type EngineChoice } from './schema.ts';

export const VIEWS = ['gaussian', 'depth', 'two-inputs'] as const;
export type ViewName = (typeof VIEWS)[number];

/** The view a hash asks for ('gaussian' without a `view` field or with an unknown one). */
export function viewOf(hash: string): ViewName {
  const v = new URLSearchParams(hash.replace(/^#/, '')).get('view');
  return v === 'depth' || v === 'two-inputs' ? v : 'gaussian';
}

export const DEPTH_NORMS = ['none', 'layer', 'rms'] as const;
export type DepthNorm = (typeof DEPTH_NORMS)[number];

/** Fields both views share. */
export interface ViewCommon {
  width: number;
  depth: number;
  activation: ActivationName;
  cw: number;
  cb: number;
  networks: number;
  seed: number;
  engine: EngineChoice;
  /** Presentation mode (the shell's), as in the Gaussian-limit lab's `present`: a view field, never re-runs. */
  present: boolean;
}

export interface DepthState extends ViewCommon {
  norm: DepthNorm;
  /** Drop probability p of each hidden unit, 0 <= p <= MAX_DROPOUT. */
  dropout: number;
  /** Also run the lecture's three ensembles (ReLU, C_b = 0, C_W = 1, 2, 3) and overlay them. */
  compare: boolean;
}

export const SHADES = ['correlation', 'chi'] as const;
export type Shade = (typeof SHADES)[number];

export interface TwoInputsState extends ViewCommon {
  /** Correlation of the two inputs (same norm), -1..1. */
  rho: number;
  /** What the phase diagram's colour shows: c_L, or chi_perp at the fixed point q*. */
  shade: Shade;
}

/** Per-layer statistics keep networks x depth values: cap the ensemble accordingly. */
export const VIEW_LIMITS = { maxWidth: 4096, maxDepth: 100, minNetworks: 100, maxNetworks: 100_000, maxDropout: 0.9 } as const;

/** The lecture's demonstration: ReLU, no bias, W ~ N(0, 2/n), n = 64, L = 30. */
export const DEPTH_DEFAULTS: DepthState = {
  width: 64,
  depth: 30,
  activation: 'relu',
  cw: 2,
  cb: 0,
  networks: 2000,
  seed: 1,
  engine: 'exact',
  present: false,
  norm: 'none',
  dropout: 0,
  compare: false,
};

/** tanh in the chaotic phase, where two inputs decorrelate towards a fixed point c* < 1. */
export const TWO_INPUTS_DEFAULTS: TwoInputsState = {
  width: 128,
  depth: 20,
  activation: 'tanh',
  cw: 2,
  cb: 0.05,
  networks: 500,
  seed: 1,
  engine: 'exact',
  present: false,
  rho: 0.5,
  shade: 'correlation',
};

type Parser = (raw: string) => number | string | boolean | { error: string };

/** Booleans are written 1/0 (as the Gaussian-limit lab's `present`); true/false are read too. */
const bool: Parser = (raw) => (raw === '1' || raw === 'true' ? true : raw === '0' || raw === 'false' ? false : { error: '1 or 0' });

const integer =
  (lo: number, hi: number): Parser =>
  (raw) => {
    const v = Number(raw);
    return raw.trim() !== '' && Number.isInteger(v) && v >= lo && v <= hi ? v : { error: `a whole number from ${lo} to ${hi}` };
  };

const real =
  (lo: number, hi: number, openLow = false): Parser =>
  (raw) => {
    const v = Number(raw);
    const ok = raw.trim() !== '' && Number.isFinite(v) && (openLow ? v > lo : v >= lo) && v <= hi;
    return ok ? v : { error: `a number ${openLow ? 'above' : 'from'} ${lo} ${openLow ? 'and at most' : 'to'} ${hi}` };
  };

const oneOf =
  (values: readonly string[]): Parser =>
  (raw) =>
    values.includes(raw) ? raw : { error: `one of ${values.join(', ')}` };

const COMMON: Record<keyof ViewCommon, Parser> = {
  width: integer(1, VIEW_LIMITS.maxWidth),
  depth: integer(1, VIEW_LIMITS.maxDepth),
  activation: oneOf(ACTIVATION_NAMES),
  cw: real(0, STATE_LIMITS.maxCw, true),
  cb: real(0, STATE_LIMITS.maxCb),
  networks: integer(VIEW_LIMITS.minNetworks, VIEW_LIMITS.maxNetworks),
  seed: integer(0, STATE_LIMITS.maxSeed),
  engine: oneOf(ENGINES),
  present: bool,
};

const DEPTH_PARSERS: Record<keyof DepthState, Parser> = {
  ...COMMON,
  norm: oneOf(DEPTH_NORMS),
  dropout: real(0, VIEW_LIMITS.maxDropout),
  compare: bool,
};

const TWO_PARSERS: Record<keyof TwoInputsState, Parser> = { ...COMMON, rho: real(-1, 1), shade: oneOf(SHADES) };

export interface ViewParse<S> {
  state: S;
  notices: string[];
}

function parseWith<S extends object>(hash: string, defaults: S, parsers: Record<keyof S, Parser>): ViewParse<S> {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const state = { ...defaults };
  const notices: string[] = [];
  const keys = Object.keys(parsers) as (keyof S & string)[];
  for (const key of keys) {
    const raw = params.get(key);
    if (raw === null) continue;
    const v = parsers[key](raw);
    if (typeof v === 'object') {
      notices.push(`Ignored ${key}=${JSON.stringify(raw)} from the link: ${key} must be ${v.error}; using ${String(defaults[key])}.`);
    } else {
      (state as Record<string, unknown>)[key] = v;
    }
  }
  for (const key of params.keys()) {
    if (key !== 'view' && !(keys as string[]).includes(key)) notices.push(`Ignored unknown setting "${key}" in the link.`);
  }
  return { state, notices };
}

function formatWith<S extends object>(view: ViewName, state: S): string {
  const params = new URLSearchParams({ view });
  for (const [k, v] of Object.entries(state)) params.set(k, typeof v === 'boolean' ? (v ? '1' : '0') : String(v));
  return `#${params.toString()}`;
}

export const parseDepthHash = (hash: string): ViewParse<DepthState> => parseWith(hash, DEPTH_DEFAULTS, DEPTH_PARSERS);
export const formatDepthHash = (s: DepthState): string => formatWith('depth', s);
export const parseTwoInputsHash = (hash: string): ViewParse<TwoInputsState> => parseWith(hash, TWO_INPUTS_DEFAULTS, TWO_PARSERS);
export const formatTwoInputsHash = (s: TwoInputsState): string => formatWith('two-inputs', s);

/** Field-by-field equality of two view states. */
export function sameView<S extends object>(a: S, b: S): boolean {
  return (Object.keys(a) as (keyof S)[]).every((k) => a[k] === b[k]);
}

/** Same computation: every field but `present`, so switching presentation mode never re-runs. */
export function sameViewRun<S extends object>(a: S, b: S): boolean {
  return (Object.keys(a) as (keyof S)[]).every((k) => k === 'present' || a[k] === b[k]);
}
