/**
 * Exact samplers of the gamma, chi-square and binomial distributions on a CounterStream, for
 * the width-independent shortcut of the exact engine (a ReLU layer of width n is one binomial
 * and one chi-square draw). Each consumes a variable number of words from its stream, so a
 * network's draws stay reproducible from its address alone.
 *
 * - gamma: Marsaglia & Tsang (2000), "A simple method for generating gamma variables",
 *   with the boost gamma(a) = gamma(a + 1) U^(1/a) for a < 1.
 * - binomial: inversion by waiting times (sum of geometric gaps; Devroye 1986, X.4) when
 *   n min(p, 1-p) < 10, else Hormann's BTRS (1993, "The generation of binomial random
 *   variates", transformed rejection with squeeze). Both are exact; BTRS's acceptance test
 *   uses the Stirling series of log k! with its tail tabulated for k <= 9 and truncated after
 *   the k^-5 term above (relative error < 1e-10 in the acceptance probability).
 */
import type { CounterStream } from './normals.ts';

/** Gamma(shape, 1) variate; shape 0 gives 0. */
export function gamma(stream: CounterStream, shape: number): number {
  if (!(shape >= 0) || !Number.isFinite(shape))
    throw new RangeError(`gamma shape must be finite and >= 0, got ${shape}`);
  if (shape === 0) return 0;
  if (shape < 1) {
    // Boost: if X ~ Gamma(a + 1) and U ~ U(0,1) independent, X U^(1/a) ~ Gamma(a).
    const x = marsagliaTsang(stream, shape + 1);
    return x * Math.exp(Math.log(stream.uniform()) / shape);
  }
  return marsagliaTsang(stream, shape);
}

function marsagliaTsang(stream: CounterStream, shape: number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = stream.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = stream.uniform();
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return d * v;
    if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Chi-square variate with `dof` degrees of freedom (2 Gamma(dof/2)); dof 0 gives 0. */
export function chiSquare(stream: CounterStream, dof: number): number {
  if (dof === 0) return 0;
  return 2 * gamma(stream, dof / 2);
}

/** Binomial(n, p) variate, exact for every n (tested up to 2^24) and p in [0, 1]. */
export function binomial(stream: CounterStream, n: number, p: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`binomial n must be a whole number >= 0, got ${n}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`binomial p must be in [0, 1], got ${p}`);
  if (n === 0 || p === 0) return 0;
  if (p === 1) return n;
  if (p > 0.5) return n - binomial(stream, n, 1 - p);
  if (n * p < 10) return binomialInversion(stream, n, p);
  return binomialBtrs(stream, n, p);
}

/**
 * Count of successes = number of geometric gaps (trials to next success) that fit in n
 * trials. Expected cost n p + 1 logarithms.
 */
function binomialInversion(stream: CounterStream, n: number, p: number): number {
  const logq = Math.log1p(-p);
  let trials = 0;
  let successes = 0;
  for (;;) {
    // Trials up to and including the next success: Geometric(p) on {1, 2, ...}.
    trials += Math.ceil(Math.log(stream.uniform()) / logq);
    if (trials > n) return successes;
    successes++;
  }
}

/** log k! - [(k + 1/2) log(k + 1) - (k + 1) + log(2 pi)/2]: the Stirling remainder. */
const STIRLING_TAIL = [
  0.08106146679532733, 0.04134069595540946, 0.027677925684997717, 0.02079067210376584, 0.01664469118982126,
  0.013876128823072875, 0.011896709945893313, 0.010411265261973668, 0.00925546218270945, 0.008330563433359472,
];

function stirlingTail(k: number): number {
  if (k <= 9) return STIRLING_TAIL[k];
  const kp1 = k + 1;
  const kp1sq = kp1 * kp1;
  return (1 / 12 - (1 / 360 - 1 / 1260 / kp1sq) / kp1sq) / kp1;
}

/** Hormann's BTRS for p <= 1/2 and n p >= 10. */
function binomialBtrs(stream: CounterStream, n: number, p: number): number {
  const spq = Math.sqrt(n * p * (1 - p));
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const r = p / (1 - p);
  const alpha = (2.83 + 5.1 / b) * spq;
  const m = Math.floor((n + 1) * p);
  const lpq = Math.log(r);
  const hm = (m + 0.5) * Math.log((m + 1) / (r * (n - m + 1))) + stirlingTail(m) + stirlingTail(n - m);
  for (;;) {
    const u = stream.uniform() - 0.5;
    let v = stream.uniform();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && v <= vr) return k;
    v = Math.log((v * alpha) / (a / (us * us) + b));
    // log of f(k)/f(m) bound, Hormann (1993) step 3.2 written as in his eq. for BTRS.
    const bound =
      hm +
      (n + 1) * Math.log((n - m + 1) / (n - k + 1)) +
      (k + 0.5) * (Math.log((n - k + 1) / (k + 1)) + lpq) -
      stirlingTail(k) -
      stirlingTail(n - k);
    if (v <= bound) return k;
  }
}
