/**
 * Exact finite-width results for one input (THEORY sec. 5), scale-invariant activations
 * (linear, ReLU, leaky ReLU), no normalization, with or without bias and dropout.
 *
 * Given layer l, a layer-(l+1) preactivation is N(0, G_{l+1}) with
 *   G_{l+1} = C_b + G_l M_l,   M_l = (C_W / n_l) sum_j y_j^2,   y = m sigma(xi) / (1-p),  xi ~ N(0,1),
 * using sigma(sqrt(G) xi) = sqrt(G) sigma(xi); M_l is independent of G_l and of the other layers.
 * With E M = C_W E y^2 and E M^2 = (E M)^2 (1 + nu / n_l), nu = E y^4 / (E y^2)^2 - 1:
 *   E G_{l+1}   = C_b + E G_l E M_l,
 *   E G_{l+1}^2 = C_b^2 + 2 C_b E G_l E M_l + E G_l^2 E M_l^2,
 * and for the output z ~ N(0, G_L): Var z = E G_L, E z^4 = 3 E G_L^2, excess kurtosis
 * 3 E G_L^2 / (E G_L)^2 - 3. For C_b = 0 this is K_1 (C_W A2)^{L-1} and 3[prod (1 + nu/n_l) - 1].
 *
 * nu: E sigma(xi)^2 = (1+a^2)/2, E sigma(xi)^4 = 3(1+a^4)/2 (a = negative slope), and the mask
 * contributes E m^2 = E m^4 = 1-p, so E y^2 = (1+a^2)/(2(1-p)), E y^4 = 3(1+a^4)/(2(1-p)^3):
 *   nu = 6(1+a^4) / ((1+a^2)^2 (1-p)) - 1   (ReLU 6/(1-p) - 1, linear 3/(1-p) - 1).
 */
import type { Activation } from './activations.ts';
import type { LayerOptions } from './kernels.ts';
import { linearSlope } from './moments.ts';

/** nu of a scale-invariant activation with dropout p, or null for other activations. */
export function scaleInvariantNu(act: Activation, dropout = 0): number | null {
  const a = linearSlope(act);
  if (a === null) return null;
  return (6 * (1 + a ** 4)) / ((1 + a * a) ** 2 * (1 - dropout)) - 1;
}

/** E y^2 = A2 / (1-p) of a scale-invariant activation (A2 = <sigma^2>_1). */
export function scaleInvariantA2(act: Activation, dropout = 0): number | null {
  const a = linearSlope(act);
  if (a === null) return null;
  return (1 + a * a) / (2 * (1 - dropout));
}

/** 3 [prod_l (1 + nu/n_l) - 1]: the exact excess kurtosis for C_b = 0. */
export function exactKurtosisProduct(nu: number, hiddenWidths: readonly number[]): number {
  let prod = 1;
  for (const n of hiddenWidths) prod *= 1 + nu / n;
  return 3 * (prod - 1);
}

export interface ExactSingleInput {
  /** E G_l = Var z_l, l = 1..L (index l-1). */
  readonly variance: Float64Array;
  /** E G_l^2 (so E z_l^4 = 3 E G_l^2). */
  readonly secondMoment: Float64Array;
  /** Excess kurtosis of z_l, 3 E G_l^2 / (E G_l)^2 - 3. */
  readonly kurtosis: Float64Array;
}

/**
 * Exact variance and kurtosis of a preactivation at every layer, one input of norm q0.
 * Null where no exact result is implemented: other activations, or normalization.
 */
export function exactSingleInput(
  act: Activation,
  q0: number,
  hiddenWidths: readonly number[],
  o: LayerOptions,
): ExactSingleInput | null {
  if ((o.normalization ?? 'none') !== 'none') return null;
  const p = o.dropout ?? 0;
  const nu = scaleInvariantNu(act, p);
  const a2 = scaleInvariantA2(act, p);
  if (nu === null || a2 === null) return null;
  const depth = hiddenWidths.length + 1;
  const variance = new Float64Array(depth);
  const second = new Float64Array(depth);
  const kurtosis = new Float64Array(depth);
  const { cw, cb } = o;
  variance[0] = cb + cw * q0;
  second[0] = variance[0] ** 2;
  for (let l = 1; l < depth; l++) {
    const em = cw * a2;
    const em2 = em * em * (1 + nu / hiddenWidths[l - 1]);
    variance[l] = cb + variance[l - 1] * em;
    second[l] = cb * cb + 2 * cb * variance[l - 1] * em + second[l - 1] * em2;
  }
  for (let l = 0; l < depth; l++) kurtosis[l] = variance[l] > 0 ? (3 * second[l]) / variance[l] ** 2 - 3 : 0;
  return { variance, secondMoment: second, kurtosis };
}
