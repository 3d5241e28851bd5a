/**
 * The "Two inputs" view's state and its round trip through the URL hash (lab/url-fields.ts):
 * `#view=two-inputs&rho=0.5&...`, every field validated on its own, a bad value falling back
 * to its default with a notice.
 *
 *   const { state, notices } = parseTwoInputsHash(location.hash);
 *   history.replaceState(null, '', formatTwoInputsHash(state));
 */
import { NETWORK_LIMITS, networkFields, type NetworkFields } from '../../lab/network-fields.ts';
import { oneOf, real, viewUrl, type FieldTable, type ParsedFields } from '../../lab/url-fields.ts';

export const VIEW = 'two-inputs';

export const SHADES = ['correlation', 'chi'] as const;
export type Shade = (typeof SHADES)[number];

export interface TwoInputsState extends NetworkFields {
  /** Correlation of the two inputs (same norm), -1..1. */
  rho: number;
  /** What the phase diagram's colour shows: c_L, or chi_perp at the fixed point q*. */
  shade: Shade;
}

/** Per-layer statistics keep networks x depth values: cap the ensemble accordingly. */
export const TWO_INPUTS_LIMITS = {
  maxWidth: 4096,
  maxDepth: 100,
  minNetworks: 100,
  maxNetworks: 100_000,
  ...NETWORK_LIMITS,
} as const;

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

/** The view's fields: the link's and the number inputs' checks. */
export const TWO_INPUTS_FIELDS: FieldTable<TwoInputsState> = {
  ...networkFields(TWO_INPUTS_LIMITS),
  rho: real(-1, 1, { label: 'Input correlation' }),
  shade: oneOf(SHADES, { label: 'Diagram colour' }),
};

export const TWO_INPUTS_URL = viewUrl(VIEW, TWO_INPUTS_DEFAULTS, TWO_INPUTS_FIELDS);
export const parseTwoInputsHash = (hash: string): ParsedFields<TwoInputsState> =>
  TWO_INPUTS_URL.parse(hash, 'cpu');
export const formatTwoInputsHash = TWO_INPUTS_URL.format;
export const sameTwoInputsState = TWO_INPUTS_URL.same;
export const sameTwoInputsRun = TWO_INPUTS_URL.sameRun;
