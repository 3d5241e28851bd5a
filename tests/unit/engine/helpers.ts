/**
 * Small statistics used by the engine tests, kept here so the tests do not depend on the
 * stats layer while it is written. Standard errors come from the delta method on the
 * sample (influence functions), never from an expected value.
 */

export interface Estimate {
  value: number;
  se: number;
}

/** Mean and its standard error. */
export function meanEstimate(xs: ArrayLike<number>): Estimate {
  const n = xs.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += xs[i];
  const m = s / n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (xs[i] - m) ** 2;
  return { value: m, se: Math.sqrt(v / (n - 1) / n) };
}

/** Sample variance about the sample mean, with a delta-method standard error. */
export function varianceEstimate(xs: ArrayLike<number>): Estimate {
  const n = xs.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += xs[i];
  const m = s / n;
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = (xs[i] - m) ** 2;
    m2 += d;
    m4 += d * d;
  }
  m2 /= n;
  m4 /= n;
  return { value: (m2 * n) / (n - 1), se: Math.sqrt(Math.max(m4 - m2 * m2, 0) / n) };
}

/**
 * Excess kurtosis m4/m2^2 - 3 about a known centre (0 for network outputs, by symmetry),
 * with the delta-method standard error from psi_i = (x^4 - m4)/m2^2 - 2 m4 (x^2 - m2)/m2^3.
 */
export function kurtosisEstimate(xs: ArrayLike<number>, centre = 0): Estimate {
  const n = xs.length;
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = (xs[i] - centre) ** 2;
    m2 += d;
    m4 += d * d;
  }
  m2 /= n;
  m4 /= n;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const d = (xs[i] - centre) ** 2;
    const psi = (d * d - m4) / (m2 * m2) - (2 * m4 * (d - m2)) / (m2 * m2 * m2);
    v += psi * psi;
  }
  return { value: m4 / (m2 * m2) - 3, se: Math.sqrt(v / n / n) };
}

/** Rao-Blackwellized excess kurtosis from per-network variances G: 3 E G^2/(E G)^2 - 3. */
export function gramKurtosisEstimate(g: ArrayLike<number>): Estimate {
  const n = g.length;
  let m1 = 0;
  let m2 = 0;
  for (let i = 0; i < n; i++) {
    m1 += g[i];
    m2 += g[i] * g[i];
  }
  m1 /= n;
  m2 /= n;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const psi = (3 * (g[i] * g[i] - m2)) / (m1 * m1) - (6 * m2 * (g[i] - m1)) / (m1 * m1 * m1);
    v += psi * psi;
  }
  return { value: (3 * m2) / (m1 * m1) - 3, se: Math.sqrt(v / n / n) };
}

/** |a - b| in units of the combined standard error. */
export function zScore(a: Estimate, b: Estimate | number): number {
  if (typeof b === 'number') return Math.abs(a.value - b) / a.se;
  return Math.abs(a.value - b.value) / Math.hypot(a.se, b.se);
}

/** Kolmogorov's limiting survival function Q(t) = 2 sum (-1)^(j-1) exp(-2 j^2 t^2). */
export function kolmogorovQ(t: number): number {
  if (t < 0.2) return 1;
  let s = 0;
  for (let j = 1; j < 100; j++) {
    const term = 2 * (j % 2 === 1 ? 1 : -1) * Math.exp(-2 * j * j * t * t);
    s += term;
    if (Math.abs(term) < 1e-16) break;
  }
  return Math.min(1, Math.max(0, s));
}

/** Two-sample Kolmogorov-Smirnov statistic and asymptotic p-value (Stephens' correction). */
export function ksTwoSample(a: ArrayLike<number>, b: ArrayLike<number>): { d: number; p: number } {
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i], y[j]);
    while (i < x.length && x[i] <= v) i++;
    while (j < y.length && y[j] <= v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  const ne = (x.length * y.length) / (x.length + y.length);
  const sq = Math.sqrt(ne);
  return { d, p: kolmogorovQ((sq + 0.12 + 0.11 / sq) * d) };
}

/** One-sample KS distance of samples from a (possibly discrete) CDF: sup |F_n - F| at jumps. */
export function ksOneSample(samples: ArrayLike<number>, cdf: (x: number) => number): number {
  const x = Float64Array.from(samples).sort();
  const n = x.length;
  let d = 0;
  let i = 0;
  while (i < n) {
    const v = x[i];
    let j = i;
    while (j < n && x[j] === v) j++;
    const f = cdf(v);
    const below = cdf(v - 1e-9 * Math.max(1, Math.abs(v)));
    d = Math.max(d, Math.abs(j / n - f), Math.abs(i / n - below));
    i = j;
  }
  return d;
}
