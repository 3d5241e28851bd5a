/**
 * Leading-order finite-width correction (THEORY sec. 4): the four-point vertex
 *
 *   V_{l+1} = C_W^2 Var(y^2) + chi_par(K_l)^2 (n_l / n_{l-1}) V_l,   V_1 = 0,
 *
 * with y = sigma(z) (dropout: y = m sigma / (1-p), so E y^2 = <sigma^2>/(1-p),
 * E y^4 = <sigma^4>/(1-p)^3, and chi_par carries C_W/(1-p)). Normalized so that
 * Var(G_{l+1}) = V_{l+1} / n_l at leading order, where G_{l+1} is the conditional variance of a
 * layer-(l+1) preactivation given layer l (an average over the n_l units of layer l): the excess
 * kurtosis of a layer-(l+1) preactivation is 3 Var(G)/E[G]^2 = 3 V_{l+1} / (n_l K_{l+1}^2).
 *
 * Derivation of the width weight: G_{l+1} = C_b + (C_W/n_l) sum_j y_j^2, and to first order in
 * the fluctuation of G_l, Var(G_{l+1}) = (C_W^2/n_l) Var(y^2) + chi_par^2 Var(G_l), with
 * Var(G_l) = V_l / n_{l-1}; multiply by n_l.
 *
 * Not derived for normalized networks (the normalized units are not conditionally Gaussian):
 * returns null there.
 */
import type { Activation } from './activations.ts';
import { effectiveCw, isNormalized, kernelSequence, type LayerOptions } from './kernels.ts';
import { singleMoments } from './moments.ts';

export interface VertexSequence {
  /** K_l, l = 1..L (index l-1). */
  readonly K: Float64Array;
  /** V_l, l = 1..L. */
  readonly V: Float64Array;
  /** Leading-order excess kurtosis of a layer-l preactivation, 3 V_l / (n_{l-1} K_l^2) (0 at l = 1). */
  readonly kurtosis: Float64Array;
}

/**
 * K_l, V_l and the leading-order kurtosis for one input of norm q0 through hidden widths
 * n_1..n_{L-1} (depth L = hiddenWidths.length + 1). Null under normalization.
 */
export function fourPointVertex(
  act: Activation,
  q0: number,
  hiddenWidths: readonly number[],
  o: LayerOptions,
): VertexSequence | null {
  if (isNormalized(o)) return null;
  const depth = hiddenWidths.length + 1;
  const K = kernelSequence(act, q0, depth, o);
  const V = new Float64Array(depth);
  const kurtosis = new Float64Array(depth);
  const p = o.dropout ?? 0;
  const cwEff = effectiveCw(o);
  for (let l = 1; l < depth; l++) {
    // Layer l (1-based) is index l-1; it feeds layer l+1 (index l) through n_l = hiddenWidths[l-1].
    const m = singleMoments(act, K[l - 1]);
    const varY2 = m.s4 / (1 - p) ** 3 - (m.s2 / (1 - p)) ** 2;
    const chi = cwEff * m.ds2;
    const ratio = l === 1 ? 0 : hiddenWidths[l - 1] / hiddenWidths[l - 2];
    V[l] = o.cw * o.cw * varY2 + chi * chi * ratio * V[l - 1];
    kurtosis[l] = (3 * V[l]) / (hiddenWidths[l - 1] * K[l] * K[l]);
  }
  return { K, V, kurtosis };
}
