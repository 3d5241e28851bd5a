import { describe, expect, it } from 'vitest';
import { Moments, shapeStandardErrors, summarize } from '../../../src/stats/moments.ts';
import { SCIPY } from './scipy-reference.ts';
import { chiSquare, normals, studentT } from './samples.ts';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-300, Math.abs(b));

describe('Moments: exact values', () => {
  it.each(['a', 'b', 'c'] as const)(
    'matches SciPy (var ddof=1, skew/kurtosis bias=False) on sample %s',
    (name) => {
      const s = summarize(SCIPY[name]);
      const ref = SCIPY[`mom_${name}`];
      expect(s.count).toBe(SCIPY[name].length);
      expect(rel(s.mean, ref.mean)).toBeLessThan(1e-13);
      expect(rel(s.variance, ref.var)).toBeLessThan(1e-13);
      expect(rel(s.skewness, ref.skew)).toBeLessThan(1e-12);
      expect(rel(s.excessKurtosis, ref.kurt)).toBeLessThan(1e-12);
    },
  );

  it('one value at a time, arrays, and merges of uneven parts agree with the all-at-once result', () => {
    const x = chiSquare(3001, 3, 1);
    const whole = summarize(x);
    const single = new Moments();
    for (const v of x) single.add(v);
    const parts = [0, 1, 2, 300, 301, 1500, 2999, 3001];
    const merged = new Moments();
    for (let p = 0; p + 1 < parts.length; p++) {
      const m = new Moments();
      m.addArray(x, parts[p], parts[p + 1]);
      merged.merge(m);
    }
    // Mixed: some values added singly (buffered) before a merge.
    const mixed = new Moments();
    for (let i = 0; i < 100; i++) mixed.add(x[i]);
    const rest = new Moments();
    rest.addArray(x, 100);
    mixed.merge(rest);
    for (const s of [single.summary(), merged.summary(), mixed.summary()]) {
      expect(s.count).toBe(3001);
      for (const key of [
        'mean',
        'variance',
        'skewness',
        'excessKurtosis',
        'meanSE',
        'varianceSE',
        'skewnessSE',
        'excessKurtosisSE',
      ] as const) {
        expect(rel(s[key], whole[key]), key).toBeLessThan(1e-10);
      }
    }
  });

  it('is stable for a tiny spread on a huge offset', () => {
    // Values 1e9 + {0, 1, 2, 3} * 1e-3, 1000 times each: population variance 1.25e-6, skewness 0,
    // g2 = mu4/mu2^2 - 3 = -1.36. Naive sums of squares would lose every digit here.
    const m = new Moments();
    const base = [0, 1, 2, 3].map((k) => 1e9 + k * 1e-3);
    for (let r = 0; r < 1000; r++) for (const v of base) m.add(v);
    const s = m.summary();
    const pop = 1.25e-6;
    expect(rel(s.variance, (pop * 4000) / 3999)).toBeLessThan(1e-5);
    expect(Math.abs(s.skewness)).toBeLessThan(1e-4);
    // Population g2 for a 4-point uniform: (mu4 / mu2^2) - 3 = 2.05/1.5625... computed exactly:
    const mu2 = 1.25,
      mu4 = (2 * 1.5 ** 4 + 2 * 0.5 ** 4) / 4;
    const g2 = mu4 / mu2 ** 2 - 3;
    const n = 4000;
    const G2 = (((n + 1) * g2 + 6) * (n - 1)) / ((n - 2) * (n - 3));
    expect(Math.abs(s.excessKurtosis - G2)).toBeLessThan(1e-4);
  });

  it('empty and tiny accumulators give NaN where undefined', () => {
    expect(Number.isNaN(new Moments().summary().mean)).toBe(true);
    const one = summarize([2]);
    expect(one.mean).toBe(2);
    expect(Number.isNaN(one.variance)).toBe(true);
    expect(Number.isNaN(summarize([1, 2, 3]).excessKurtosis)).toBe(true);
  });
});

describe('Moments: standard errors', () => {
  it('delta method with exact Gaussian moments gives sqrt(6/N) and sqrt(24/N)', () => {
    const mu = [1, 0, 1, 0, 3, 0, 15, 0, 105];
    const se = shapeStandardErrors(1000, mu);
    expect(rel(se.skewnessSE, Math.sqrt(6 / 1000))).toBeLessThan(1e-14);
    expect(rel(se.excessKurtosisSE, Math.sqrt(24 / 1000))).toBeLessThan(1e-14);
  });

  it('delta method with exact exponential moments gives the known asymptotic variances', () => {
    // Exponential(1): central moments mu_k = k! sum_{j<=k} (-1)^j / j! (subfactorials):
    // 1, 0, 1, 2, 9, 44, 265, 1854, 14833. By hand: N Var(g1) -> 72 and N Var(g2) -> 8064 (a NumPy
    // simulation, 20000 replicates of N = 4000, gives 69.3 and 7434: the finite-N values approach
    // these slowly from below).
    const mu = [1, 0, 1, 2, 9, 44, 265, 1854, 14833];
    const cov = (r: number, s: number) =>
      mu[r + s] -
      mu[r] * mu[s] -
      r * mu[r - 1] * mu[s + 1] -
      s * mu[r + 1] * mu[s - 1] +
      r * s * mu[r - 1] * mu[s - 1] * mu[2];
    // Skewness of an exponential, by hand: g1 = m3 / m2^1.5, gradient at (m2, m3) = (1, 2) is (-3, 1).
    const v1 = cov(3, 3) - 6 * cov(2, 3) + 9 * cov(2, 2);
    // Kurtosis: gradient at (m2, m4) = (1, 9) is (-18, 1).
    const v2 = cov(4, 4) - 36 * cov(2, 4) + 324 * cov(2, 2);
    const se = shapeStandardErrors(100, mu);
    expect(rel(se.skewnessSE, Math.sqrt(v1 / 100))).toBeLessThan(1e-14);
    expect(rel(se.excessKurtosisSE, Math.sqrt(v2 / 100))).toBeLessThan(1e-14);
    expect(v1).toBe(72);
    expect(v2).toBe(8064);
  });

  it('a large Gaussian sample reports SEs near sqrt(var/N), sqrt(2/N) var, sqrt(6/N), sqrt(24/N)', () => {
    const n = 200_000;
    const s = summarize(normals(n, 7));
    // The SE estimates themselves fluctuate: the kurtosis SE depends on m8, whose relative SD at this
    // N is sqrt((mu16 - mu8^2)/N)/mu8 = sqrt(183/N) = 3%; the SE moves by a few percent at most.
    expect(rel(s.meanSE, Math.sqrt(1 / n))).toBeLessThan(0.02);
    expect(rel(s.varianceSE, Math.sqrt(2 / n))).toBeLessThan(0.05);
    expect(rel(s.skewnessSE, Math.sqrt(6 / n))).toBeLessThan(0.08);
    expect(rel(s.excessKurtosisSE, Math.sqrt(24 / n))).toBeLessThan(0.12);
    // And the estimates are within 4 SE of the truth.
    expect(Math.abs(s.mean)).toBeLessThan(4 * s.meanSE);
    expect(Math.abs(s.variance - 1)).toBeLessThan(4 * s.varianceSE);
    expect(Math.abs(s.skewness)).toBeLessThan(4 * s.skewnessSE);
    expect(Math.abs(s.excessKurtosis)).toBeLessThan(4 * s.excessKurtosisSE);
  });

  /**
   * Calibration: over R replicate samples of size N, the empirical SD of each estimator should
   * equal the mean reported SE. The empirical SD s_R of R values has relative SE
   * sqrt((kappa + 2) / (4 (R - 1))), kappa the excess kurtosis of the estimator's distribution
   * (estimated from the replicates); the tolerance is 4 of those. Parents: Gaussian (N = 500),
   * chi-square(4) (skewed) and Student t(20) (heavy-tailed, moments < 20 finite, as the SE of the
   * kurtosis SE needs mu_16) at N = 2000. Known limitation, not tested: for heavier tails (t(10),
   * whose mu_16 is infinite) or smaller N, the plug-in delta-method kurtosis SE runs 20-40% low.
   */
  const R = 200;
  const cases: Array<{
    name: string;
    n: number;
    draw: (n: number, row: number) => Float64Array;
    truth: { variance: number; kurtosis: number };
  }> = [
    { name: 'Gaussian', n: 500, draw: (n, r) => normals(n, 1000 + r), truth: { variance: 1, kurtosis: 0 } },
    {
      name: 'chi-square(4)',
      n: 2000,
      draw: (n, r) => chiSquare(n, 4, 2000 + r),
      truth: { variance: 8, kurtosis: 3 },
    },
    {
      name: 'Student t(20)',
      n: 2000,
      draw: (n, r) => studentT(n, 20, 3000 + r),
      truth: { variance: 20 / 18, kurtosis: 6 / 16 },
    },
  ];
  it.each(cases)(`SEs are calibrated over ${R} replicates: $name, N = $n`, ({ n, draw, truth }) => {
    const keys = ['mean', 'variance', 'skewness', 'excessKurtosis'] as const;
    const estimates = keys.map(() => new Moments());
    const reportedSE = keys.map(() => 0);
    for (let r = 0; r < R; r++) {
      const s = summarize(draw(n, r));
      keys.forEach((k, i) => {
        estimates[i].add(s[k]);
        reportedSE[i] += s[`${k}SE` as const] / R;
      });
    }
    keys.forEach((k, i) => {
      const e = estimates[i].summary();
      const empiricalSD = Math.sqrt(e.variance);
      const relSE = Math.sqrt((Math.max(0, e.excessKurtosis) + 2) / (4 * (R - 1)));
      const tol = 4 * relSE;
      expect(
        Math.abs(reportedSE[i] / empiricalSD - 1),
        `${k}: reported ${reportedSE[i]}, empirical ${empiricalSD}`,
      ).toBeLessThan(tol);
    });
    // The estimators are unbiased to within their SE over R replicates (the kurtosis estimator has an
    // O(1/N) bias for non-Gaussian parents: allowed as a quarter of one sample's SE, >> 1/N here).
    const kurt = estimates[3].summary();
    expect(Math.abs(kurt.mean - truth.kurtosis)).toBeLessThan(4 * kurt.meanSE + 0.25 * reportedSE[3]);
    const v = estimates[1].summary();
    expect(Math.abs(v.mean - truth.variance)).toBeLessThan(4 * v.meanSE);
  });
});
