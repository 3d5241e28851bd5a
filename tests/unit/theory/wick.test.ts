import { describe, expect, it } from 'vitest';
import {
  bivariateMoment,
  covRows,
  doubleFactorial,
  evenMoment,
  factorLabels,
  pairingProduct,
  pairings,
  productVariance,
  wickMoment,
} from '../../../src/theory/wick.ts';

/** |a/b - 1|: these sums of products of up to 6 factors agree to rounding, relative to their size. */
const rel = (a: number, b: number) => (b === 0 ? Math.abs(a) : Math.abs(a / b - 1));

describe('double factorial', () => {
  it('matches the products written out', () => {
    expect([-1, 0, 1, 2, 3, 5, 7, 9, 15].map(doubleFactorial)).toEqual([
      1, 1, 1, 2, 3, 15, 105, 945, 2027025,
    ]);
    expect(() => doubleFactorial(-2)).toThrow(RangeError);
  });
});

describe('pairings', () => {
  for (const n of [0, 2, 4, 6, 8, 10]) {
    it(`of ${n} factors: (${n}-1)!! of them, each a perfect matching, all different`, () => {
      const all = pairings(n);
      expect(all.length).toBe(doubleFactorial(n - 1));
      const keys = new Set<string>();
      for (const p of all) {
        expect(p.length).toBe(n / 2);
        // Every factor exactly once, pairs ordered i < j.
        const seen = p.flat().sort((a, b) => a - b);
        expect(seen).toEqual(Array.from({ length: n }, (_, i) => i));
        for (const [i, j] of p) expect(i).toBeLessThan(j);
        keys.add(JSON.stringify([...p].sort((a, b) => a[0] - b[0])));
      }
      expect(keys.size).toBe(all.length);
    });
  }

  it('of 4 factors are the three of Wick: ab|cd, ac|bd, ad|bc', () => {
    expect(pairings(4)).toEqual([
      [
        [0, 1],
        [2, 3],
      ],
      [
        [0, 2],
        [1, 3],
      ],
      [
        [0, 3],
        [1, 2],
      ],
    ]);
  });

  it('refuses odd or too many factors', () => {
    expect(() => pairings(3)).toThrow(RangeError);
    expect(() => pairings(14)).toThrow(RangeError);
  });
});

describe("Wick's theorem", () => {
  const K = { k11: 1.3, k22: 0.7, k12: -0.4 };
  const rows = covRows(K);

  it('E z^4 = 3 K^2 and E z^{2m} = (2m-1)!! K^m', () => {
    expect(wickMoment([0, 0, 0, 0], [[2.5]])).toBeCloseTo(3 * 2.5 ** 2, 12);
    for (let m = 1; m <= 6; m++) {
      expect(rel(wickMoment(Array<number>(2 * m).fill(0), [[1.7]]), evenMoment(m, 1.7))).toBeLessThan(1e-12);
    }
    expect(evenMoment(4, 2)).toBe(105 * 16);
  });

  it('E z_a z_b z_c z_d = K_ab K_cd + K_ac K_bd + K_ad K_bc for every labelling of a 3-D Gaussian', () => {
    const K3 = [
      [1.2, 0.3, -0.5],
      [0.3, 0.9, 0.2],
      [-0.5, 0.2, 2.1],
    ];
    for (let a = 0; a < 3; a++)
      for (let b = 0; b < 3; b++)
        for (let c = 0; c < 3; c++)
          for (let d = 0; d < 3; d++) {
            const formula = K3[a][b] * K3[c][d] + K3[a][c] * K3[b][d] + K3[a][d] * K3[b][c];
            expect(wickMoment([a, b, c, d], K3)).toBeCloseTo(formula, 14);
          }
  });

  it('the pairings of E[z1^2 z2^2] are worth K11 K22, K12^2, K12^2', () => {
    const labels = factorLabels(2, 2);
    expect(pairings(4).map((p) => pairingProduct(p, labels, rows))).toEqual([
      K.k11 * K.k22,
      K.k12 * K.k12,
      K.k12 * K.k12,
    ]);
  });

  it('odd moments vanish', () => {
    expect(wickMoment([0, 1, 1], rows)).toBe(0);
    expect(bivariateMoment(3, 2, K)).toBe(0);
  });

  it('the grouped formula equals the sum over every pairing, for every p + q <= 12', () => {
    for (let n = 0; n <= 12; n += 2) {
      for (let p = 0; p <= n; p++) {
        const exact = wickMoment(factorLabels(p, n - p), rows);
        expect(rel(bivariateMoment(p, n - p, K), exact)).toBeLessThan(1e-12);
      }
    }
    // And would catch a wrong count: E[z1^2 z2^2] is not K11 K22 + K12^2.
    expect(Math.abs(bivariateMoment(2, 2, K) - (K.k11 * K.k22 + K.k12 ** 2))).toBeGreaterThan(0.1);
  });

  it('Var z^{2m} = ((4m-1)!! - ((2m-1)!!)^2) K^{2m}; Var(z1 z2) = K11 K22 + K12^2', () => {
    const one = { k11: 1.5, k22: 1, k12: 0 };
    for (let m = 1; m <= 4; m++) {
      const want = (doubleFactorial(4 * m - 1) - doubleFactorial(2 * m - 1) ** 2) * 1.5 ** (2 * m);
      expect(rel(productVariance(2 * m, 0, one), want)).toBeLessThan(1e-13);
    }
    expect(productVariance(1, 1, K)).toBeCloseTo(K.k11 * K.k22 + K.k12 ** 2, 14);
  });
});
