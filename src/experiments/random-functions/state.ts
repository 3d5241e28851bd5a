/**
 * The "Random functions" view's state and its round trip through the URL hash
 * (lab/url-fields.ts): `#view=functions&width=64&limit=0&domain=line&...`, every field validated
 * on its own, a bad value falling back to its default with a notice. `limit=1` is the width
 * n = infinity: the draws are Gaussian-process draws from N(0, K) instead of networks. The grid
 * point of the readout is view-only.
 *
 *   const { state, notices } = FUNCTIONS_URL.parse(location.hash, 'cpu');
 */
import { ACTIVATION_NAMES } from '../../theory/activations.ts';
import { NETWORK_LIMITS, networkFields, type NetworkFields } from '../../lab/network-fields.ts';
import {
  boolean,
  formatFields,
  integer,
  oneOf,
  readFields,
  real,
  sameFields,
  sameRunFields,
  type FieldTable,
  type ParsedFields,
  type ViewUrl,
} from '../../lab/url-fields.ts';

export const VIEW = 'functions';

/** The input line x in [-L, L] (one input dimension), or the unit circle plotted against its angle. */
export const DOMAINS = ['line', 'circle'] as const;
export type Domain = (typeof DOMAINS)[number];

export interface FunctionsState extends NetworkFields {
  /** Width n = infinity: Gaussian-process draws from N(0, K) on the grid. */
  limit: boolean;
  domain: Domain;
  /** Grid points the functions are evaluated on. */
  points: number;
  /** Half-length L of the line [-L, L] (unused on the circle). */
  span: number;
  /** Functions drawn (the first networks of the ensemble). */
  draws: number;
  /** The readout's grid point (an index, clamped to the grid). View-only. */
  point: number;
}

export const FUNCTIONS_LIMITS = {
  maxWidth: 4096,
  maxDepth: 20,
  minNetworks: 32,
  maxNetworks: 4096,
  minPoints: 17,
  maxPoints: 65,
  maxDraws: 32,
  ...NETWORK_LIMITS,
} as const;

/**
 * Every activation: the smooth ones' kernels come from Mehler's series (theory/hermite-series.ts)
 * in well under a second on the default grid; a run whose kernel would take longer is refused
 * with what to change (model.ts kernelOutOfReach).
 */
export const FUNCTIONS_ACTIVATIONS = ACTIVATION_NAMES;

/**
 * ReLU at criticality with a little bias, on x in [-2, 2]: kinks at width 1-8, smooth random
 * functions by 256. The explicit engine: network m is the same network as in the other views.
 */
export const FUNCTIONS_DEFAULTS: FunctionsState = {
  width: 8,
  depth: 3,
  activation: 'relu',
  cw: 2,
  cb: 0.1,
  networks: 512,
  seed: 1,
  engine: 'explicit',
  present: false,
  limit: false,
  domain: 'line',
  points: 41,
  span: 2,
  draws: 16,
  point: 30,
};

export const FUNCTIONS_FIELDS: FieldTable<FunctionsState> = {
  ...networkFields(FUNCTIONS_LIMITS),
  activation: oneOf(FUNCTIONS_ACTIVATIONS, { label: 'Activation' }),
  limit: boolean({ label: 'Width n = ∞' }),
  domain: oneOf(DOMAINS, { label: 'Inputs' }),
  points: integer(FUNCTIONS_LIMITS.minPoints, FUNCTIONS_LIMITS.maxPoints, { label: 'Grid points' }),
  span: real(0.25, 8, { label: 'Line half-length L' }),
  draws: integer(1, FUNCTIONS_LIMITS.maxDraws, { label: 'Functions drawn' }),
  point: integer(0, FUNCTIONS_LIMITS.maxPoints - 1, { viewOnly: true, label: 'Readout point' }),
};

export const FUNCTIONS_URL: ViewUrl<FunctionsState> = {
  view: VIEW,
  parse: (hash): ParsedFields<FunctionsState> => {
    const { state, notices, keys } = readFields(hash, FUNCTIONS_DEFAULTS, FUNCTIONS_FIELDS);
    // The readout point lies on the grid; never more functions drawn than networks.
    const point = Math.min(state.point, state.points - 1);
    return { state: { ...state, point, draws: Math.min(state.draws, state.networks) }, notices, keys };
  },
  format: (s) => formatFields(s, FUNCTIONS_FIELDS, VIEW),
  same: (a, b) => sameFields(a, b, FUNCTIONS_FIELDS),
  sameRun: (a, b) => sameRunFields(a, b, FUNCTIONS_FIELDS),
};
