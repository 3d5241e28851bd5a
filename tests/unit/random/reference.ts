/**
 * Straightforward reference implementations for the generator tests: Philox4x32-R with BigInt
 * products (no float tricks) and per-block fills written exactly as the BRIEF defines them.
 */
import type { Purpose } from '../../../src/random/address.ts';
import { cos2piUniformWord, logUniformWord, sin2piUniformWord } from '../../../src/random/elementary.ts';

const MASK = 0xffffffffn;
const M0 = 0xd2511f53n;
const M1 = 0xcd9e8d57n;
const W0 = 0x9e3779b9n;
const W1 = 0xbb67ae85n;

/** Philox4x32 with `rounds` rounds, key bumped after every round but the last (Random123). */
export function philoxReference(ctr: readonly number[], key: readonly number[], rounds = 10): number[] {
  let [c0, c1, c2, c3] = ctr.map((x) => BigInt(x >>> 0));
  let [k0, k1] = key.map((x) => BigInt(x >>> 0));
  for (let r = 0; r < rounds; r++) {
    if (r > 0) {
      k0 = (k0 + W0) & MASK;
      k1 = (k1 + W1) & MASK;
    }
    const p0 = M0 * c0;
    const p1 = M1 * c2;
    [c0, c1, c2, c3] = [(p1 >> 32n) ^ c1 ^ k0, p1 & MASK, (p0 >> 32n) ^ c3 ^ k1, p0 & MASK];
  }
  return [c0, c1, c2, c3].map(Number);
}

/** Words of one row, one reference Philox call per block. */
export function wordsReference(
  seed: number,
  network: number,
  purpose: Purpose,
  layer: number,
  row: number,
  count: number,
): number[] {
  const out: number[] = [];
  for (let block = 0; out.length < count; block++) {
    const w = philoxReference([block, row, layer, purpose], [seed, network]);
    for (let lane = 0; lane < 4 && out.length < count; lane++) out.push(w[lane]);
  }
  return out;
}

const U = 2.3283064365386963e-10;
const TWO_PI = 6.283185307179586;

/** Normals of one row exactly as defined: Box-Muller on lanes (0,1) and (2,3). */
export function normalsReference(
  seed: number,
  network: number,
  purpose: Purpose,
  layer: number,
  row: number,
  count: number,
): number[] {
  const w = wordsReference(seed, network, purpose, layer, row, 4 * Math.ceil(count / 4));
  const out: number[] = [];
  for (let i = 0; i < w.length; i += 2) {
    const r = Math.sqrt(-2 * Math.log((w[i] + 0.5) * U));
    const t = TWO_PI * (w[i + 1] + 0.5) * U;
    out.push(r * Math.cos(t), r * Math.sin(t));
  }
  return out.slice(0, count);
}

/** Normals of one row through the elementary functions of src/random/elementary.ts, one call
 * each (what fillNormals must equal bit for bit). */
export function normalsElementary(
  seed: number,
  network: number,
  purpose: Purpose,
  layer: number,
  row: number,
  count: number,
): number[] {
  const w = wordsReference(seed, network, purpose, layer, row, 4 * Math.ceil(count / 4));
  const out: number[] = [];
  for (let i = 0; i < w.length; i += 2) {
    const r = Math.sqrt(-2 * logUniformWord(w[i]));
    out.push(r * cos2piUniformWord(w[i + 1]), r * sin2piUniformWord(w[i + 1]));
  }
  return out.slice(0, count);
}

/** Largest |a_i - b_i|. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return a.length === b.length ? m : Infinity;
}

export function uniformsReference(
  seed: number,
  network: number,
  purpose: Purpose,
  layer: number,
  row: number,
  count: number,
): number[] {
  return wordsReference(seed, network, purpose, layer, row, count).map((x) => (x + 0.5) * U);
}
