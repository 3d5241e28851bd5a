import { describe, expect, it } from 'vitest';
import {
  kolmogorovCdf,
  kolmogorovSurvival,
  ksOneSample,
  ksStatistic,
  ksTwoSample,
  ksTwoSampleStatistic,
} from '../../../src/stats/ks.ts';
import { normalCdf } from '../../../src/theory/special.ts';
import { SCIPY } from './scipy-reference.ts';
import { normals } from './samples.ts';

/** Brute force: |F_n - F| just before and at every sample point, by counting (no sorting). */
function bruteOneSample(x: readonly number[], cdf: (v: number) => number): number {
  const n = x.length;
  let d = 0;
  for (const v of x) {
    const atOrBelow = x.filter((u) => u <= v).length / n;
    const below = x.filter((u) => u < v).length / n;
    d = Math.max(d, Math.abs(atOrBelow - cdf(v)), Math.abs(cdf(v) - below));
  }
  return d;
}

/** Brute force: max over all pooled points of |F_a - F_b|, by counting. */
function bruteTwoSample(a: readonly number[], b: readonly number[]): number {
  let d = 0;
  for (const v of [...a, ...b])
    d = Math.max(
      d,
      Math.abs(a.filter((u) => u <= v).length / a.length - b.filter((u) => u <= v).length / b.length),
    );
  return d;
}

describe('Kolmogorov distribution', () => {
  it('equals scipy.special.kolmogorov on both series branches', () => {
    for (const [x, sf] of Object.entries(SCIPY.kolmogorovSF)) {
      expect(Math.abs(kolmogorovSurvival(Number(x)) - sf), x).toBeLessThan(1e-14 + 1e-12 * sf);
      expect(Math.abs(kolmogorovCdf(Number(x)) - (1 - sf)), x).toBeLessThan(1e-14);
    }
  });

  it('has the classical quantiles K(1.36) ~ 0.95, K(1.63) ~ 0.99 and is continuous at the branch switch', () => {
    expect(kolmogorovCdf(1.36)).toBeCloseTo(0.95, 2);
    expect(kolmogorovCdf(1.63)).toBeCloseTo(0.99, 2);
    expect(kolmogorovCdf(1.3581)).toBeCloseTo(0.95, 4);
    expect(kolmogorovCdf(1.6276)).toBeCloseTo(0.99, 4);
    expect(Math.abs(kolmogorovCdf(1.18 - 1e-12) - kolmogorovCdf(1.18))).toBeLessThan(1e-11);
    expect(kolmogorovCdf(0)).toBe(0);
    expect(kolmogorovSurvival(10)).toBeLessThan(1e-80);
  });
});

describe('KS statistics', () => {
  it('one-sample D equals SciPy and a brute-force count', () => {
    for (const name of ['a', 'b'] as const) {
      const x = SCIPY[name];
      const d = ksStatistic(x, normalCdf);
      expect(Math.abs(d - SCIPY[`ks1_${name}`].D)).toBeLessThan(1e-12);
      expect(Math.abs(d - bruteOneSample(x, normalCdf))).toBeLessThan(1e-15);
    }
  });

  it('two-sample D equals SciPy and a brute-force count, with ties', () => {
    for (const [a, b, ref] of [
      [SCIPY.a, SCIPY.b, SCIPY.ks2_ab],
      [SCIPY.a, SCIPY.c, SCIPY.ks2_ac],
      [SCIPY.b, SCIPY.c, SCIPY.ks2_bc],
    ] as const) {
      expect(Math.abs(ksTwoSampleStatistic(a, b) - ref.D)).toBeLessThan(1e-15);
    }
    const tiesA = [1, 1, 2, 2, 2, 3, 5, 5];
    const tiesB = [1, 2, 2, 4, 5, 5, 5];
    expect(ksTwoSampleStatistic(tiesA, tiesB)).toBeCloseTo(bruteTwoSample(tiesA, tiesB), 15);
    expect(ksTwoSampleStatistic(tiesA, tiesA)).toBe(0);
  });

  it("p-values with Stephens' correction are close to SciPy's exact finite-N values", () => {
    // Stephens' formula targets the upper tail (p <= 0.2), where it is accurate to a few 0.001;
    // near p = 0.5 it is off by about 0.01 (N = 27 here).
    expect(Math.abs(ksOneSample(SCIPY.a, normalCdf).pValue - SCIPY.ks1_a.p)).toBeLessThan(0.005);
    expect(Math.abs(ksTwoSample(SCIPY.a, SCIPY.b).pValue - SCIPY.ks2_ab.p)).toBeLessThan(0.005);
    expect(Math.abs(ksOneSample(SCIPY.b, normalCdf).pValue - SCIPY.ks1_b.p)).toBeLessThan(0.02);
    expect(ksTwoSample(SCIPY.a, SCIPY.c).pValue).toBeLessThan(1e-6);
    expect(ksTwoSample(SCIPY.b, SCIPY.c).pValue).toBeLessThan(1e-8);
  });
});

describe('KS p-values under the null hypothesis are uniform', () => {
  // R tests at level alpha reject a binomial fraction: 4 SE = 4 sqrt(alpha (1 - alpha) / R).
  const R = 1000;
  const check = (p: Float64Array) => {
    for (const alpha of [0.05, 0.2, 0.5]) {
      const frac = p.filter((v) => v < alpha).length / R;
      expect(Math.abs(frac - alpha), `alpha ${alpha}`).toBeLessThan(4 * Math.sqrt((alpha * (1 - alpha)) / R));
    }
  };
  it('one sample, N = 50', () => {
    const p = new Float64Array(R);
    for (let r = 0; r < R; r++) p[r] = ksOneSample(normals(50, 5000 + r), normalCdf).pValue;
    check(p);
  });
  it('two samples, N = 40 and 70', () => {
    const p = new Float64Array(R);
    for (let r = 0; r < R; r++) p[r] = ksTwoSample(normals(40, 7000 + r), normals(70, 9000 + r)).pValue;
    check(p);
  });
  it('detects a 0.3-sigma shift at N = 2000 (power)', () => {
    const shifted = normals(2000, 11).map((x) => x + 0.3);
    expect(ksOneSample(shifted, normalCdf).pValue).toBeLessThan(1e-6);
    expect(ksTwoSample(shifted, normals(2000, 12)).pValue).toBeLessThan(1e-6);
  });
});
