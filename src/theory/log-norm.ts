/**
 * The exact law of the log of a layer's squared norm, for ReLU or linear networks without bias
 * or normalization, one input (THEORY sec. 3 and 5; the lecture's "the median drifts down").
 *
 * Given layer l - 1, z_l = sqrt(G_l) xi with xi ~ N(0, I_{n_l}) independent of G_l, and
 * G_{l+1} = G_l M_l with independent factors M_l = (C_W / n_l) sum_j y_j^2. With dropout p
 * (y = m sigma(xi)/(1-p)): M_l = C_W / (n_l (1-p)^2) chi2_{B_l}, where B_l counts the kept units
 * that sigma passes: B ~ Binomial(n_l, (1-p)/2) for ReLU, Binomial(n_l, 1-p) for linear. So
 *
 *   log(|z_l|^2 / n_l) = log G_1 + sum_{m<l} log M_m + log(chi2_{n_l} / n_l),
 *
 * a sum of independent terms, with E log chi2_m = psi(m/2) + ln 2 and Var = psi'(m/2); for
 * the binomial degrees of freedom, E log M = log f + ln 2 + E_B psi(B/2) and
 * Var log M = E_B psi'(B/2) + Var_B psi(B/2) (total variance), averaged over B exactly.
 *
 * B = 0 (a dead layer: every later z is 0 and the log is -infinity) has probability
 * P(B = 0) per layer, e.g. 2^-n for ReLU; the law is conditioned on no dead layer, and that
 * probability is returned so that a caller can leave the dead networks out consistently.
 */
import type { Activation } from './activations.ts';
import { linearSlope } from './moments.ts';
import { digamma, trigamma } from './special.ts';

export interface LogNormLaw {
  /** E log(|z_l|^2 / n_l), l = 1..L (index l - 1), n_L = 1 (the output). */
  readonly mean: Float64Array;
  /** Var log(|z_l|^2 / n_l). */
  readonly variance: Float64Array;
  /** P(some hidden layer before l is dead), index l - 1; the moments are conditioned on its complement. */
  readonly deadProbability: Float64Array;
}

interface BinomialLogChi2 {
  /** E[psi(B/2) | B >= 1], Var[psi(B/2) | B >= 1] + E[psi'(B/2) | B >= 1], P(B = 0). */
  mean: number;
  variance: number;
  pZero: number;
}

const cache = new Map<string, BinomialLogChi2>();

/** Moments of log chi2_B / (its ln 2 shift), B ~ Binomial(n, q), conditioned on B >= 1. */
function binomialLogChi2(n: number, q: number): BinomialLogChi2 {
  const key = `${n}:${q}`;
  const hit = cache.get(key);
  if (hit) return hit;
  // Weights relative to the mode, walking outwards until they are negligible (< 1e-20).
  const mode = Math.min(n, Math.max(1, Math.floor((n + 1) * q)));
  const ratio = q / (1 - q);
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let st = 0;
  const add = (b: number, w: number): void => {
    const p = digamma(b / 2);
    s0 += w;
    s1 += w * p;
    s2 += w * p * p;
    st += w * trigamma(b / 2);
  };
  let w = 1;
  add(mode, 1);
  for (let b = mode + 1; b <= n; b++) {
    w *= ((n - b + 1) / b) * ratio;
    if (w < 1e-20) break;
    add(b, w);
  }
  w = 1;
  for (let b = mode - 1; b >= 1; b--) {
    w *= (b + 1) / ((n - b) * ratio);
    if (w < 1e-20) break;
    add(b, w);
  }
  const mean = s1 / s0;
  const result = {
    mean,
    variance: s2 / s0 - mean * mean + st / s0,
    pZero: q >= 1 ? 0 : Math.exp(n * Math.log1p(-q)),
  };
  cache.set(key, result);
  return result;
}

/**
 * The law above, or null where it is not exact: activations other than ReLU and linear, a
 * bias, or normalization. q0 = |x|^2 / n0.
 */
export function logNormLaw(
  act: Activation,
  cw: number,
  cb: number,
  q0: number,
  hiddenWidths: readonly number[],
  dropout = 0,
  normalization = 'none',
): LogNormLaw | null {
  const a = linearSlope(act);
  if ((a !== 0 && a !== 1) || cb !== 0 || normalization !== 'none') return null;
  const depth = hiddenWidths.length + 1;
  const keep = 1 - dropout;
  const mean = new Float64Array(depth);
  const variance = new Float64Array(depth);
  const deadProbability = new Float64Array(depth);
  // Running sums of log G_l's moments and of the survival probability.
  let gMean = Math.log(cw * q0);
  let gVar = 0;
  let alive = 1;
  for (let l = 1; l <= depth; l++) {
    const n = l < depth ? hiddenWidths[l - 1] : 1;
    mean[l - 1] = gMean + digamma(n / 2) + Math.LN2 - Math.log(n);
    variance[l - 1] = gVar + trigamma(n / 2);
    deadProbability[l - 1] = 1 - alive;
    if (l === depth) break;
    const m = binomialLogChi2(n, a === 0 ? keep / 2 : keep);
    gMean += Math.log(cw / (n * keep * keep)) + Math.LN2 + m.mean;
    gVar += m.variance;
    alive *= 1 - m.pZero;
  }
  return { mean, variance, deadProbability };
}

/** logNormLaw for a model's first input: its activation, C_W, C_b, widths, dropout and normalization. */
export function logNormLawOf(m: {
  readonly activation: Activation;
  readonly cw: number;
  readonly cb: number;
  readonly inputGram: readonly (readonly number[])[];
  readonly hiddenWidths: readonly number[];
  readonly dropout: number;
  readonly normalization: string;
}): LogNormLaw | null {
  return logNormLaw(m.activation, m.cw, m.cb, m.inputGram[0][0], m.hiddenWidths, m.dropout, m.normalization);
}
