/**
 * What a Gaussian-process draw on a grid needs: a Cholesky factor of the kernel matrix K with a
 * small jitter on the diagonal. An infinite-width kernel on a 1-D line is only positive
 * semi-definite in floating point (ReLU's K on a line without bias has rank 2, say), so
 * f = L xi with L L^T = K + eps I and eps = relative * max_a K_aa keeps the factor real while
 * changing every covariance by at most eps. Pure math, no DOM.
 *
 *   const { factor, jitter } = jitteredCholesky(K);  // f_a = sum_b factor[a][b] xi_b
 */
import { cholesky, type Matrix } from './linalg.ts';

/** Relative jitter: far below anything a chart or a test with hundreds of samples resolves. */
export const GP_JITTER = 1e-10;

export interface JitteredFactor {
  /** Lower-triangular L with L L^T = K + jitter I. */
  factor: Matrix;
  /** The absolute jitter added to the diagonal. */
  jitter: number;
}

export function jitteredCholesky(K: readonly (readonly number[])[], relative = GP_JITTER): JitteredFactor {
  let scale = 0;
  for (let a = 0; a < K.length; a++) scale = Math.max(scale, Math.abs(K[a][a]));
  const jitter = relative * (scale || 1);
  const shifted = K.map((row, a) => row.map((v, b) => (a === b ? v + jitter : v)));
  return { factor: cholesky(shifted), jitter };
}

/** f = L xi for one standard-normal vector xi (f[a] = sum_{b <= a} L[a][b] xi[b]). */
export function lowerTimes(factor: Matrix, xi: ArrayLike<number>, out: Float64Array): Float64Array {
  const k = factor.length;
  for (let a = 0; a < k; a++) {
    const row = factor[a];
    let s = 0;
    for (let b = 0; b <= a; b++) s += row[b] * xi[b];
    out[a] = s;
  }
  return out;
}
