/**
 * The "Depth & criticality" view's state and its round trip through the URL hash
 * (lab/url-fields.ts): `#view=depth&width=64&depth=30&...`, every field validated on its own,
 * a bad value falling back to its default with a notice.
 *
 *   const { state, notices } = parseDepthHash(location.hash);
 *   history.replaceState(null, '', formatDepthHash(state));
 */
import { NETWORK_LIMITS, networkFields, type NetworkFields } from '../../lab/network-fields.ts';
import { boolean, oneOf, real, viewUrl, type FieldTable, type ParsedFields } from '../../lab/url-fields.ts';

export const VIEW = 'depth';

export const DEPTH_NORMS = ['none', 'layer', 'rms'] as const;
export type DepthNorm = (typeof DEPTH_NORMS)[number];

export interface DepthState extends NetworkFields {
  norm: DepthNorm;
  /** Drop probability p of each hidden unit, 0 <= p <= maxDropout. */
  dropout: number;
  /** Also run the lecture's three ensembles (ReLU, C_b = 0, C_W = 1, 2, 3) and overlay them. */
  compare: boolean;
}

/** Per-layer statistics keep networks x depth values: cap the ensemble accordingly. */
export const DEPTH_LIMITS = {
  maxWidth: 4096,
  maxDepth: 100,
  minNetworks: 100,
  maxNetworks: 100_000,
  maxDropout: 0.9,
  ...NETWORK_LIMITS,
} as const;

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

/** The view's fields: the link's and the number inputs' checks. */
export const DEPTH_FIELDS: FieldTable<DepthState> = {
  ...networkFields(DEPTH_LIMITS),
  norm: oneOf(DEPTH_NORMS, { label: 'Normalization' }),
  dropout: real(0, DEPTH_LIMITS.maxDropout, { label: 'Dropout' }),
  compare: boolean(),
};

export const DEPTH_URL = viewUrl(VIEW, DEPTH_DEFAULTS, DEPTH_FIELDS);
export const parseDepthHash = (hash: string): ParsedFields<DepthState> => DEPTH_URL.parse(hash, 'cpu');
export const formatDepthHash = DEPTH_URL.format;
export const sameDepthState = DEPTH_URL.same;
/** Same computation: every field but `present`, so switching presentation mode never re-runs. */
export const sameDepthRun = DEPTH_URL.sameRun;
