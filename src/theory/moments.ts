/**
 * Gaussian moments of an activation that the recursions need, with closed forms where they
 * exist (linear, ReLU, leaky ReLU; erf's second moments) and the accurate quadrature
 * otherwise. Results are cached per (activation, K) because the critical-point solvers and the
 * report ask for the same K many times.
 */
import type { Activation } from './activations.ts';
import { gaussianPairExpectations, gaussianVectorExpectation } from './quadrature.ts';
import { hermiteCoefficients, MAX_SERIES_K, mehlerSum, seriesLength } from './hermite-series.ts';

/** Moments of sigma(z), z ~ N(0, K). */
export interface SingleMoments {
  readonly K: number;
  /** <sigma^2>_K */
  readonly s2: number;
  /** <sigma^4>_K */
  readonly s4: number;
  /** d<sigma^2>_K / dK = <sigma^2 (z^2 - K)>_K / (2 K^2) (sigma'(0)^2 + sigma(0) sigma''(0) at K = 0) */
  readonly ds2: number;
  /** <sigma'^2>_K */
  readonly dd: number;
  /** <sigma sigma''>_K (the nonzero-K* criticality condition) */
  readonly sdd: number;
}

/** Two-input moments of sigma over (u, v) ~ N(0, [[kaa, kab], [kab, kbb]]). */
export interface PairMoments {
  /** <sigma(u) sigma(v)> */
  readonly ss: number;
  /** <sigma'(u) sigma'(v)> */
  readonly dd: number;
}

/** Negative-side slope of a piecewise-linear activation (linear 1, relu 0), else null. */
export function linearSlope(act: Activation): number | null {
  if (act.name === 'linear') return 1;
  if (act.name === 'relu') return 0;
  if (act.name === 'leaky-relu') return act.slope;
  return null;
}

/** Kinks plus the origin: where quadrature splits (steps of tanh/sigmoid sit at 0). */
export function specialPoints(act: Activation): number[] {
  return act.kinks.includes(0) ? [...act.kinks] : [0, ...act.kinks];
}

const CACHE_LIMIT = 20_000;
const singleCache = new Map<string, SingleMoments>();

function remember<T>(cache: Map<string, T>, key: string, value: T, limit = CACHE_LIMIT): T {
  if (cache.size >= limit) cache.clear();
  cache.set(key, value);
  return value;
}

/** Moments of sigma by quadrature only (no closed forms): used by the tests as a cross-check. */
export function singleMomentsByQuadrature(act: Activation, K: number): SingleMoments {
  if (K === 0) {
    const f0 = act.f(0);
    const d0 = act.df(0);
    return { K, s2: f0 * f0, s4: f0 ** 4, ds2: d0 * d0 + f0 * act.d2f(0), dd: d0 * d0, sdd: f0 * act.d2f(0) };
  }
  const { f, df, d2f } = act;
  const [s2, s4, m, dd, sdd] = gaussianVectorExpectation(
    (z, out) => {
      const s = f(z);
      const s2z = s * s;
      const d = df(z);
      out[0] = s2z;
      out[1] = s2z * s2z;
      // sigma^2 (z^2 - K) / (2K^2), written in K units so small K loses nothing.
      out[2] = (s2z * ((z * z) / K - 1)) / (2 * K);
      out[3] = d * d;
      out[4] = s * d2f(z);
    },
    5,
    K,
    { points: specialPoints(act), smooth: act.kinks.length === 0 },
  );
  return { K, s2, s4, ds2: m, dd, sdd };
}

/** <sigma^2>, <sigma^4>, d<sigma^2>/dK, <sigma'^2>, <sigma sigma''> at K (cached). */
export function singleMoments(act: Activation, K: number): SingleMoments {
  if (K < 0) throw new RangeError(`kernel must be non-negative, got ${K}`);
  const a = linearSlope(act);
  if (!Number.isFinite(K) && a === null) {
    // An exploding recursion (C_W above criticality) overflowed to Infinity, then NaN: nothing
    // finite to report, and the report says so instead of throwing.
    return { K, s2: NaN, s4: NaN, ds2: NaN, dd: NaN, sdd: NaN };
  }
  if (a !== null) {
    const a2 = (1 + a * a) / 2;
    return { K, s2: a2 * K, s4: 1.5 * (1 + a ** 4) * K * K, ds2: a2, dd: a2, sdd: 0 };
  }
  const key = `${act.id}|${K}`;
  const hit = singleCache.get(key);
  if (hit) return hit;
  let m = singleMomentsByQuadrature(act, K);
  if (act.name === 'erf') {
    // Closed forms (Williams 1997): <erf^2> = (2/pi) asin(2K/(1+2K)); <erf'^2> = (4/pi)/sqrt(1+4K).
    const r = Math.sqrt(1 + 4 * K);
    m = {
      ...m,
      s2: (2 / Math.PI) * Math.asin((2 * K) / (1 + 2 * K)),
      dd: 4 / Math.PI / r,
      ds2: 4 / Math.PI / ((1 + 2 * K) * r),
    };
  }
  return remember(singleCache, key, m);
}

const pairCache = new Map<string, PairMoments>();

/** Closed-form ReLU-family two-input moments with negative slope a. */
function piecewiseLinearPair(a: number, kaa: number, kab: number, kbb: number): PairMoments {
  const norm = Math.sqrt(kaa * kbb);
  // A zero variance makes that unit identically 0; take c = 1 (sigma'(0) as the right limit).
  const c = norm === 0 ? 1 : Math.max(-1, Math.min(1, kab / norm));
  const t = Math.acos(c);
  // sigma(x) = a x + (1-a) relu(x); E[u relu(v)] = kab / 2 by Stein's lemma.
  const reluReluSS = (norm / (2 * Math.PI)) * (Math.sin(t) + (Math.PI - t) * c);
  const stepStep = (Math.PI - t) / (2 * Math.PI);
  return { ss: a * kab + (1 - a) ** 2 * reluReluSS, dd: a + (1 - a) ** 2 * stepStep };
}

/** Two-input moments by quadrature only (tests' cross-check). */
export function pairMomentsByQuadrature(
  act: Activation,
  kaa: number,
  kab: number,
  kbb: number,
  tol?: number,
): PairMoments {
  const pts = specialPoints(act);
  const [ss, dd] = gaussianPairExpectations(
    [
      [act.f, act.f],
      [act.df, act.df],
    ],
    kaa,
    kab,
    kbb,
    { pointsU: pts, pointsV: pts, tol, smooth: act.kinks.length === 0 },
  );
  return { ss, dd };
}

/** <sigma(u) sigma(v)> and <sigma'(u) sigma'(v)> over the 2x2 Gaussian (cached). */
export function pairMoments(act: Activation, kaa: number, kab: number, kbb: number): PairMoments {
  const a = linearSlope(act);
  if (a !== null) return piecewiseLinearPair(a, kaa, kab, kbb);
  if (act.name === 'erf') {
    const d = (1 + 2 * kaa) * (1 + 2 * kbb);
    return {
      ss: (2 / Math.PI) * Math.asin(Math.max(-1, Math.min(1, (2 * kab) / Math.sqrt(d)))),
      dd: 4 / Math.PI / Math.sqrt(d - 4 * kab * kab),
    };
  }
  const key = `${act.id}|${kaa}|${kab}|${kbb}`;
  const hit = pairCache.get(key);
  if (hit) return hit;
  // Equal inputs reduce to the single-input moments (exact, and 100x cheaper).
  if (kaa === kbb && kab === kaa) {
    const m = singleMoments(act, kaa);
    return remember(pairCache, key, { ss: m.s2, dd: m.dd });
  }
  const series = pairMomentsBySeries(act, kaa, kab, kbb);
  if (series) return remember(pairCache, key, series);
  // 1e-11 (against the L1 norm; the halving estimate overstates the error by orders of
  // magnitude) keeps the nested rule at a few ms while staying below the 1e-10 target.
  return remember(pairCache, key, pairMomentsByQuadrature(act, kaa, kab, kbb, 1e-11));
}

interface SeriesCoefficients {
  /** Of sigma and of sigma', null where the series has not converged at this K. */
  readonly f: Float64Array | null;
  readonly df: Float64Array | null;
}
const seriesCache = new Map<string, SeriesCoefficients>();
/** Each entry holds up to 2 x 4096 doubles: a layer of a 65-point kernel needs 65. */
const SERIES_CACHE_LIMIT = 1024;

function seriesCoefficients(act: Activation, K: number, terms: number): SeriesCoefficients {
  const key = `${act.id}|${K}|${terms}`;
  const hit = seriesCache.get(key);
  if (hit) return hit;
  const m = singleMoments(act, K);
  return remember(
    seriesCache,
    key,
    {
      f: hermiteCoefficients(act.f, K, m.s2, terms),
      df: hermiteCoefficients(act.df, K, m.dd, terms),
    },
    SERIES_CACHE_LIMIT,
  );
}

/**
 * Two-input moments of a smooth activation by Mehler's series (hermite-series.ts), or null
 * where it has not converged to 1e-12 at either variance (tanh saturated at K > 128): a kernel
 * over k inputs then costs k coefficient vectors per layer instead of k^2 / 2 nested quadratures.
 */
export function pairMomentsBySeries(
  act: Activation,
  kaa: number,
  kab: number,
  kbb: number,
): PairMoments | null {
  if (act.kinks.length > 0 || !(kaa > 0 && kbb > 0 && Math.max(kaa, kbb) <= MAX_SERIES_K)) return null;
  const terms = seriesLength(Math.max(kaa, kbb));
  const a = seriesCoefficients(act, kaa, terms);
  const b = seriesCoefficients(act, kbb, terms);
  if (!a.f || !a.df || !b.f || !b.df) return null;
  const c = kab / Math.sqrt(kaa * kbb);
  return { ss: mehlerSum(a.f, b.f, c), dd: mehlerSum(a.df, b.df, c) };
}
