/**
 * Wick's theorem for a zero-mean Gaussian vector z ~ N(0, K) (THEORY.md section 8): a moment
 * of an even number 2m of factors is the sum, over the perfect matchings ("pairings") of the
 * factors, of the product of the covariances of the matched pairs,
 *
 *   E[z_a z_b z_c z_d] = K_ab K_cd + K_ac K_bd + K_ad K_bc,   E z^4 = 3 K^2,
 *
 * and there are (2m-1)!! pairings. An odd number of factors has zero mean. DOM-free.
 *
 *   pairings(4);                              // [[[0,1],[2,3]], [[0,2],[1,3]], [[0,3],[1,2]]]
 *   wickMoment([0, 0, 1, 1], [[1, 0.5], [0.5, 2]]); // K11 K22 + 2 K12^2 = 2.5
 *   bivariateMoment(2, 2, { k11: 1, k22: 2, k12: 0.5 }); // the same, without enumerating
 */

/** A pairing of factors 0..n-1: pairs [i, j] with i < j, in the order of their first factors. */
export type Pairing = readonly (readonly [number, number])[];

/** n!! = n (n-2) (n-4) ... down to 1 or 2; (-1)!! = 0!! = 1. Exact below 2^53 (n <= 29 for odd n). */
export function doubleFactorial(n: number): number {
  if (!Number.isInteger(n) || n < -1)
    throw new RangeError(`double factorial needs a whole number >= -1, got ${n}`);
  let r = 1;
  for (let k = n; k > 1; k -= 2) r *= k;
  return r;
}

/** Above this many factors the pairings are too many to list ((2m-1)!! = 2027025 at 2m = 16). */
export const MAX_PAIRED_FACTORS = 12;

/**
 * Every perfect matching of the factors 0..n-1 (n even, at most MAX_PAIRED_FACTORS), in a fixed
 * order: factor 0's partner runs 1, 2, ..., n-1, and for each the rest is matched the same way.
 * That recursion is why the count is (n-1)!!: n-1 partners for the first, times (n-3)!! for the rest.
 */
export function pairings(n: number): Pairing[] {
  if (!Number.isInteger(n) || n < 0 || n % 2 !== 0 || n > MAX_PAIRED_FACTORS)
    throw new RangeError(`pairings need an even number of factors from 0 to ${MAX_PAIRED_FACTORS}, got ${n}`);
  const out: Pairing[] = [];
  const walk = (rest: number[], acc: [number, number][]): void => {
    if (rest.length === 0) {
      out.push(acc.map((p) => [p[0], p[1]] as const));
      return;
    }
    const [first, ...others] = rest;
    for (let k = 0; k < others.length; k++) {
      acc.push([first, others[k]]);
      walk([...others.slice(0, k), ...others.slice(k + 1)], acc);
      acc.pop();
    }
  };
  walk(
    Array.from({ length: n }, (_, i) => i),
    [],
  );
  return out;
}

/** A covariance matrix as rows: K[a][b] = E z_a z_b (symmetric). */
export type Covariance = readonly (readonly number[])[];

/** The product of K over the pairs of one pairing of factors labelled `labels` (labels[i]: which component factor i is). */
export function pairingProduct(pairing: Pairing, labels: readonly number[], K: Covariance): number {
  let p = 1;
  for (const [i, j] of pairing) p *= K[labels[i]][labels[j]];
  return p;
}

/**
 * E[z_{labels[0]} z_{labels[1]} ...] for z ~ N(0, K), by summing over every pairing (Wick);
 * zero for an odd number of factors.
 */
export function wickMoment(labels: readonly number[], K: Covariance): number {
  if (labels.length % 2 === 1) return 0;
  let s = 0;
  for (const p of pairings(labels.length)) s += pairingProduct(p, labels, K);
  return s;
}

/** A 2x2 covariance: variances k11, k22 and covariance k12. */
export interface Cov2 {
  k11: number;
  k22: number;
  k12: number;
}

function factorial(n: number): number {
  let r = 1;
  for (let k = 2; k <= n; k++) r *= k;
  return r;
}

/** Binomial coefficient C(n, k) (exact in doubles for the small n used here). */
function choose(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

/**
 * E[z1^p z2^q] for (z1, z2) ~ N(0, K), by Wick's theorem with the pairings grouped by their
 * number j of cross pairs (z1 with z2): C(p, j) C(q, j) j! ways to choose and match them, then
 * (p-j-1)!! and (q-j-1)!! pairings of what is left, each worth K12^j K11^((p-j)/2) K22^((q-j)/2).
 * The same number as wickMoment without listing (p+q-1)!! pairings (15!! = 2027025 for p+q = 16).
 */
export function bivariateMoment(p: number, q: number, K: Cov2): number {
  if (!Number.isInteger(p) || !Number.isInteger(q) || p < 0 || q < 0)
    throw new RangeError(`moment orders must be whole numbers >= 0, got ${p}, ${q}`);
  if ((p + q) % 2 === 1) return 0;
  let s = 0;
  for (let j = p % 2; j <= Math.min(p, q); j += 2) {
    const count =
      choose(p, j) * choose(q, j) * factorial(j) * doubleFactorial(p - j - 1) * doubleFactorial(q - j - 1);
    s += count * K.k12 ** j * K.k11 ** ((p - j) / 2) * K.k22 ** ((q - j) / 2);
  }
  return s;
}

/** E z^{2m} = (2m-1)!! K^m for z ~ N(0, K). */
export function evenMoment(m: number, K: number): number {
  return doubleFactorial(2 * m - 1) * K ** m;
}

/**
 * Var(z1^p z2^q) = E[z1^{2p} z2^{2q}] - (E[z1^p z2^q])^2: what the standard error of a sample
 * mean of z1^p z2^q is made of (SE = sqrt(Var / N)). For z^{2m} alone it is
 * ((4m-1)!! - ((2m-1)!!)^2) K^{2m}.
 */
export function productVariance(p: number, q: number, K: Cov2): number {
  const mean = bivariateMoment(p, q, K);
  return bivariateMoment(2 * p, 2 * q, K) - mean * mean;
}

/** The labels of E[z1^p z2^q]'s factors: p ones (component 0) then q twos (component 1). */
export function factorLabels(p: number, q: number): number[] {
  return [...Array<number>(p).fill(0), ...Array<number>(q).fill(1)];
}

/** The 2x2 covariance as rows, for wickMoment. */
export function covRows(K: Cov2): Covariance {
  return [
    [K.k11, K.k12],
    [K.k12, K.k22],
  ];
}
