import { describe, expect, it } from 'vitest';
import { fillNormals, fillUniforms, fillWords } from '../../../src/random/normals.ts';
import { Purpose } from '../../../src/random/address.ts';
import {
  maxAbsDiff,
  normalsElementary,
  normalsReference,
  uniformsReference,
  wordsReference,
} from './reference.ts';

/** Addresses including counts that are not multiples of 4, longer than one internal chunk
 * (512 blocks = 2048 elements), and words >= 2^31 in every field. */
const ADDRESSES: Array<[number, number, Purpose, number, number, number]> = [
  [0, 0, Purpose.Weight, 0, 0, 1],
  [1, 2, Purpose.Weight, 1, 0, 2],
  [1, 2, Purpose.Bias, 1, 0, 3],
  [7, 0xffffffff, Purpose.Unit, 5, 0x80000000, 5],
  [0xdeadbeef, 12345, Purpose.Dropout, 0xfffffffe, 17, 127],
  [42, 3, Purpose.Output, 10, 2, 2047],
  [42, 3, Purpose.Shortcut, 10, 2, 2048],
  [42, 3, Purpose.Weight, 10, 2, 2049],
  [99, 1 << 30, Purpose.Unit, 2, 1023, 4099],
  [5, 6, Purpose.Weight, 3, 7, 5000],
];

/** fillNormals vs the Math.log/cos/sin expression: |dz| <= |z| (cos/sin error) + r error, see
 * elementary.test.ts; 1e-14 leaves a margin over the ~5e-15 worst case. */
const MATH_TOL = 1e-14;

describe('fast fills equal the reference definition (words, uniforms bit for bit; normals bit for bit vs elementary.ts, 1e-14 vs Math)', () => {
  it.each(ADDRESSES)(
    'seed %i net %i purpose %i layer %i row %i count %i',
    (seed, net, purpose, layer, row, count) => {
      const offset = 3;
      const words = new Uint32Array(count + offset + 2).fill(0xabcdef);
      fillWords(seed, net, purpose, layer, row, words, count, offset);
      const wRef = wordsReference(seed, net, purpose, layer, row, count);
      expect(Array.from(words.subarray(offset, offset + count))).toEqual(wRef);
      // Guard elements before and after are untouched.
      expect([words[0], words[1], words[2], words[offset + count], words[offset + count + 1]]).toEqual(
        Array(5).fill(0xabcdef),
      );

      const normals = new Float64Array(count + offset + 2).fill(-7);
      fillNormals(seed, net, purpose, layer, row, normals, count, offset);
      const got = Array.from(normals.subarray(offset, offset + count));
      expect(got).toEqual(normalsElementary(seed, net, purpose, layer, row, count)); // toEqual on numbers is Object.is: exact
      expect(maxAbsDiff(got, normalsReference(seed, net, purpose, layer, row, count))).toBeLessThanOrEqual(
        MATH_TOL,
      );
      expect([normals[offset - 1], normals[offset + count], normals[offset + count + 1]]).toEqual([
        -7, -7, -7,
      ]);

      const uniforms = new Float64Array(count + offset + 2).fill(-7);
      fillUniforms(seed, net, purpose, layer, row, uniforms, count, offset);
      expect(Array.from(uniforms.subarray(offset, offset + count))).toEqual(
        uniformsReference(seed, net, purpose, layer, row, count),
      );
      expect([uniforms[offset - 1], uniforms[offset + count]]).toEqual([-7, -7]);
    },
  );

  it('default count/offset fill the whole array; a prefix is a prefix of a longer row', () => {
    const a = new Float64Array(10);
    const b = new Float64Array(13);
    fillNormals(3, 4, Purpose.Weight, 1, 2, a);
    fillNormals(3, 4, Purpose.Weight, 1, 2, b);
    expect(Array.from(a)).toEqual(Array.from(b.subarray(0, 10)));
    expect(Array.from(a)).toEqual(normalsElementary(3, 4, Purpose.Weight, 1, 2, 10));
  });

  it('many short rows (counts 1..40) over consecutive rows and networks', () => {
    let bad = 0;
    const out = new Float64Array(40);
    for (let count = 1; count <= 40; count++) {
      for (let net = 0; net < 5; net++) {
        fillNormals(11, net, Purpose.Unit, 2, count, out, count, 0);
        const ref = normalsElementary(11, net, Purpose.Unit, 2, count, count);
        for (let i = 0; i < count; i++) if (!Object.is(out[i], ref[i])) bad++;
      }
    }
    expect(bad).toBe(0);
  });

  it('normals and uniforms lie in the expected ranges', () => {
    const u = new Float64Array(4096);
    fillUniforms(1, 1, Purpose.Dropout, 1, 0, u);
    expect(Math.min(...u)).toBeGreaterThan(0);
    expect(Math.max(...u)).toBeLessThan(1);
    // The extreme word gives the largest possible |z|: sqrt(-2 ln(0.5 * 2^-32)) = 6.66.
    const z = new Float64Array(4096);
    fillNormals(1, 1, Purpose.Weight, 1, 0, z);
    expect(Math.max(...z.map(Math.abs))).toBeLessThan(Math.sqrt(-2 * Math.log(0.5 * 2 ** -32)) + 1e-12);
  });
});
