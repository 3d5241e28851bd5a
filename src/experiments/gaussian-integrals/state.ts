/**
 * The "Gaussian integrals" view's state and its round trip through the URL hash
 * (lab/url-fields.ts): `#view=gaussian-integrals&m=2&p=2&...`, every field validated on its
 * own, a bad value falling back to its default with a notice. One more rule across fields: the
 * moment's z1 factors p are at most its order 2m (a link asking for more gets 2m, said in a notice).
 *
 *   const { state, notices } = GAUSSIAN_INTEGRALS_URL.parse(location.hash, 'cpu');
 */
import { NETWORK_LIMITS } from '../../lab/network-fields.ts';
import { boolean, integer, real, viewUrl, type FieldTable, type ViewUrl } from '../../lab/url-fields.ts';

export const VIEW = 'gaussian-integrals';

export interface GaussianIntegralsState {
  /** The 1-D integral's variance K and mean mu. */
  k: number;
  mu: number;
  /** The 2-D Gaussian's variances K11, K22 and correlation rho (K12 = rho sqrt(K11 K22)). */
  k11: number;
  k22: number;
  rho: number;
  /** The moment E[z1^p z2^(2m-p)]: its order is 2m, p of its factors are z1. */
  m: number;
  p: number;
  /** Samples drawn (the convergence chart runs up to this many). */
  samples: number;
  seed: number;
  present: boolean;
}

export const LIMITS = {
  minK: 0.1,
  maxK: 4,
  maxMu: 3,
  maxRho: 0.95,
  maxM: 4,
  minSamples: 100,
  maxSamples: 1_000_000,
} as const;

/** E[z1^2 z2^2] = K11 K22 + 2 K12^2 of a correlated pair: the 4-point formula's three pairings. */
export const DEFAULTS: GaussianIntegralsState = {
  k: 1,
  mu: 0,
  k11: 1,
  k22: 1,
  rho: 0.5,
  m: 2,
  p: 2,
  samples: 100_000,
  seed: 1,
  present: false,
};

export const FIELDS: FieldTable<GaussianIntegralsState> = {
  k: real(LIMITS.minK, LIMITS.maxK, { label: 'Variance K' }),
  mu: real(-LIMITS.maxMu, LIMITS.maxMu, { label: 'Mean μ' }),
  k11: real(LIMITS.minK, LIMITS.maxK, { label: 'K11' }),
  k22: real(LIMITS.minK, LIMITS.maxK, { label: 'K22' }),
  rho: real(-LIMITS.maxRho, LIMITS.maxRho, { label: 'Correlation ρ' }),
  m: integer(1, LIMITS.maxM, { label: 'Moment order m' }),
  p: integer(0, 2 * LIMITS.maxM, { label: 'Factors of z1' }),
  samples: integer(LIMITS.minSamples, LIMITS.maxSamples, { label: 'Samples' }),
  seed: integer(0, NETWORK_LIMITS.maxSeed, { label: 'Seed' }),
  present: boolean({ viewOnly: true }),
};

const base = viewUrl(VIEW, DEFAULTS, FIELDS);

export const GAUSSIAN_INTEGRALS_URL: ViewUrl<GaussianIntegralsState> = {
  ...base,
  parse: (hash, backend) => {
    const r = base.parse(hash, backend);
    if (r.state.p <= 2 * r.state.m) return r;
    const p = 2 * r.state.m;
    return {
      state: { ...r.state, p },
      notices: [...r.notices, `Factors of z1 must be at most 2m = ${p}; using ${p}.`],
      keys: [...(r.keys ?? []), 'p'],
    };
  },
};

/** The covariance of the 2-D Gaussian. */
export function covarianceOf(s: Pick<GaussianIntegralsState, 'k11' | 'k22' | 'rho'>) {
  return { k11: s.k11, k22: s.k22, k12: s.rho * Math.sqrt(s.k11 * s.k22) };
}
