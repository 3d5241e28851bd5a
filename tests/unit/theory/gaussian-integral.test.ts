import { describe, expect, it } from 'vitest';
import {
  covarianceEllipse,
  eigen2,
  ellipseProbability,
  gaussianIntegral,
  gaussianIntegral2d,
  gaussianIntegral2dExact,
  gaussianIntegralExact,
  lineIntegral,
  mahalanobis2,
} from '../../../src/theory/gaussian-integral.ts';

describe('the trapezoid rule on the line', () => {
  it('int exp(-(z - mu)^2 / 2K) dz = sqrt(2 pi K) to 1e-12, for every K and mean', () => {
    for (const K of [0.01, 0.1, 0.5, 1, 2, 4, 10, 100]) {
      for (const mu of [-3, 0, 0.7, 2.5]) {
        const r = gaussianIntegral(K, mu);
        expect(Math.abs(r.value / gaussianIntegralExact(K) - 1)).toBeLessThan(1e-12);
      }
    }
    expect(gaussianIntegralExact(1)).toBeCloseTo(2.5066282746310002, 15);
  });

  it('a coarse step is visibly wrong (the check above can fail): 2 exp(-2 pi^2 / 9) at h = 3 sd', () => {
    const r = gaussianIntegral(1, 0, 3);
    const rel = r.value / gaussianIntegralExact(1) - 1;
    expect(Math.abs(rel)).toBeGreaterThan(1e-2);
    // Poisson summation: the error is 2 sum_k exp(-2 pi^2 k^2 K / h^2); k = 1, 2 are all that show.
    expect(rel).toBeCloseTo(2 * (Math.exp((-2 * Math.PI ** 2) / 9) + Math.exp((-8 * Math.PI ** 2) / 9)), 6);
  });

  it('integrates the second moment: int z^2 exp(-z^2/2K) dz = K sqrt(2 pi K)', () => {
    const K = 2.3;
    const r = lineIntegral((z) => z * z * Math.exp((-z * z) / (2 * K)), { center: 0, scale: Math.sqrt(K) });
    expect(Math.abs(r.value / (K * gaussianIntegralExact(K)) - 1)).toBeLessThan(1e-12);
    expect(r.nodes.length).toBe(49);
    expect(r.h).toBeCloseTo(Math.sqrt(K) / 2, 15);
  });
});

describe('the 2-D Gaussian', () => {
  it('int int exp(-z^T K^-1 z / 2) = 2 pi sqrt(det K), correlated or not', () => {
    for (const K of [
      { k11: 1, k22: 1, k12: 0 },
      { k11: 2, k22: 0.5, k12: 0.9 },
      { k11: 1, k22: 1, k12: -0.95 },
    ]) {
      expect(Math.abs(gaussianIntegral2d(K) / gaussianIntegral2dExact(K) - 1)).toBeLessThan(1e-12);
    }
  });

  it('the ellipse of radius r is where z^T K^-1 z = r^2; its axes are the eigenvectors', () => {
    const K = { k11: 2, k22: 0.5, k12: 0.6 };
    const e = eigen2(K);
    expect(e.l1 + e.l2).toBeCloseTo(2.5, 14);
    expect(e.l1 * e.l2).toBeCloseTo(2 * 0.5 - 0.36, 14);
    for (const r of [1, 2]) {
      for (const p of covarianceEllipse(K, r, 33)) expect(mahalanobis2(K, p.x, p.y)).toBeCloseTo(r * r, 12);
    }
    expect(ellipseProbability(1)).toBeCloseTo(0.3934693402873666, 15);
    expect(ellipseProbability(2)).toBeCloseTo(0.8646647167633873, 15);
  });
});
