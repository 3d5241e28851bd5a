/**
 * Sums of n iid non-Gaussian variables, S_n = (1/sqrt n) sum_{i=1..n} X_i (THEORY.md section 8):
 * the exact cumulants of four standardized variables X (mean 0, variance 1), moments <->
 * cumulants, and how the cumulants of S_n shrink with n. Cumulants add over independent terms
 * and kappa_r(c X) = c^r kappa_r(X), so
 *
 *   kappa_r(S_n) = n * n^{-r/2} kappa_r(X) = n^{1 - r/2} kappa_r(X):
 *
 * the excess kurtosis kappa_4 falls as 1/n and kappa_6 as 1/n^2 (kappa_3, where X is skewed, as
 * 1/sqrt n). That is the central limit theorem with its first correction, the reason the
 * infinite-width limit is Gaussian and the 1/n kurtosis its first finite-width term.
 *
 * The four X, each scaled to variance 1:
 * - uniform on [-sqrt 3, sqrt 3]: kappa_r = 12^{r/2} B_r / r for even r (B_r Bernoulli numbers);
 * - the +-1 coin (Rademacher): log cosh t, kappa_{2m} = 2^{2m}(2^{2m} - 1) B_{2m} / (2m), so -2, 16;
 * - the centered exponential E - 1: kappa_r = (r - 1)! for r >= 2;
 * - a ReLU unit's output sqrt 2 w relu(u), w, u ~ N(0, 1) independent: even moments
 *   E[X^{2m}] = 2^m E[w^{2m}] E[relu(u)^{2m}] = 2^m ((2m-1)!!)^2 / 2 (m >= 1), odd ones 0, and
 *   its cumulants from them (15, 660, ...). This X is one term of a ReLU network's second-layer
 *   preactivation z = (1/sqrt n) sum_j W_j relu(u_j) at C_W = 2: the same 15/n kurtosis.
 *
 *   sumCumulant('coin', 4, 64)  // -2 / 64
 */
import { normalPdf } from './special.ts';

export const SUM_DISTRIBUTIONS = ['uniform', 'coin', 'exponential', 'relu-unit'] as const;
export type SumDistribution = (typeof SUM_DISTRIBUTIONS)[number];

/** Words for each X: a short label (selects, legends) and its definition. */
export const SUM_DISTRIBUTION_TEXT: Record<SumDistribution, { label: string; definition: string }> = {
  uniform: { label: 'uniform', definition: 'uniform on [−√3, √3]' },
  coin: { label: '±1 coin', definition: 'a fair coin, ±1' },
  exponential: { label: 'exponential', definition: 'an exponential minus its mean, E − 1' },
  'relu-unit': { label: 'ReLU unit w·relu(u)', definition: 'a ReLU unit √2·w·relu(u), with w, u ~ N(0, 1)' },
};

/** Binomial coefficient C(n, k) in float64 (exact for the small n used here). */
export function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return Math.round(c);
}

/** (2m - 1)!! = 1 * 3 * ... * (2m - 1); 1 for m = 0. */
export function oddDoubleFactorial(m: number): number {
  let p = 1;
  for (let i = 1; i <= m; i++) p *= 2 * i - 1;
  return p;
}

export function factorial(n: number): number {
  let p = 1;
  for (let i = 2; i <= n; i++) p *= i;
  return p;
}

/** A fraction num/den of BigInts, den > 0, in lowest terms. */
type Fraction = readonly [bigint, bigint];

const gcd = (a: bigint, b: bigint): bigint => {
  a = a < 0n ? -a : a;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
};
const reduce = ([n, d]: Fraction): Fraction => {
  const g = gcd(n, d) || 1n;
  return d < 0n ? [-n / g, -d / g] : [n / g, d / g];
};

/**
 * Bernoulli numbers B_0..B_n (B_1 = -1/2) as exact fractions, from
 * sum_{k=0}^{m} C(m+1, k) B_k = 0: exact, so that the closed forms below give -2 and 16 to the
 * last bit rather than -1.9999999999999982.
 */
export function bernoulliFractions(n: number): Fraction[] {
  const b: Fraction[] = [[1n, 1n]];
  for (let m = 1; m <= n; m++) {
    let s: Fraction = [0n, 1n];
    for (let k = 0; k < m; k++) {
      const c = BigInt(binomial(m + 1, k));
      s = reduce([s[0] * b[k][1] + c * b[k][0] * s[1], s[1] * b[k][1]]);
    }
    b.push(reduce([-s[0], s[1] * BigInt(m + 1)]));
  }
  return b;
}

/** Bernoulli numbers B_0..B_n as numbers (each the nearest double to the exact fraction). */
export function bernoulliNumbers(n: number): number[] {
  return bernoulliFractions(n).map(([num, den]) => Number(num) / Number(den));
}

/** factor * B_r / r in exact arithmetic, rounded once. */
function bernoulliTerm(factor: bigint, r: number): number {
  const [num, den] = reduce([factor * bernoulliFractions(r)[r][0], bernoulliFractions(r)[r][1] * BigInt(r)]);
  return Number(num) / Number(den);
}

/**
 * Cumulants kappa_0..kappa_R from raw moments mu_0..mu_R (mu_0 = 1) by
 * kappa_r = mu_r - sum_{k=1}^{r-1} C(r-1, k-1) kappa_k mu_{r-k}; kappa_0 is 0.
 */
export function momentsToCumulants(mu: readonly number[]): number[] {
  const k = [0];
  for (let r = 1; r < mu.length; r++) {
    let v = mu[r];
    for (let j = 1; j < r; j++) v -= binomial(r - 1, j - 1) * k[j] * mu[r - j];
    k.push(v);
  }
  return k;
}

/** The inverse: raw moments mu_0..mu_R from cumulants kappa_0..kappa_R (kappa_0 ignored). */
export function cumulantsToMoments(kappa: readonly number[]): number[] {
  const mu = [1];
  for (let r = 1; r < kappa.length; r++) {
    let v = 0;
    for (let j = 1; j <= r; j++) v += binomial(r - 1, j - 1) * kappa[j] * mu[r - j];
    mu.push(v);
  }
  return mu;
}

/** Highest order the view and tests use (kappa_6's standard error needs moments to 12). */
export const MAX_ORDER = 12;

/**
 * Exact raw moments E[X^r], r = 0..R, of the standardized X (computed from each law's own
 * moments, not from the cumulants below, so that each checks the other).
 */
export function exactMoments(d: SumDistribution, R = MAX_ORDER): number[] {
  const mu: number[] = [];
  for (let r = 0; r <= R; r++) {
    const even = r % 2 === 0;
    const m = r / 2;
    switch (d) {
      case 'uniform':
        // E[U^{2m}] for U uniform on [-a, a] is a^{2m}/(2m+1); a = sqrt 3.
        mu.push(even ? 3 ** m / (r + 1) : 0);
        break;
      case 'coin':
        mu.push(even ? 1 : 0);
        break;
      case 'exponential': {
        // E[(E - 1)^r] = sum_k C(r, k) E[E^k] (-1)^{r-k}, E[E^k] = k!: the derangement numbers.
        let s = 0;
        for (let k = 0; k <= r; k++) s += binomial(r, k) * factorial(k) * ((r - k) % 2 === 0 ? 1 : -1);
        mu.push(s);
        break;
      }
      case 'relu-unit':
        mu.push(r === 0 ? 1 : even ? (2 ** m * oddDoubleFactorial(m) ** 2) / 2 : 0);
        break;
    }
  }
  return mu;
}

/** The exact cumulant kappa_r of the standardized X (r >= 1), in closed form where there is one. */
export function exactCumulant(d: SumDistribution, r: number): number {
  if (!Number.isInteger(r) || r < 1)
    throw new RangeError(`cumulant order must be a whole number >= 1, got ${r}`);
  if (r === 1) return 0;
  if (r === 2) return 1;
  switch (d) {
    case 'uniform':
      return r % 2 === 0 ? bernoulliTerm(12n ** BigInt(r / 2), r) : 0;
    case 'coin':
      return r % 2 === 0 ? bernoulliTerm(2n ** BigInt(r) * (2n ** BigInt(r) - 1n), r) : 0;
    case 'exponential':
      return factorial(r - 1);
    case 'relu-unit':
      return momentsToCumulants(exactMoments(d, r))[r];
  }
}

/** kappa_r(S_n) = n^{1 - r/2} kappa_r(X). */
export function sumCumulant(d: SumDistribution, r: number, n: number): number {
  return n ** (1 - r / 2) * exactCumulant(d, r);
}

/** The power of n that kappa_r(S_n) falls with: 1 - r/2 (-1 for kappa_4, -2 for kappa_6). */
export const cumulantSlope = (r: number): number => 1 - r / 2;

/**
 * The Edgeworth density of a standardized sum to order 1/n: phi(x) [1 + (k3/6) He3(x) +
 * (k4/24) He4(x) + (k3^2/72) He6(x)], with He the probabilists' Hermite polynomials and k3, k4
 * the sum's own cumulants (so k3 ~ n^{-1/2}, k4 and k3^2 ~ 1/n). It integrates to 1 and has the
 * given third and fourth cumulants; it may dip below 0 where the correction is large (small n).
 */
export function edgeworthDensity(x: number, k3: number, k4: number): number {
  const x2 = x * x;
  const he3 = x * (x2 - 3);
  const he4 = x2 * x2 - 6 * x2 + 3;
  const he6 = x2 * x2 * x2 - 15 * x2 * x2 + 45 * x2 - 15;
  return normalPdf(x) * (1 + (k3 / 6) * he3 + (k4 / 24) * he4 + ((k3 * k3) / 72) * he6);
}
