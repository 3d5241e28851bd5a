import { describe, expect, it } from 'vitest';
import { MixtureMoments, mixtureDensity } from '../../../src/stats/mixture.ts';
import { Moments, summarize } from '../../../src/stats/moments.ts';
import { normalPdf } from '../../../src/theory/special.ts';
import { chiSquare, normals } from './samples.ts';

/** G = K chi2_nu / nu: E G = K, E G^2 = K^2 (1 + 2/nu), so the mixture's excess kurtosis is 6/nu. */
const K = 2;
const NU = 8;
const scaledChi = (n: number, row: number) => chiSquare(n, NU, row).map((c) => (K * c) / NU);

describe('mixtureDensity', () => {
  it('is the Gaussian density for one network and the average for several', () => {
    const grid = Float64Array.from({ length: 41 }, (_, i) => -6 + 0.3 * i);
    const one = mixtureDensity([2.5], grid);
    const two = mixtureDensity([2.5, 0.7], grid);
    for (let j = 0; j < grid.length; j++) {
      const p1 = normalPdf(grid[j] / Math.sqrt(2.5)) / Math.sqrt(2.5);
      const p2 = normalPdf(grid[j] / Math.sqrt(0.7)) / Math.sqrt(0.7);
      expect(Math.abs(one[j] - p1)).toBeLessThan(1e-15 + 1e-14 * p1);
      expect(Math.abs(two[j] - (p1 + p2) / 2)).toBeLessThan(1e-15 + 1e-14 * p1);
    }
  });

  it('integrates to 1 (to the non-degenerate fraction when some G = 0)', () => {
    const g = scaledChi(500, 31);
    const gmax = Math.max(...g);
    const h = (24 * Math.sqrt(gmax)) / 4000;
    const grid = Float64Array.from({ length: 4001 }, (_, i) => -12 * Math.sqrt(gmax) + h * i);
    const integral = (p: Float64Array) => h * (p.reduce((s, v) => s + v, 0) - 0.5 * (p[0] + p[p.length - 1]));
    // Trapezoid on a smooth, rapidly decaying integrand: error far below 1e-9 with min G >~ 0.1.
    expect(Math.abs(integral(mixtureDensity(g, grid)) - 1)).toBeLessThan(1e-9);
    expect(
      Math.abs(integral(mixtureDensity([...g.subarray(0, 300), 0, 0, 0, 0, 0, 0], grid)) - 300 / 306),
    ).toBeLessThan(1e-9);
  });
});

describe('MixtureMoments', () => {
  it('a constant G gives variance G, fourth moment 3 G^2, kurtosis 0, zero SEs', () => {
    const m = new MixtureMoments();
    for (let i = 0; i < 10; i++) m.add(1.7);
    const s = m.summary();
    expect(s.variance).toBeCloseTo(1.7, 14);
    expect(s.fourthMoment).toBeCloseTo(3 * 1.7 ** 2, 13);
    expect(Math.abs(s.excessKurtosis)).toBeLessThan(1e-13);
    expect(s.excessKurtosisSE).toBeLessThan(1e-6);
  });

  it('merging parts equals adding everything, and co-moments match a two-pass computation', () => {
    const g = scaledChi(1001, 32);
    const whole = new MixtureMoments();
    whole.addArray(g);
    const merged = new MixtureMoments();
    for (const [a, b] of [
      [0, 1],
      [1, 400],
      [400, 401],
      [401, 1001],
    ]) {
      const part = new MixtureMoments();
      part.addArray(g, a, b);
      merged.merge(part);
    }
    merged.merge(new MixtureMoments());
    const w = whole.summary();
    const m = merged.summary();
    for (const k of Object.keys(w) as Array<keyof typeof w>)
      expect(Math.abs(m[k] - w[k]) / Math.abs(w[k]), k).toBeLessThan(1e-12);
    // Two-pass reference for the SE of the variance: sqrt(sample var of G / N).
    const sG = summarize(g);
    expect(Math.abs(w.varianceSE - sG.meanSE) / sG.meanSE).toBeLessThan(1e-12);
    expect(Math.abs(w.variance - sG.mean)).toBeLessThan(1e-14);
  });

  it('recovers E G = K and excess kurtosis 6/nu within 4 SE, and agrees with sample moments of z', () => {
    const n = 20000;
    const g = scaledChi(n, 33);
    const m = new MixtureMoments();
    m.addArray(g);
    const s = m.summary();
    expect(Math.abs(s.variance - K)).toBeLessThan(4 * s.varianceSE);
    expect(Math.abs(s.fourthMoment - 3 * K * K * (1 + 2 / NU))).toBeLessThan(4 * s.fourthMomentSE);
    expect(Math.abs(s.excessKurtosis - 6 / NU)).toBeLessThan(4 * s.excessKurtosisSE);
    // z = sqrt(G) xi: the plain sample kurtosis estimates the same number, with a larger SE.
    const xi = normals(n, 34);
    const z = summarize(g.map((v, i) => Math.sqrt(v) * xi[i]));
    expect(s.excessKurtosisSE).toBeLessThan(z.excessKurtosisSE);
    expect(Math.abs(s.excessKurtosis - z.excessKurtosis)).toBeLessThan(
      4 * Math.hypot(s.excessKurtosisSE, z.excessKurtosisSE),
    );
  });

  it('its kurtosis SE is calibrated over 200 replicates of 1000 networks', () => {
    // Same criterion as the Moments calibration test: 4 relative SEs of the empirical SD.
    const R = 200;
    const est = new Moments();
    let meanSE = 0;
    for (let r = 0; r < R; r++) {
      const m = new MixtureMoments();
      m.addArray(scaledChi(1000, 40000 + r));
      const s = m.summary();
      est.add(s.excessKurtosis);
      meanSE += s.excessKurtosisSE / R;
    }
    const e = est.summary();
    const relSE = Math.sqrt((Math.max(0, e.excessKurtosis) + 2) / (4 * (R - 1)));
    expect(Math.abs(meanSE / Math.sqrt(e.variance) - 1)).toBeLessThan(4 * relSE);
    // Ratio estimator bias is O(1/N): the replicate mean is within 4 SE plus 1/4 of one SE of 6/nu.
    expect(Math.abs(e.mean - 6 / NU)).toBeLessThan(4 * e.meanSE + 0.25 * meanSE);
  });
});
