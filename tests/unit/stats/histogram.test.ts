import { describe, expect, it } from 'vitest';
import { Histogram, symmetricRange } from '../../../src/stats/histogram.ts';
import { normalCdf } from '../../../src/theory/special.ts';
import { normals } from './samples.ts';

/** Reference bin lookup by linear scan: bin b holds [e_b, e_{b+1}), the last bin also its right edge. */
function linearBin(edges: ArrayLike<number>, x: number): number {
  const last = edges.length - 2;
  if (x < edges[0]) return -1;
  if (x > edges[last + 1]) return last + 1;
  for (let b = 0; b <= last; b++) if (x < edges[b + 1]) return b;
  return last;
}

describe('Histogram', () => {
  it('puts edge values, underflow, overflow and NaN where documented', () => {
    const h = Histogram.uniform(-1, 1, 4);
    expect(Array.from(h.edges)).toEqual([-1, -0.5, 0, 0.5, 1]);
    for (const x of [-1, -0.5, 0, 0.25, 1, -1.0000001, 1.0000001, NaN, -Infinity, Infinity]) h.add(x);
    expect(Array.from(h.counts)).toEqual([1, 1, 2, 1]);
    expect([h.underflow, h.overflow, h.nan, h.total]).toEqual([2, 2, 1, 10]);
  });

  it('fast uniform lookup and binary search agree with a linear scan, including exact edges', () => {
    const hu = Histogram.uniform(-0.3, 0.7, 10); // edges like 0.1 that are not exact in binary
    const hn = new Histogram([-2, -1.5, 0, 0.001, 0.5, 3, 10]);
    const values: number[] = [];
    for (const h of [hu, hn])
      for (const e of h.edges) values.push(e, e * (1 + 1e-16) + 1e-300, e - Math.abs(e) * 2.3e-16 - 1e-300);
    for (const z of normals(2000, 21)) values.push(z, z * 3);
    for (const h of [hu, hn]) {
      let bad = 0;
      for (const v of values) if (h.binIndex(v) !== linearBin(h.edges, v)) bad++;
      expect(bad).toBe(0);
    }
  });

  it('density is count / (N width), integrates to the fraction inside, and merges exactly', () => {
    const h = new Histogram([0, 1, 3, 4]);
    h.addArray([0.5, 1, 2, 2.5, 3.5, 9, -1]);
    expect(Array.from(h.density())).toEqual([1 / 7, 3 / 14, 1 / 7]);
    const integral = h.density().reduce((s, d, i) => s + d * (h.edges[i + 1] - h.edges[i]), 0);
    expect(integral).toBeCloseTo(5 / 7, 15);
    const g = h.emptyLike();
    g.addArray([0.1, 5]);
    h.merge(g);
    expect(Array.from(h.counts)).toEqual([2, 3, 1]);
    expect([h.underflow, h.overflow, h.total]).toEqual([1, 2, 9]);
    expect(() => h.merge(Histogram.uniform(0, 4, 3))).toThrow(RangeError);
    expect(() => new Histogram([0, 0, 1])).toThrow(RangeError);
    expect(() => new Histogram([0, Infinity])).toThrow(RangeError);
  });

  it('the density of 2^17 standard normals matches the exact bin probabilities within 4 SE', () => {
    const n = 1 << 17;
    const [lo, hi] = symmetricRange(1, 5);
    const h = Histogram.uniform(lo, hi, 40);
    h.addArray(normals(n, 22));
    const d = h.density();
    let worst = 0;
    for (let b = 0; b < h.bins; b++) {
      const w = h.edges[b + 1] - h.edges[b];
      const p = normalCdf(h.edges[b + 1]) - normalCdf(h.edges[b]);
      const se = Math.sqrt((p * (1 - p)) / n) / w; // binomial SE of the density, from the true p
      worst = Math.max(worst, Math.abs(d[b] - p / w) / se);
    }
    expect(worst).toBeLessThan(4);
    expect(h.underflow + h.overflow).toBeLessThan(
      n * 2 * normalCdf(-5) + 4 * Math.sqrt(n * 2 * normalCdf(-5)) + 1,
    );
  });

  it('symmetricRange is +-s sigma and rejects bad variances', () => {
    expect(symmetricRange(4)).toEqual([-10, 10]);
    expect(symmetricRange(9, 2)).toEqual([-6, 6]);
    expect(() => symmetricRange(0)).toThrow(RangeError);
    expect(() => symmetricRange(NaN)).toThrow(RangeError);
  });
});
