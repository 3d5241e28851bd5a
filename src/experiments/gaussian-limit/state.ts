/**
 * The Gaussian-limit view's state and its round trip through the URL hash (lab/url-fields.ts):
 * `#view=gaussian&width=64&depth=5&activation=relu&...`. It names its view as the others do; a
 * hash without a `view` field (the lab's first links) is this view's too, and is rewritten with
 * `view=gaussian` when the view opens it.
 *
 *   const { state, notices } = parseHash(location.hash, defaultsFor('cpu'));
 *   location.hash = formatHash(state);
 */
import type { Backend } from '../../engine/types.ts';
import {
  ENGINES,
  NETWORK_LIMITS,
  criticalFor,
  networkFields,
  type NetworkFields,
} from '../../lab/network-fields.ts';
import {
  boolean,
  formatFields,
  oneOf,
  readFields,
  real,
  sameFields,
  sameRunFields,
  type FieldTable,
  type ParsedFields,
  type ViewUrl,
} from '../../lab/url-fields.ts';

export { criticalFor } from '../../lab/network-fields.ts';

export const VIEW = 'gaussian';

export type LabState = NetworkFields;
export type ParseResult = ParsedFields<LabState>;

export const STATE_LIMITS = {
  maxWidth: 16384,
  maxDepth: 100,
  minNetworks: 100,
  maxNetworks: 1_000_000,
  ...NETWORK_LIMITS,
} as const;

/** The shared network fields, with this view's wording in its notices (exact or explicit; present 0 or 1), also what its number inputs check typed values with. */
export const GAUSSIAN_FIELDS: FieldTable<LabState> = {
  ...networkFields(STATE_LIMITS),
  cw: real(0, STATE_LIMITS.maxCw, { openLow: true, label: 'C_W' }),
  cb: real(0, STATE_LIMITS.maxCb, { label: 'C_b' }),
  engine: oneOf(ENGINES, { label: 'Engine', phrase: 'exact or explicit' }),
  present: boolean({ strict: true, viewOnly: true }),
};

/**
 * Defaults: ReLU at criticality, n = 64, L = 5. Without WebGPU the CPU engine runs in a worker,
 * so the ensemble is smaller.
 */
export function defaultsFor(backend: Backend): LabState {
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

/**
 * Read a URL hash ('#a=1&b=2', the '#' optional). Missing fields take their defaults; a link
 * that names an activation but no (valid) C_W / C_b gets that activation's critical point.
 */
export function parseHash(hash: string, defaults: LabState): ParseResult {
  const { state, notices, keys, given } = readFields(hash, defaults, GAUSSIAN_FIELDS);
  if (state.activation !== defaults.activation) {
    const crit = criticalFor(state.activation);
    if (!given.has('cw')) state.cw = crit.cw;
    if (!given.has('cb')) state.cb = crit.cb;
  }
  return { state, notices, keys };
}

/** The hash for a state: `view=gaussian`, then every field, so that a link restores it exactly (full-precision numbers). */
export const formatHash = (state: LabState): string => formatFields(state, GAUSSIAN_FIELDS, VIEW);
export const sameState = (a: LabState, b: LabState): boolean => sameFields(a, b, GAUSSIAN_FIELDS);
/** Same computation: every field but the view (`present`), so a view change never re-runs. */
export const sameRun = (a: LabState, b: LabState): boolean => sameRunFields(a, b, GAUSSIAN_FIELDS);

export const GAUSSIAN_URL: ViewUrl<LabState> = {
  view: VIEW,
  defaultView: true,
  parse: (hash, backend) => parseHash(hash, defaultsFor(backend)),
  format: formatHash,
  same: sameState,
  sameRun,
};
