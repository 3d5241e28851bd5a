/**
 * Mean NTK at infinite width (THEORY sec. 6), NTK parameterization with lambda_b = C_b,
 * lambda_W = C_W:
 *   Theta_1 = C_b + C_W q0,
 *   Theta_{l+1} = C_b + C_W' <sigma sigma>_{K_l} + C_W' <sigma' sigma'>_{K_l} Theta_l,
 * C_W' = C_W/(1-p): with dropout both y = m sigma/(1-p) and its derivative m sigma'/(1-p) carry
 * the mask, whose square averages to 1/(1-p).
 * Normalization: sigma sees z/sqrt(K) and the chain rule gives 1/sqrt(K) per input (the rank-one
 * projections of the normalization Jacobian change the trace only at O(1/n)), so the last term
 * becomes C_W' <sigma'(u~) sigma'(v~)> Theta_l / sqrt(K_aa K_bb) over the unit-variance Gaussian.
 */
import type { Activation } from './activations.ts';
import {
  correlationOf,
  effectiveCw,
  isNormalized,
  kernelMatrixSequence,
  kernelSequence,
  normalizedPairSS,
  seenVariance,
  type LayerOptions,
} from './kernels.ts';
import { pairMoments, singleMoments } from './moments.ts';

/** Theta_l, l = 1..L (index l-1), one input of norm q0. */
export function ntkSequence(act: Activation, q0: number, depth: number, o: LayerOptions): Float64Array {
  const K = kernelSequence(act, q0, depth, o);
  const theta = new Float64Array(depth);
  const cw = effectiveCw(o);
  const norm = isNormalized(o);
  theta[0] = o.cb + o.cw * q0;
  for (let l = 1; l < depth; l++) {
    const m = singleMoments(act, seenVariance(K[l - 1], o));
    // A preactivation that is exactly 0 has Theta_l = 0 there: no back-propagated term (not 0/0).
    const back = norm ? (K[l - 1] > 0 ? m.dd / K[l - 1] : 0) : m.dd;
    theta[l] = o.cb + cw * m.s2 + cw * back * theta[l - 1];
  }
  return theta;
}

/** Theta_l (k x k), l = 1..L, from the input Gram matrix. */
export function ntkMatrixSequence(
  act: Activation,
  inputGram: readonly (readonly number[])[],
  depth: number,
  o: LayerOptions,
): number[][][] {
  const Ks = kernelMatrixSequence(act, inputGram, depth, o);
  const cw = effectiveCw(o);
  const norm = isNormalized(o);
  const k = inputGram.length;
  const seq: number[][][] = [inputGram.map((row) => row.map((g) => o.cb + o.cw * g))];
  for (let l = 1; l < depth; l++) {
    const K = Ks[l - 1];
    const prev = seq[l - 1];
    const next: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    for (let a = 0; a < k; a++) {
      for (let b = a; b < k; b++) {
        let ss: number;
        let dd: number;
        // Under normalization a preactivation that is exactly 0 (a zero input without bias) has
        // Theta_l = 0 on its row: its back-propagated term is 0, not 0/0.
        const zero = norm && (K[a][a] === 0 || K[b][b] === 0);
        if (a === b) {
          const m = singleMoments(act, seenVariance(K[a][a], o));
          ss = m.s2;
          dd = norm ? (zero ? 0 : m.dd / K[a][a]) : m.dd;
        } else if (norm) {
          ss = normalizedPairSS(act, K, a, b);
          dd = zero ? 0 : pairMoments(act, 1, correlationOf(K, a, b), 1).dd / Math.sqrt(K[a][a] * K[b][b]);
        } else {
          const m = pairMoments(act, K[a][a], K[a][b], K[b][b]);
          ss = m.ss;
          dd = m.dd;
        }
        next[a][b] = next[b][a] = o.cb + cw * ss + cw * dd * prev[a][b];
      }
    }
    seq.push(next);
  }
  return seq;
}
