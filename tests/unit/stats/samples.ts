/** Deterministic test samples from the repo's generator (never Math.random). */
import { fillNormals } from '../../../src/random/normals.ts';
import { Purpose } from '../../../src/random/address.ts';

const TEST_SEED = 20240601;

/** n standard normals at a test address (distinct `row`s give independent samples). */
export function normals(n: number, row: number, network = 0): Float64Array {
  const out = new Float64Array(n);
  fillNormals(TEST_SEED, network, Purpose.Weight, 99, row, out);
  return out;
}

/** n chi-square(k) values: sums of k squared normals. */
export function chiSquare(n: number, k: number, row: number): Float64Array {
  const z = normals(n * k, row, 1);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += z[i * k + j] ** 2;
    out[i] = s;
  }
  return out;
}

/** n Student-t(nu) values: z / sqrt(chi2_nu / nu). */
export function studentT(n: number, nu: number, row: number): Float64Array {
  const z = normals(n, row, 2);
  const c = chiSquare(n, nu, row + 1_000_000);
  return z.map((x, i) => x / Math.sqrt(c[i] / nu));
}
