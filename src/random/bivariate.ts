/**
 * Samples of a 2-D Gaussian N(0, K) from the counter-based generator: sample i is the
 * Box-Muller pair (x, y) at elements 2i', 2i'+1 of row floor(i / BIVARIATE_CHUNK) (i' = i mod
 * the chunk) under key (seed, 0) and purpose Gaussian, mapped by the Cholesky factor of K:
 * z1 = sqrt(K11) x, z2 = (K12 / sqrt(K11)) x + sqrt(K22 - K12^2 / K11) y. So a seed gives the
 * same samples however many are asked for and in whatever pieces: the first 1000 of a
 * million-sample run are the 1000 of a thousand-sample run.
 *
 *   const z = new Float64Array(2 * 5000);
 *   fillBivariate(seed, { k11: 1, k22: 2, k12: 0.5 }, 0, 5000, z); // z[2i], z[2i+1]
 */
import { Purpose } from './address.ts';
import { fillNormals } from './normals.ts';

/** Samples per row of the generator (2 normals each). */
export const BIVARIATE_CHUNK = 4096;

const pair = new Float64Array(2 * BIVARIATE_CHUNK);

/** Fill out[2k], out[2k+1] (k < count) with samples first .. first + count - 1 of N(0, K). */
export function fillBivariate(
  seed: number,
  K: { k11: number; k22: number; k12: number },
  first: number,
  count: number,
  out: Float64Array,
): void {
  if (!(K.k11 > 0) || !(K.k11 * K.k22 - K.k12 * K.k12 >= 0))
    throw new RangeError('the covariance must be positive semi-definite with K11 > 0');
  const a = Math.sqrt(K.k11);
  const b = K.k12 / a;
  const c = Math.sqrt(Math.max(0, K.k22 - b * b));
  let k = 0;
  while (k < count) {
    const i = first + k;
    const row = Math.floor(i / BIVARIATE_CHUNK);
    const from = i - row * BIVARIATE_CHUNK;
    const n = Math.min(BIVARIATE_CHUNK - from, count - k);
    // The row's normals up to the last one needed (a row always starts at its element 0).
    fillNormals(seed, 0, Purpose.Gaussian, 0, row, pair, 2 * (from + n));
    for (let j = 0; j < n; j++) {
      const x = pair[2 * (from + j)];
      const y = pair[2 * (from + j) + 1];
      out[2 * (k + j)] = a * x;
      out[2 * (k + j) + 1] = b * x + c * y;
    }
    k += n;
  }
}
