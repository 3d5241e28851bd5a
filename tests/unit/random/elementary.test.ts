import { describe, expect, it } from 'vitest';
import { cos2piUniformWord, logUniformWord, sin2piUniformWord } from '../../../src/random/elementary.ts';
import { CounterStream, fillWords } from '../../../src/random/normals.ts';
import { Purpose } from '../../../src/random/address.ts';

const U = 2 ** -32;
const TWO_PI = 6.283185307179586;

/** Edge words (smallest/largest uniform, octant boundaries, powers of 2 and the sqrt(2)
 * splits of the log reduction) plus 1e6 words of a fixed LCG. */
function testWords(): number[] {
  const ws = [0, 1, 2, 3, 0xffffffff, 0xfffffffe, 0x7fffffff, 0x80000000];
  for (let o = 0; o <= 8; o++) for (const d of [-2, -1, 0, 1, 2]) ws.push((o * 2 ** 29 + d) >>> 0);
  for (let k = 0; k < 32; k++)
    for (const d of [-1, 0, 1]) ws.push((2 ** k + d) >>> 0, (Math.floor(2 ** k * Math.SQRT2) + d) >>> 0);
  let x = 12345;
  for (let i = 0; i < 1e6; i++) ws.push((x = (Math.imul(x, 1664525) + 1013904223) >>> 0));
  return ws;
}
const WORDS = testWords();

describe('elementary functions of the Box-Muller transform', () => {
  it('ln u: relative error <= 5e-16 against Math.log (measured 3.3e-16)', () => {
    let worst = 0;
    for (const w of WORDS) worst = Math.max(worst, Math.abs(logUniformWord(w) / Math.log((w + 0.5) * U) - 1));
    expect(worst).toBeLessThanOrEqual(5e-16);
    // Exact at the ends where the answer is a multiple of ln 2: u = 2^-33.
    expect(Math.abs(logUniformWord(0) + 33 * Math.LN2)).toBeLessThanOrEqual(1e-14);
    expect(logUniformWord(0xffffffff)).toBeLessThan(0);
  });

  it('cos, sin of 2 pi u: abs error <= 2.3e-16 against Math.* of the exactly reduced angle (measured 1.1e-16)', () => {
    // Reference: Math.cos/sin of t = (m + 0.5) (pi/4) 2^-29 in the octant, mapped by symmetry.
    const CA = [1, 0, 0, -1, -1, 0, 0, 1],
      CB = [0, 1, -1, 0, 0, -1, 1, 0];
    const SA = [0, 1, 1, 0, 0, -1, -1, 0],
      SB = [1, 0, 0, 1, -1, 0, 0, -1];
    let worst = 0;
    for (const w of WORDS) {
      const o = w >>> 29;
      const m = o & 1 ? 0x1fffffff - (w & 0x1fffffff) : w & 0x1fffffff;
      const t = (m + 0.5) * ((Math.PI / 4) * 2 ** -29);
      const c = CA[o] * Math.cos(t) + CB[o] * Math.sin(t);
      const s = SA[o] * Math.cos(t) + SB[o] * Math.sin(t);
      worst = Math.max(worst, Math.abs(cos2piUniformWord(w) - c), Math.abs(sin2piUniformWord(w) - s));
    }
    expect(worst).toBeLessThanOrEqual(2.3e-16);
  });

  it('cos, sin of 2 pi u: abs error <= 8e-16 against the naive Math.cos(2 pi u) (whose own rounding of 2 pi u is up to 4.4e-16)', () => {
    let worst = 0;
    for (const w of WORDS) {
      const t = TWO_PI * (w + 0.5) * U;
      worst = Math.max(
        worst,
        Math.abs(cos2piUniformWord(w) - Math.cos(t)),
        Math.abs(sin2piUniformWord(w) - Math.sin(t)),
      );
    }
    expect(worst).toBeLessThanOrEqual(8e-16);
  });

  it('the quadrant points are exact in sign and the unit circle holds to 3 ulp of 1 (6.7e-16, incl. the rounding of c^2 + s^2)', () => {
    // w = 2^30 - 1 and 2^30: u straddles 1/4, so cos changes sign and sin ~ 1.
    expect(cos2piUniformWord(2 ** 30 - 1)).toBeGreaterThan(0);
    expect(cos2piUniformWord(2 ** 30)).toBeLessThan(0);
    let worst = 0;
    for (let i = 0; i < 1e5; i++) {
      const w = WORDS[i];
      worst = Math.max(worst, Math.abs(cos2piUniformWord(w) ** 2 + sin2piUniformWord(w) ** 2 - 1));
    }
    expect(worst).toBeLessThanOrEqual(6.7e-16);
  });

  it('CounterStream.normal uses the same transform as fillNormals (bit for bit)', () => {
    const stream = new CounterStream(9, 8, Purpose.Shortcut, 3);
    const words = new Uint32Array(64);
    fillWords(9, 8, Purpose.Shortcut, 3, 0, words);
    for (let i = 0; i < 64; i += 2) {
      const r = Math.sqrt(-2 * logUniformWord(words[i]));
      expect(stream.normal()).toBe(r * cos2piUniformWord(words[i + 1]));
      expect(stream.normal()).toBe(r * sin2piUniformWord(words[i + 1]));
    }
  });
});
