/**
 * The lab's one typed state, and its round trip through the URL hash (seed included), in the
 * spirit of tensorflow/playground: `#width=64&depth=5&activation=relu&...`.
 *
 *   const { state, notices } = parseHash(location.hash, defaultsFor('cpu'));
 *   location.hash = formatHash(state);
 *
 * Every field is validated on its own: a bad or out-of-range value falls back to its default
 * and yields a notice the page shows, so a mangled link still opens a working lab.
 */
import { ACTIVATION_NAMES, makeActivation, type ActivationName } from '../theory/activations.ts';
import { criticalPoint } from '../theory/criticality.ts';

export const ENGINES = ['exact', 'explicit'] as const;
export type EngineChoice = (typeof ENGINES)[number];

export interface LabState {
  /** Hidden width n (every hidden layer), 1..MAX_WIDTH. */
  width: number;
  /** Depth L = weight layers, 1..MAX_DEPTH. */
  depth: number;
  activation: ActivationName;
  cw: number;
  cb: number;
  /** Ensemble size M. */
  networks: number;
  seed: number;
  engine: EngineChoice;
  /** The view: presentation mode (large type, high contrast), so a link opens ready for a projector. */
  present: boolean;
}

export const STATE_LIMITS = {
  maxWidth: 16384,
  maxDepth: 100,
  minNetworks: 100,
  maxNetworks: 1_000_000,
  maxSeed: 0xffffffff,
  maxCw: 100,
  maxCb: 100,
} as const;

/** C_W, C_b at the activation's critical point (sigmoid has none: (1, 0)). */
export function criticalFor(activation: ActivationName): { cw: number; cb: number } {
  const c = criticalPoint(makeActivation(activation));
  return c ? { cw: c.cw, cb: c.cb } : { cw: 1, cb: 0 };
}

/**
 * Defaults: ReLU at criticality, n = 64, L = 5. Without WebGPU the CPU engine runs in a worker,
 * so the ensemble is smaller.
 */
export function defaultsFor(backend: 'webgpu' | 'cpu'): LabState {
  return {
    width: 64,
    depth: 5,
    activation: 'relu',
    ...criticalFor('relu'),
    networks: backend === 'webgpu' ? 20_000 : 10_000,
    seed: 1,
    engine: 'exact',
    present: false,
  };
}

export interface ParseResult {
  state: LabState;
  /** One sentence per field that fell back to its default. */
  notices: string[];
}

type FieldParser = (raw: string, defaults: LabState) => Partial<LabState> | string;

function integerIn(name: keyof LabState, lo: number, hi: number): FieldParser {
  return (raw) => {
    const v = Number(raw);
    if (raw.trim() === '' || !Number.isInteger(v) || v < lo || v > hi) return `${name} must be a whole number from ${lo} to ${hi}`;
    return { [name]: v };
  };
}

function numberIn(name: 'cw' | 'cb', lo: number, hi: number, open: boolean): FieldParser {
  return (raw) => {
    const v = Number(raw);
    const ok = raw.trim() !== '' && Number.isFinite(v) && (open ? v > lo : v >= lo) && v <= hi;
    if (!ok) return `${name === 'cw' ? 'C_W' : 'C_b'} must be a number ${open ? 'above' : 'from'} ${lo} ${open ? 'and at most' : 'to'} ${hi}`;
    return { [name]: v };
  };
}

const PARSERS: Record<keyof LabState, FieldParser> = {
  width: integerIn('width', 1, STATE_LIMITS.maxWidth),
  depth: integerIn('depth', 1, STATE_LIMITS.maxDepth),
  activation: (raw) =>
    (ACTIVATION_NAMES as readonly string[]).includes(raw)
      ? { activation: raw as ActivationName }
      : `activation must be one of ${ACTIVATION_NAMES.join(', ')}`,
  cw: numberIn('cw', 0, STATE_LIMITS.maxCw, true),
  cb: numberIn('cb', 0, STATE_LIMITS.maxCb, false),
  networks: integerIn('networks', STATE_LIMITS.minNetworks, STATE_LIMITS.maxNetworks),
  seed: integerIn('seed', 0, STATE_LIMITS.maxSeed),
  engine: (raw) => ((ENGINES as readonly string[]).includes(raw) ? { engine: raw as EngineChoice } : 'engine must be exact or explicit'),
  present: (raw) => (raw === '1' || raw === '0' ? { present: raw === '1' } : 'present must be 0 or 1'),
};

const KEYS = Object.keys(PARSERS) as (keyof LabState)[];

/**
 * Read a URL hash ('#a=1&b=2', the '#' optional). Missing fields take their defaults; a link
 * that names an activation but no C_W / C_b gets that activation's critical point.
 */
export function parseHash(hash: string, defaults: LabState): ParseResult {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const state: LabState = { ...defaults };
  const notices: string[] = [];
  for (const key of KEYS) {
    const raw = params.get(key);
    if (raw === null) continue;
    const r = PARSERS[key](raw, defaults);
    if (typeof r === 'string') notices.push(`Ignored ${key}=${JSON.stringify(raw)} from the link: ${r}; using ${String(defaults[key])}.`);
    else Object.assign(state, r);
  }
  if (state.activation !== defaults.activation) {
    const crit = criticalFor(state.activation);
    if (!params.has('cw') || notices.some((n) => n.startsWith('Ignored cw='))) state.cw = crit.cw;
    if (!params.has('cb') || notices.some((n) => n.startsWith('Ignored cb='))) state.cb = crit.cb;
  }
  for (const key of params.keys()) {
    if (!(KEYS as string[]).includes(key)) notices.push(`Ignored unknown setting "${key}" in the link.`);
  }
  return { state, notices };
}

/** The hash for a state: every field, so that a link restores it exactly (full-precision numbers). */
export function formatHash(state: LabState): string {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const v = state[key];
    params.set(key, typeof v === 'boolean' ? (v ? '1' : '0') : String(v));
  }
  return `#${params.toString()}`;
}

/** Same state, field by field. */
export function sameState(a: LabState, b: LabState): boolean {
  return KEYS.every((k) => a[k] === b[k]);
}

/** Same computation: every field but the view (`present`), so a view change never re-runs. */
export function sameRun(a: LabState, b: LabState): boolean {
  return KEYS.every((k) => k === 'present' || a[k] === b[k]);
}
