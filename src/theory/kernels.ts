/**
 * Infinite-width kernel recursions (THEORY sec. 2), single input and k inputs, with dropout and
 * normalization.
 *
 * Dropout p (mask m ~ Bernoulli(1-p) fixed per unit and shared by all inputs, kept units scaled
 * by 1/(1-p)): the next layer sees y = m sigma / (1-p), so every second moment picks up
 * E[m^2]/(1-p)^2 = 1/(1-p), on and off the diagonal alike (the same m multiplies both inputs).
 * Hence C_W is replaced by C_W/(1-p) everywhere ("effective C_W").
 *
 * Normalization 'layer' / 'rms' at infinite width: the empirical mean over units tends to 0 and
 * the empirical second moment to K_aa, so the normalized preactivation of input a is
 * z_a / sqrt(K_aa): sigma acts on a Gaussian with unit variances and the same correlation
 * c_ab = K_ab / sqrt(K_aa K_bb). (Layer and RMS norm coincide here because units have mean 0.)
 */
import type { Activation } from './activations.ts';
import { pairMoments, singleMoments } from './moments.ts';
import { gaussianExpectation } from './quadrature.ts';

/**
 * 'batch' (BatchNorm over the k inputs of one network, per unit) has no single-input kernel:
 * single-input functions give NaN for it. For two inputs it is exact and simple: each unit's
 * pair (z_0, z_1) normalizes to (s, -s) with s = sign(z_0 - z_1) = +-1 with probability 1/2
 * (unless the inputs coincide, z_0 = z_1, when it gives (0, 0)), whatever K_l: see
 * nextKernelMatrix.
 */
export type Normalization = 'none' | 'layer' | 'rms' | 'batch';

export interface LayerOptions {
  readonly cw: number;
  readonly cb: number;
  /** Drop probability p in [0, 1) (default 0). */
  readonly dropout?: number;
  /** Default 'none'. */
  readonly normalization?: Normalization;
}

/** C_W / (1 - p): the weight variance as the next layer's second moments see it. */
export function effectiveCw(o: LayerOptions): number {
  const p = o.dropout ?? 0;
  if (!(p >= 0 && p < 1)) throw new RangeError(`dropout must be in [0, 1), got ${p}`);
  return o.cw / (1 - p);
}

export function isNormalized(o: LayerOptions): boolean {
  return (o.normalization ?? 'none') !== 'none';
}

export function isBatchNormalized(o: LayerOptions): boolean {
  return o.normalization === 'batch';
}

/**
 * The variance sigma sees: K, or under normalization 1 (0 for a preactivation that is exactly 0,
 * a zero input without bias: the normalization leaves 0 there, as the engines' layer-ops do).
 */
export function seenVariance(K: number, o: LayerOptions): number {
  return isNormalized(o) ? (K > 0 ? 1 : 0) : K;
}

/**
 * <sigma(u_a) sigma(u_b)> of the normalized preactivations: unit variances and correlation
 * c_ab, or sigma(0) on the side whose preactivation is exactly 0.
 */
export function normalizedPairSS(
  act: Activation,
  K: readonly (readonly number[])[],
  a: number,
  b: number,
): number {
  const za = K[a][a] > 0;
  const zb = K[b][b] > 0;
  if (za && zb) return pairMoments(act, 1, correlationOf(K, a, b), 1).ss;
  if (!za && !zb) return act.f(0) ** 2;
  return act.f(0) === 0 ? 0 : act.f(0) * gaussianExpectation(act.f, 1);
}

/** K_{l+1} = C_b + C_W' <sigma^2>_{K_l} (K_l replaced by 1 under normalization). */
export function nextKernel(act: Activation, K: number, o: LayerOptions): number {
  if (isBatchNormalized(o)) return NaN;
  return o.cb + effectiveCw(o) * singleMoments(act, seenVariance(K, o)).s2;
}

/** K_1..K_L for one input with q0 = |x|^2/n0 (element l-1 is K_l). */
export function kernelSequence(act: Activation, q0: number, depth: number, o: LayerOptions): Float64Array {
  const K = new Float64Array(depth);
  K[0] = o.cb + o.cw * q0;
  for (let l = 1; l < depth; l++) K[l] = nextKernel(act, K[l - 1], o);
  return K;
}

/** Correlation K_ab / sqrt(K_aa K_bb) (1 when a variance vanishes). */
export function correlationOf(K: readonly (readonly number[])[], a = 0, b = 1): number {
  const d = Math.sqrt(K[a][a] * K[b][b]);
  return d > 0 ? Math.max(-1, Math.min(1, K[a][b] / d)) : 1;
}

/** One step of the k-input recursion K_{l+1,ab} = C_b + C_W' <sigma(u_a) sigma(u_b)>. */
export function nextKernelMatrix(
  act: Activation,
  K: readonly (readonly number[])[],
  o: LayerOptions,
): number[][] {
  const k = K.length;
  const cw = effectiveCw(o);
  const norm = isNormalized(o);
  const out: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  if (isBatchNormalized(o)) return nextKernelBatch2(act, K, o);
  for (let a = 0; a < k; a++) {
    for (let b = a; b < k; b++) {
      let ss: number;
      if (norm) {
        ss = a === b ? singleMoments(act, seenVariance(K[a][a], o)).s2 : normalizedPairSS(act, K, a, b);
      } else {
        ss = a === b ? singleMoments(act, K[a][a]).s2 : pairMoments(act, K[a][a], K[a][b], K[b][b]).ss;
      }
      out[a][b] = out[b][a] = o.cb + cw * ss;
    }
  }
  return out;
}

/**
 * BatchNorm over two inputs: per unit (z_0, z_1) -> (s, -s), s = sign(z_0 - z_1), +-1 with
 * probability 1/2 when Var(z_0 - z_1) = K_00 + K_11 - 2 K_01 > 0, else (0, 0). Hence
 * K' = C_b + C_W' (sigma(1)^2 + sigma(-1)^2)/2 on the diagonal and C_b + C_W' sigma(1) sigma(-1)
 * off it (ReLU: C_W'/2 and 0), independent of K. This is E G_{l+1} exactly at any width, since
 * the units are iid given G_l. NaN for k != 2.
 */
function nextKernelBatch2(act: Activation, K: readonly (readonly number[])[], o: LayerOptions): number[][] {
  const k = K.length;
  const cw = effectiveCw(o);
  if (k !== 2) return Array.from({ length: k }, () => new Array<number>(k).fill(NaN));
  const distinct = K[0][0] + K[1][1] - 2 * K[0][1] > 1e-12 * Math.max(K[0][0], K[1][1]);
  const p = distinct ? act.f(1) : act.f(0);
  const m = distinct ? act.f(-1) : act.f(0);
  const diag = o.cb + (cw * (p * p + m * m)) / 2;
  const off = o.cb + cw * p * m;
  return [
    [diag, off],
    [off, diag],
  ];
}

/** K_1..K_L (k x k each) from the input Gram matrix x_a.x_b/n0. */
export function kernelMatrixSequence(
  act: Activation,
  inputGram: readonly (readonly number[])[],
  depth: number,
  o: LayerOptions,
): number[][][] {
  const seq: number[][][] = [inputGram.map((row) => row.map((g) => o.cb + o.cw * g))];
  for (let l = 1; l < depth; l++) seq.push(nextKernelMatrix(act, seq[l - 1], o));
  return seq;
}
