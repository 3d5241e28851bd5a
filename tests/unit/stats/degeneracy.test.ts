import { describe, expect, it } from 'vitest';
import { ValueProfile, degeneracyOf, isDegenerate } from '../../../src/stats/index.ts';

const of = (values: number[]) => {
  const p = new ValueProfile();
  // Two calls: the profile streams.
  p.addArray(values, 0, Math.floor(values.length / 2));
  p.addArray(values, Math.floor(values.length / 2));
  return degeneracyOf(p.summary());
};

describe('degeneracy of an ensemble', () => {
  it('names every case, the most severe first', () => {
    expect(of([])).toEqual({ kind: 'none' });
    expect(of([0.3, -1.2, 2, 0])).toEqual({ kind: 'none' });
    expect(of([0, -0, 0, 0])).toEqual({ kind: 'all-zero', count: 4 });
    expect(of([NaN, Infinity, -Infinity])).toEqual({ kind: 'overflow', count: 3 });
    expect(of([2.5, 2.5, 2.5])).toEqual({ kind: 'constant', count: 3, value: 2.5 });
    expect(of([1, NaN, 0, 2])).toEqual({ kind: 'partial-overflow', count: 4, nonFinite: 1 });
    expect(of([0, 0, 0, 1.5])).toEqual({ kind: 'mostly-zero', count: 4, zeros: 3 });
    expect(of([0, 0, 1, 1.5, -2])).toEqual({ kind: 'none' });
    // One value is not "all equal": a single network has no variance to speak of, but it is not degenerate.
    expect(of([3])).toEqual({ kind: 'none' });
  });

  it("calls values 'huge' exactly when the sum of their 8th powers would overflow float64", () => {
    // 1e38^8 = 1e304 is finite, times 4 values still is; 1e39^8 = 1e312 is not.
    expect(of([1e38, -1e38, 5e37, 1]).kind).toBe('none');
    const d = of([1e39, -2, 3, 4]);
    expect(d).toEqual({ kind: 'huge', count: 4, maxAbs: 1e39 });
    expect(Number.isFinite(1e39 ** 8)).toBe(false);
    expect(Number.isFinite(4 * 1e38 ** 8)).toBe(true);
  });

  it('only overflow, all-zero and constant ensembles have no distribution at all', () => {
    expect(isDegenerate({ kind: 'all-zero', count: 2 })).toBe(true);
    expect(isDegenerate({ kind: 'overflow', count: 2 })).toBe(true);
    expect(isDegenerate({ kind: 'constant', count: 2, value: 1 })).toBe(true);
    expect(isDegenerate({ kind: 'mostly-zero', count: 2, zeros: 1 })).toBe(false);
    expect(isDegenerate({ kind: 'huge', count: 2, maxAbs: 1e300 })).toBe(false);
    expect(isDegenerate({ kind: 'none' })).toBe(false);
  });
});
