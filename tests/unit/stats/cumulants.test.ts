/**
 * The zero-mean cumulant estimators (stats/cumulants.ts): exactly unbiased, shown by averaging
 * over every sample of small discrete laws with their probabilities; standard errors equal to
 * the textbook Gaussian ones (24/N, 720/N) and calibrated (z-scores over replicate samples at a
 * fixed seed have mean 0 and sd 1); merging; and kappa_4 agrees with moments.ts's kurtosis.
 */
import { describe, expect, it } from 'vitest';
import { ZeroMeanCumulants, cumulantsFromPowerSums } from '../../../src/stats/cumulants.ts';
import { Moments } from '../../../src/stats/moments.ts';
import { exactCumulant, momentsToCumulants } from '../../../src/theory/iid-sums.ts';
import { fillUniforms } from '../../../src/random/normals.ts';
import { Purpose } from '../../../src/random/address.ts';
import { normals } from './samples.ts';

/** E[estimate] over all N-samples of a discrete law (values, probabilities), exactly. */
function expectation(values: number[], probs: number[], N: number) {
  const total = { kappa2: 0, kappa3: 0, kappa4: 0, kappa6: 0 };
  const idx = new Array<number>(N).fill(0);
  for (;;) {
    const c = new ZeroMeanCumulants();
    let p = 1;
    for (const i of idx) {
      c.add(values[i]);
      p *= probs[i];
    }
    const e = c.estimate();
    for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += p * e[k];
    let j = 0;
    while (j < N && ++idx[j] === values.length) idx[j++] = 0;
    if (j === N) return total;
  }
}

const lawCumulants = (values: number[], probs: number[]) =>
  momentsToCumulants(
    Array.from({ length: 7 }, (_, r) => values.reduce((s, v, i) => s + probs[i] * v ** r, 0)),
  );

describe('zero-mean cumulant estimators', () => {
  it('are exactly unbiased at every N: the coin (N = 5), S_2 of the coin (N = 4), a skewed two-point law (N = 4)', () => {
    const laws: [number[], number[], number][] = [
      [[-1, 1], [0.5, 0.5], 5],
      [[-Math.SQRT2, 0, Math.SQRT2], [0.25, 0.5, 0.25], 4],
      [[-1, 2], [2 / 3, 1 / 3], 4],
    ];
    for (const [values, probs, N] of laws) {
      const k = lawCumulants(values, probs);
      const e = expectation(values, probs, N);
      for (const [r, got] of [
        [2, e.kappa2],
        [3, e.kappa3],
        [4, e.kappa4],
        [6, e.kappa6],
      ] as const)
        expect(Math.abs(got - k[r]), `kappa_${r} of ${values.join(',')}`).toBeLessThan(1e-12);
    }
    // The coin's values, to be sure the law is the one named.
    expect(lawCumulants([-1, 1], [0.5, 0.5])[6]).toBeCloseTo(exactCumulant('coin', 6), 12);
    // The plug-in m4 - 3 m2^2 is biased at small N: the U-statistic is what makes the test pass.
    const naive = (x: number[]) => {
      const m2 = x.reduce((s, v) => s + v * v, 0) / x.length;
      const m4 = x.reduce((s, v) => s + v ** 4, 0) / x.length;
      return m4 - 3 * m2 * m2;
    };
    // Coin, N = 2: samples {±1, ±1}: m2 = m4 = 1 always, so the naive estimate is -2 for every
    // sample (no bias); take S_2 of the coin instead, where m2 varies.
    let biased = 0;
    const v = [-Math.SQRT2, 0, Math.SQRT2];
    const p = [0.25, 0.5, 0.25];
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) biased += p[a] * p[b] * naive([v[a], v[b]]);
    expect(Math.abs(biased - lawCumulants(v, p)[4])).toBeGreaterThan(0.1);
  });

  it('standard errors for a Gaussian: sqrt(24/N) for kappa_4, sqrt(720/N) for kappa_6', () => {
    const z = normals(200_000, 3);
    const c = new ZeroMeanCumulants();
    for (const x of z) c.add(x);
    const e = c.estimate();
    const N = z.length;
    expect(e.kappa4SE / Math.sqrt(24 / N)).toBeGreaterThan(0.95);
    expect(e.kappa4SE / Math.sqrt(24 / N)).toBeLessThan(1.05);
    // kappa_6's SE needs m_12, too noisy in a sample for a 5% check: the formula at the exact
    // Gaussian moments (power sums N * (r-1)!!) instead, where it must give 720/N exactly.
    const gauss = Array.from({ length: 13 }, (_, r) =>
      r === 0
        ? N
        : r % 2
          ? 0
          : N * Array.from({ length: r / 2 }, (_, i) => 2 * i + 1).reduce((q, v) => q * v, 1),
    );
    const exact = cumulantsFromPowerSums(gauss);
    // (plus the degenerate mu_3^2 part, 200 mu_6^2 / N(N-1) with mu_6 = 15).
    expect(exact.kappa6SE ** 2 * N).toBeCloseTo(720 + (200 * 225) / (N - 1), 9);
    expect(exact.kappa4SE ** 2 * N).toBeCloseTo(24, 10);
    expect(e.kappa2SE / Math.sqrt(2 / N)).toBeCloseTo(1, 1);
    // And the estimates are consistent with 0 there.
    expect(Math.abs(e.kappa4)).toBeLessThan(4 * e.kappa4SE);
    expect(Math.abs(e.kappa6)).toBeLessThan(4 * e.kappa6SE);
  });

  it('standard errors are calibrated: z-scores of 400 uniform (and coin) samples of 1000 have mean ~0 and sd ~1', () => {
    const R = 400;
    const N = 1000;
    const u = new Float64Array(N);
    const z4: number[] = [];
    const z6: number[] = [];
    const coin6: number[] = [];
    const a = Math.sqrt(3);
    for (let rep = 0; rep < R; rep++) {
      fillUniforms(77, rep, Purpose.Weight, 98, 0, u);
      const c = new ZeroMeanCumulants();
      for (const x of u) c.add(a * (2 * x - 1));
      const e = c.estimate();
      z4.push((e.kappa4 - exactCumulant('uniform', 4)) / e.kappa4SE);
      z6.push((e.kappa6 - exactCumulant('uniform', 6)) / e.kappa6SE);
      // The coin: kappa_6's error is all in the degenerate mu_3^2 term (-10 (S1^2 - N)/N(N-1)).
      const coin = new ZeroMeanCumulants();
      for (const x of u) coin.add(x < 0.5 ? -1 : 1);
      const ec = coin.estimate();
      coin6.push((ec.kappa6 - exactCumulant('coin', 6)) / ec.kappa6SE);
    }
    // The coin's even powers are constant, so its kappa_6 SE rests on the degenerate term and the
    // plug-in m_3^2 (which adds about twice as much again): conservative (rms z about 0.45), never overconfident.
    const coinSd = Math.sqrt(coin6.reduce((s, v) => s + v * v, 0) / R);
    expect(coinSd).toBeGreaterThan(0.3);
    expect(coinSd).toBeLessThan(0.75);
    for (const z of [z4, z6]) {
      const mean = z.reduce((s, v) => s + v, 0) / R;
      const sd = Math.sqrt(z.reduce((s, v) => s + (v - mean) ** 2, 0) / (R - 1));
      // SE of the mean 1/sqrt(R) = 0.05; of the sd about 1/sqrt(2R) = 0.035: 4 of each.
      expect(Math.abs(mean)).toBeLessThan(0.2);
      expect(Math.abs(sd - 1)).toBeLessThan(0.15);
    }
  });

  it('merging two accumulators equals one over all values; kappa_4 agrees with moments.ts', () => {
    const z = normals(20_000, 4).map((x) => x * x * Math.sign(x) * 0.7);
    const all = new ZeroMeanCumulants();
    const a = new ZeroMeanCumulants();
    const b = new ZeroMeanCumulants();
    z.forEach((x, i) => {
      all.add(x);
      (i % 3 ? a : b).add(x);
    });
    a.merge(b);
    const merged = a.estimate();
    const whole = cumulantsFromPowerSums(all.sums);
    for (const k of Object.keys(whole) as (keyof typeof whole)[])
      expect(Math.abs(merged[k] - whole[k])).toBeLessThanOrEqual(1e-10 * Math.abs(whole[k]));
    // kappa_4 / kappa_2^2 against the adjusted excess kurtosis G2, which estimates the mean too:
    // the same number up to O(1/N), far inside one SE.
    const m = new Moments();
    m.addArray(z);
    const e = all.estimate();
    const s = m.summary();
    expect(Math.abs(e.kappa4 / e.kappa2 ** 2 - s.excessKurtosis)).toBeLessThan(0.05 * s.excessKurtosisSE);
  });

  it('two values give kappa_4 (here -2, the coin exactly) but no kappa_6 (NaN)', () => {
    const c = new ZeroMeanCumulants();
    c.add(1);
    c.add(-1);
    const e = c.estimate();
    expect(e.kappa4).toBeCloseTo(-2, 12);
    expect(Number.isNaN(e.kappa6)).toBe(true);
  });
});
