import { describe, expect, it } from 'vitest';
import { philox4x32, philox4x32Blocks } from '../../../src/random/philox.ts';
import { philoxReference } from './reference.ts';
import { CounterStream } from '../../../src/random/normals.ts';
import { Purpose } from '../../../src/random/address.ts';

/**
 * Random123 tests/kat_vectors (DEShawResearch/random123), the philox4x32 lines:
 * name, rounds, CTR[4], KEY[2], EXPECTED[4]. The 10-round ones test the production generator;
 * the 7-round ones test the reference implementation's round and key schedule, which then
 * checks the production code on many other counters.
 */
const KAT = `
philox4x32 7 00000000 00000000 00000000 00000000 00000000 00000000   5f6fb709 0d893f64 4f121f81 4f730a48
philox4x32 7 ffffffff ffffffff ffffffff ffffffff ffffffff ffffffff   5207ddc2 45165e59 4d8ee751 8c52f662
philox4x32 7 243f6a88 85a308d3 13198a2e 03707344 a4093822 299f31d0   4dfccaba 190a87f0 c47362ba b6b5242a
philox4x32 10 00000000 00000000 00000000 00000000 00000000 00000000   6627e8d5 e169c58d bc57ac4c 9b00dbd8
philox4x32 10 ffffffff ffffffff ffffffff ffffffff ffffffff ffffffff   408f276d 41c83b0e a20bc7c6 6d5451fd
philox4x32 10 243f6a88 85a308d3 13198a2e 03707344 a4093822 299f31d0   d16cfe09 94fdcceb 5001e420 24126ea1
`
  .trim()
  .split('\n')
  .map((line) => {
    const f = line.trim().split(/\s+/);
    const n = f.slice(2).map((x) => parseInt(x, 16));
    return { rounds: Number(f[1]), ctr: n.slice(0, 4), key: n.slice(4, 6), expected: n.slice(6, 10) };
  });

/** A small deterministic source of test counters (not the generator under test). */
function* testWords(n: number): Generator<number> {
  let x = 0x12345678;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    yield x >>> 0;
  }
}

describe('Philox4x32 known-answer vectors (Random123 kat_vectors)', () => {
  it.each(KAT)('reference, $rounds rounds, ctr $ctr', ({ rounds, ctr, key, expected }) => {
    expect(philoxReference(ctr, key, rounds)).toEqual(expected);
  });

  it.each(KAT.filter((v) => v.rounds === 10))('philox4x32, ctr $ctr', ({ ctr, key, expected }) => {
    const out = new Uint32Array(4);
    philox4x32(ctr[0], ctr[1], ctr[2], ctr[3], key[0], key[1], out, 0);
    expect(Array.from(out)).toEqual(expected);
  });

  it.each(KAT.filter((v) => v.rounds === 10))('philox4x32Blocks, ctr $ctr', ({ ctr, key, expected }) => {
    const out = new Uint32Array(12);
    philox4x32Blocks(ctr[0] - 1, ctr[1], ctr[2], ctr[3], key[0], key[1], 3, out, 0);
    expect(Array.from(out.subarray(4, 8))).toEqual(expected);
  });
});

describe('optimized Philox equals the BigInt reference', () => {
  it('philox4x32 on 20000 random counters and keys (incl. words >= 2^31)', () => {
    const w = [...testWords(6 * 20000)];
    const out = new Uint32Array(4);
    let mismatches = 0;
    for (let i = 0; i < w.length; i += 6) {
      philox4x32(w[i], w[i + 1], w[i + 2], w[i + 3], w[i + 4], w[i + 5], out, 0);
      const ref = philoxReference(w.slice(i, i + 4), w.slice(i + 4, i + 6));
      if (out[0] !== ref[0] || out[1] !== ref[1] || out[2] !== ref[2] || out[3] !== ref[3]) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it('exact high words where the 64-bit product is within a few units of a multiple of 2^32', () => {
    // c = t * M^-1 mod 2^32 makes the low word of c*M equal t: the float product rounds across
    // the 2^32 boundary for t near 0 or 2^32, where a naive floor(c*M / 2^32) is off by one.
    const inverse = (m: bigint) => {
      let x = 1n;
      for (let i = 0; i < 6; i++) x = (x * (2n - m * x)) & 0xffffffffn; // Newton, 2-adic
      return x;
    };
    const inv0 = inverse(0xd2511f53n);
    const inv1 = inverse(0xcd9e8d57n);
    const out = new Uint32Array(12);
    let mismatches = 0;
    for (let t = 1n; t <= 64n; t++) {
      for (const low of [t, 0x100000000n - t]) {
        const c0 = Number((low * inv0) & 0xffffffffn);
        const c2 = Number((low * inv1) & 0xffffffffn);
        const ref = philoxReference([c0, 1, c2, 3], [5, 6]);
        philox4x32(c0, 1, c2, 3, 5, 6, out, 0);
        philox4x32Blocks(c0, 1, c2, 3, 5, 6, 2, out, 4);
        const ref2 = philoxReference([(c0 + 1) >>> 0, 1, c2, 3], [5, 6]);
        if (Array.from(out).join() !== [...ref, ...ref, ...ref2].join()) mismatches++;
        philox4x32Blocks(c0 - 1, 1, c2, 3, 5, 6, 2, out, 0);
        if (Array.from(out.subarray(4, 8)).join() !== ref.join()) mismatches++;
      }
    }
    expect(mismatches).toBe(0);
  });

  it('philox4x32Blocks equals per-block calls, odd and even block counts, offsets, wrap of the block counter', () => {
    const starts = [0, 1, 0x7ffffffe, 0xfffffffd];
    for (const first of starts) {
      for (const blocks of [1, 2, 5, 8]) {
        const out = new Uint32Array(4 * blocks + 3).fill(7);
        philox4x32Blocks(first, 0x9abcdef0, 3, Purpose.Unit, 0xdeadbeef, 42, blocks, out, 3);
        const expected = [7, 7, 7];
        for (let b = 0; b < blocks; b++)
          expected.push(
            ...philoxReference([(first + b) >>> 0, 0x9abcdef0, 3, Purpose.Unit], [0xdeadbeef, 42]),
          );
        expect(Array.from(out)).toEqual(expected);
      }
    }
  });

  it('a one-bit change of counter or key changes about half of the 128 output bits', () => {
    // Avalanche: for a good 10-round Philox the flipped-bit count is Binomial(128, 1/2);
    // the mean over 640 trials has SE sqrt(32/640) = 0.22.
    const out0 = new Uint32Array(4);
    const out1 = new Uint32Array(4);
    const popcount = (x: number) => {
      let c = 0;
      for (; x; x &= x - 1) c++;
      return c;
    };
    let total = 0;
    let trials = 0;
    const w = [...testWords(6 * 20)];
    for (let t = 0; t < 20; t++) {
      const base = w.slice(6 * t, 6 * t + 6);
      for (let field = 0; field < 6; field++) {
        for (const bit of [0, 7, 13, 31]) {
          const alt = base.slice();
          alt[field] = (alt[field] ^ (1 << bit)) >>> 0;
          philox4x32(base[0], base[1], base[2], base[3], base[4], base[5], out0);
          philox4x32(alt[0], alt[1], alt[2], alt[3], alt[4], alt[5], out1);
          for (let k = 0; k < 4; k++) total += popcount((out0[k] ^ out1[k]) >>> 0);
          trials++;
        }
      }
    }
    const mean = total / trials;
    expect(Math.abs(mean - 64)).toBeLessThan(4 * Math.sqrt(32 / trials));
  });
});

describe('CounterStream', () => {
  it('walks consecutive blocks of its address', () => {
    const s = new CounterStream(5, 6, Purpose.Shortcut, 3, 0);
    const got = Array.from({ length: 10 }, () => s.nextWord());
    const ref = [0, 1, 2].flatMap((b) => philoxReference([b, 0, 3, Purpose.Shortcut], [5, 6]));
    expect(got).toEqual(ref.slice(0, 10));
  });
});
