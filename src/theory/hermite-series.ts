/**
 * Two-input Gaussian expectations of analytic functions by Mehler's formula. For standard
 * normal x, y with correlation c,
 *   E[f(sqrt(kaa) x) g(sqrt(kbb) y)] = sum_n c^n a_n b_n,
 *   a_n = E[f(sqrt(kaa) z) h_n(z)],  b_n = E[g(sqrt(kbb) z) h_n(z)],
 * with h_n = He_n / sqrt(n!) the orthonormal Hermite polynomials. The coefficients depend on one
 * variance each, so a kernel over k inputs needs k coefficient vectors per layer and then one
 * dot product per pair, where a nested 2-D quadrature costs thousands of evaluations per pair.
 *
 * Coefficients: the trapezoid rule on z in [-13, 13], which converges like exp(-2 pi w / h) for
 * an integrand analytic in the strip |Im z| < w (Trefethen & Weideman 2014); tanh's poles at
 * z = +-i pi / (2 sqrt K) set w, and the step h is a tenth of it (and resolves h_n). Gauss-Hermite,
 * by contrast, converges only like exp(-w sqrt(2m)) there and stalls near 1e-11 at K = 2 with its
 * 180 nodes.
 *
 * The series is used only where it has converged: by Parseval, sum_n a_n^2 = E[f^2], so the
 * energy the computed coefficients miss (against an accurate E[f^2] from the caller) is the
 * neglected tail, and by Cauchy-Schwarz a pair's truncation error is at most
 * sqrt(tail_f tail_g) <= TAIL_TOL sqrt(E f^2 E g^2). The same check catches a step too coarse
 * for the terms (aliasing adds energy). Saturated activations need about 110 K terms; beyond
 * MAX_SERIES_K the caller falls back to quadrature. Tested against sin's and erf's closed forms
 * and the nested quadrature (tests/unit/theory/hermite-series.test.ts).
 */

/** Relative energy allowed beyond the series: a pair's error is below this times sqrt(E f^2 E g^2). */
export const TAIL_TOL = 1e-12;
/** Largest variance the series is tried at (16384 terms; tanh's converge to 1e-12 there). */
export const MAX_SERIES_K = 128;
/** Half-width of the standardized range: the integrand is below phi(13)^(1/2) ~ 1e-19 beyond it. */
const Z_MAX = 13;

/**
 * Terms that tanh's coefficients need at variance K to reach TAIL_TOL (measured: ~110 K), on a
 * ladder of lengths: a pair sums both series to the longer one's length (below), so the shorter
 * is recomputed at most a few times.
 */
export function seriesLength(K: number): number {
  const need = 150 + 110 * K;
  let n = 256;
  while (n < need) n *= 2;
  return n;
}

let rootTable = new Float64Array(0);
let inverseRootTable = new Float64Array(0);
function roots(n: number): void {
  if (rootTable.length >= n) return;
  rootTable = Float64Array.from({ length: n }, (_, i) => Math.sqrt(i));
  inverseRootTable = rootTable.map((r) => 1 / r);
}

/**
 * The trapezoid step at variance K for `terms` coefficients: a tenth of the strip of tanh's
 * poles, and fine enough for h_n's oscillations (wavenumber up to sqrt(n)): at 4096 terms a
 * step of 0.1 aliases them into spurious energy.
 */
function stepFor(K: number, terms: number): number {
  return Math.min(0.1, (0.1 * Math.PI) / (2 * Math.sqrt(K)), 2.5 / Math.sqrt(terms));
}

/** Multiply-adds of one coefficient vector (hermiteCoefficients) at variance K. */
export function coefficientCost(K: number, terms = seriesLength(K)): number {
  return terms * (2 * Math.ceil(Z_MAX / stepFor(K, terms)) + 1);
}

/**
 * a_0..a_{terms-1} of f(sqrt(K) z) in orthonormal Hermite polynomials, or null where they miss
 * more than TAIL_TOL of `energy` = E[f(sqrt K z)^2] (from an independent accurate rule).
 *
 * Two series are summed to the same length: for a pair truncated where one vector's tail is
 * below TAIL_TOL but the other's is not, Cauchy-Schwarz would only bound the error by sqrt(TAIL_TOL).
 */
export function hermiteCoefficients(
  f: (x: number) => number,
  K: number,
  energy: number,
  terms = seriesLength(K),
): Float64Array | null {
  if (!(K >= 0 && K <= MAX_SERIES_K && energy >= 0 && Number.isFinite(energy))) return null;
  const h = stepFor(K, terms);
  const J = Math.ceil(Z_MAX / h);
  roots(terms + 1);
  const root = rootTable;
  const inverse = inverseRootTable;
  const s = Math.sqrt(K);
  const a = new Float64Array(terms);
  for (let j = -J; j <= J; j++) {
    const x = j * h;
    const wf = ((h * Math.exp(-0.5 * x * x)) / Math.sqrt(2 * Math.PI)) * f(s * x);
    if (wf === 0) continue;
    // h_{n+1} = (x h_n - sqrt(n) h_{n-1}) / sqrt(n+1): stable upwards for the orthonormal family.
    let hPrev = 0;
    let hn = 1;
    for (let n = 0; n < terms; n++) {
      a[n] += wf * hn;
      const next = (x * hn - root[n] * hPrev) * inverse[n + 1];
      hPrev = hn;
      hn = next;
    }
  }
  let missing = energy;
  for (let n = 0; n < terms; n++) missing -= a[n] * a[n];
  return Math.abs(missing) <= TAIL_TOL * energy ? a : null;
}

/** sum_n c^n a_n b_n: the Mehler series at correlation c (clamped to [-1, 1]); a and b of one length. */
export function mehlerSum(a: Float64Array, b: Float64Array, c: number): number {
  if (a.length !== b.length) throw new RangeError(`series of lengths ${a.length} and ${b.length}`);
  const r = Math.max(-1, Math.min(1, c));
  const n = a.length;
  let total = 0;
  let p = 1;
  for (let i = 0; i < n; i++) {
    total += p * a[i] * b[i];
    p *= r;
  }
  return total;
}
