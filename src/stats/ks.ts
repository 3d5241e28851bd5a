/**
 * Kolmogorov-Smirnov tests: one sample against a CDF, and two samples. p-values come from the
 * Kolmogorov distribution with Stephens' finite-N correction (M. A. Stephens, J. R. Stat. Soc.
 * B 32 (1970) 115; Numerical Recipes sec. 14.3): p = Q_K((sqrt(N) + 0.12 + 0.11/sqrt(N)) D),
 * with N the effective size n m / (n + m) for two samples. Accurate to a few 0.001 in the upper
 * tail (p <= 0.2) that decisions use, about 0.01 near p = 0.5 at N ~ 30 (tests/unit/stats compare
 * with SciPy's exact finite-N values).
 */

export interface KsResult {
  /** sup |F_n - F| (or sup |F_n - G_m|). */
  statistic: number;
  /** P(D >= statistic) under the null hypothesis. */
  pValue: number;
  /** Sample size (effective size n m / (n + m) for two samples). */
  n: number;
}

const PI2 = Math.PI * Math.PI;

/** Kolmogorov distribution K(x) = P(sup_t |B(t)| <= x) for the Brownian bridge B. */
export function kolmogorovCdf(x: number): number {
  if (!(x > 0)) return 0;
  if (x < 1.18) {
    // Jacobi-transformed series, fast for small x: sqrt(2 pi)/x sum exp(-(2k-1)^2 pi^2 / (8 x^2)).
    const f = -PI2 / (8 * x * x);
    let s = 0;
    for (let k = 1; k <= 20; k++) {
      const t = Math.exp(f * (2 * k - 1) * (2 * k - 1));
      s += t;
      if (t < 1e-17 * s) break;
    }
    return (Math.sqrt(2 * Math.PI) / x) * s;
  }
  return 1 - kolmogorovSurvival(x);
}

/** Q_K(x) = 1 - K(x) = 2 sum_{k>=1} (-1)^(k-1) exp(-2 k^2 x^2), computed without cancellation. */
export function kolmogorovSurvival(x: number): number {
  if (!(x > 0)) return 1;
  if (x < 1.18) return 1 - kolmogorovCdf(x);
  let s = 0;
  let sign = 1;
  for (let k = 1; k <= 100; k++) {
    const t = Math.exp(-2 * k * k * x * x);
    s += sign * t;
    sign = -sign;
    if (t < 1e-17 * Math.abs(s)) break;
  }
  return Math.min(1, Math.max(0, 2 * s));
}

/** p-value of a KS statistic D at (effective) sample size n, with Stephens' correction. */
export function ksPValue(d: number, n: number): number {
  const sn = Math.sqrt(n);
  return kolmogorovSurvival((sn + 0.12 + 0.11 / sn) * d);
}

function sortedCopy(values: ArrayLike<number>): Float64Array {
  const s = Float64Array.from(values as ArrayLike<number>);
  s.sort();
  return s;
}

/** One-sample KS statistic sup |F_n(x) - cdf(x)| of `sample` against a continuous `cdf`. */
export function ksStatistic(sample: ArrayLike<number>, cdf: (x: number) => number): number {
  const s = sortedCopy(sample);
  const n = s.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(s[i]);
    // Just after x_i the empirical CDF is (i+1)/n, just before it i/n.
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

/** One-sample KS test against a continuous CDF. */
export function ksOneSample(sample: ArrayLike<number>, cdf: (x: number) => number): KsResult {
  if (sample.length === 0) throw new RangeError('KS test of an empty sample');
  const d = ksStatistic(sample, cdf);
  return { statistic: d, pValue: ksPValue(d, sample.length), n: sample.length };
}

/** Two-sample statistic sup |F_a - F_b| (ties handled: both CDFs step past equal values together). */
export function ksTwoSampleStatistic(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const x = sortedCopy(a);
  const y = sortedCopy(b);
  const n = x.length;
  const m = y.length;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n && j < m) {
    const v = Math.min(x[i], y[j]);
    while (i < n && x[i] === v) i++;
    while (j < m && y[j] === v) j++;
    d = Math.max(d, Math.abs(i / n - j / m));
  }
  return d;
}

/** Two-sample KS test. */
export function ksTwoSample(a: ArrayLike<number>, b: ArrayLike<number>): KsResult {
  if (a.length === 0 || b.length === 0) throw new RangeError('KS test of an empty sample');
  const d = ksTwoSampleStatistic(a, b);
  const ne = (a.length * b.length) / (a.length + b.length);
  return { statistic: d, pValue: ksPValue(d, ne), n: ne };
}
