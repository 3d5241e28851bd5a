import { describe, expect, it } from 'vitest';
import { fillBivariate, BIVARIATE_CHUNK } from '../../../../src/random/bivariate.ts';
import { checkpoints, runGaussianIntegrals } from '../../../../src/experiments/gaussian-integrals/model.ts';
import { DEFAULTS, GAUSSIAN_INTEGRALS_URL } from '../../../../src/experiments/gaussian-integrals/state.ts';
import {
  bivariateMoment,
  covRows,
  factorLabels,
  pairingProduct,
  pairings,
  productVariance,
} from '../../../../src/theory/wick.ts';
import { ellipseProbability } from '../../../../src/theory/gaussian-integral.ts';

describe('samples of the 2-D Gaussian', () => {
  const K = { k11: 2, k22: 0.5, k12: 0.6 };

  it('same seed, same samples, whatever pieces they are drawn in', () => {
    const n = BIVARIATE_CHUNK + 2000;
    const whole = new Float64Array(2 * n);
    fillBivariate(7, K, 0, n, whole);
    const piece = new Float64Array(2 * 3000);
    fillBivariate(7, K, BIVARIATE_CHUNK - 1500, 3000, piece);
    expect([...piece]).toEqual([
      ...whole.subarray(2 * (BIVARIATE_CHUNK - 1500), 2 * (BIVARIATE_CHUNK + 1500)),
    ]);
    const other = new Float64Array(2 * n);
    fillBivariate(8, K, 0, n, other);
    expect(other[0]).not.toBe(whole[0]);
  });

  it('have covariance K: each sample second moment within 4 SE of K11, K22, K12', () => {
    const n = 200_000;
    const z = new Float64Array(2 * n);
    fillBivariate(3, K, 0, n, z);
    const check = (p: number, q: number, want: number) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += z[2 * i] ** p * z[2 * i + 1] ** q;
      const se = Math.sqrt(productVariance(p, q, K) / n);
      expect(Math.abs(s / n - want)).toBeLessThan(4 * se);
    };
    check(2, 0, K.k11);
    check(0, 2, K.k22);
    check(1, 1, K.k12);
  });
});

describe('the sample moment against Wick', () => {
  it('checkpoints run 10, 20, 50, ... up to the total', () => {
    expect(checkpoints(1000)).toEqual([10, 20, 50, 100, 200, 500, 1000]);
    expect(checkpoints(300)).toEqual([10, 20, 50, 100, 200, 300]);
  });

  for (const [m, p] of [
    [1, 1],
    [2, 2],
    [2, 4],
    [3, 3],
    [4, 8],
    [4, 5],
  ]) {
    it(`E[z1^${p} z2^${2 * m - p}] within 4 SE at every N, on a fixed seed (and a value 10% off fails)`, async () => {
      const state = { ...DEFAULTS, k11: 1.5, k22: 0.8, rho: 0.6, m, p, samples: 100_000, seed: 11 };
      const snaps: number[] = [];
      const final = await runGaussianIntegrals(state, (s) => snaps.push(s.done), undefined, undefined, 0);
      expect(final.done).toBe(100_000);
      expect(final.pairings).toBe([1, 3, 15, 105][m - 1]);
      const K = { k11: 1.5, k22: 0.8, k12: 0.6 * Math.sqrt(1.5 * 0.8) };
      expect(final.exact).toBe(bivariateMoment(p, 2 * m - p, K));
      expect(final.points.map((x) => x.n)).toEqual(checkpoints(100_000));
      // Streamed: more than one snapshot, the last one final.
      expect(snaps.length).toBeGreaterThan(1);
      const last = final.points.at(-1)!;
      // The sample's own SE estimates the exact one: close for m <= 2, loosely at m = 4, where
      // Var(z^8) rests on the 16th moment and a sample's estimate of it is itself heavy-tailed.
      const exactSE = Math.sqrt(final.exactVariance / last.n);
      expect(last.se / exactSE).toBeGreaterThan(m <= 2 ? 0.9 : 0.5);
      expect(last.se / exactSE).toBeLessThan(m <= 2 ? 1.1 : 2);
      // From N = 1000 on (the SE of a handful of samples of z^8 is itself unreliable), within 4 exact SEs.
      for (const pt of final.points.filter((x) => x.n >= 1000)) {
        expect(Math.abs(pt.mean - final.exact)).toBeLessThan(4 * Math.sqrt(final.exactVariance / pt.n));
      }
      // A wrong value fails the same check: one pairing's product instead of the sum of all (for
      // m = 1, where there is one pairing, the uncorrelated value 0).
      const wrong = m === 1 ? 0 : pairingProduct(pairings(2 * m)[0], factorLabels(p, 2 * m - p), covRows(K));
      expect(Math.abs(last.mean - wrong)).toBeGreaterThan(4 * exactSE);
    });
  }

  it('the fractions inside the 1- and 2-sigma ellipses are 1 - exp(-r^2/2) within 4 SE', async () => {
    const final = await runGaussianIntegrals({ ...DEFAULTS, samples: 50_000, seed: 5 }, () => {});
    for (const [count, r] of [
      [final.inside1, 1],
      [final.inside2, 2],
    ]) {
      const pr = ellipseProbability(r);
      expect(Math.abs(count / 50_000 - pr)).toBeLessThan(4 * Math.sqrt((pr * (1 - pr)) / 50_000));
    }
    expect(final.scatter.length).toBe(3000);
  });

  it('stops between chunks when aborted', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(runGaussianIntegrals(DEFAULTS, () => {}, ac.signal)).rejects.toThrow();
  });
});

describe('the link', () => {
  it('round-trips, and p above 2m falls back to 2m with a notice', () => {
    const s = { ...DEFAULTS, k: 2.5, mu: -1, m: 3, p: 5, rho: -0.3, samples: 1000, seed: 9 };
    const hash = GAUSSIAN_INTEGRALS_URL.format(s);
    expect(hash.startsWith('#view=gaussian-integrals&')).toBe(true);
    expect(GAUSSIAN_INTEGRALS_URL.parse(hash, 'cpu')).toMatchObject({ state: s, notices: [] });
    const bad = GAUSSIAN_INTEGRALS_URL.parse('#view=gaussian-integrals&m=1&p=4&rho=2', 'cpu');
    expect(bad.state.p).toBe(2);
    expect(bad.state.rho).toBe(DEFAULTS.rho);
    expect(bad.notices).toHaveLength(2);
  });
});
