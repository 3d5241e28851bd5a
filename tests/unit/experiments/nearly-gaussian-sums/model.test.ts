/**
 * The sums view's sampler (experiments/nearly-gaussian-sums/model.ts) and state: measured
 * cumulants of S_n within 4 SE of n^{1-r/2} kappa_r(X) at a fixed seed for every X and a few n
 * (and a wrong n-law outside them); the same seed gives the same sums whatever the chunking; a
 * run streams progress and stops at a cancel; the URL fields refuse n that are not powers of two.
 */
import { describe, expect, it } from 'vitest';
import { fillNormals } from '../../../../src/random/normals.ts';
import { Purpose } from '../../../../src/random/address.ts';
import {
  SumSampler,
  fillTerms,
  runSums,
  type SumsSnapshot,
} from '../../../../src/experiments/nearly-gaussian-sums/model.ts';
import { SUMS_DEFAULTS, SUMS_URL } from '../../../../src/experiments/nearly-gaussian-sums/state.ts';
import { SUM_DISTRIBUTIONS, sumCumulant } from '../../../../src/theory/iid-sums.ts';

const WIDTHS = [1, 2, 4, 8, 16, 32];

describe('the sums sampler', () => {
  const samplers = Object.fromEntries(
    SUM_DISTRIBUTIONS.map((d) => {
      const s = new SumSampler(d, 7, WIDTHS);
      s.addSamples(0, 40_000);
      return [d, s.snapshot(40_000)];
    }),
  ) as Record<(typeof SUM_DISTRIBUTIONS)[number], SumsSnapshot>;

  it('kappa_2 = 1 and kappa_4, kappa_6 within 4 SE of n^{1-r/2} kappa_r(X) for every X and n', () => {
    for (const d of SUM_DISTRIBUTIONS) {
      const snap = samplers[d];
      snap.widths.forEach((n, i) => {
        const e = snap.estimates[i];
        const where = `${d}, n = ${n}`;
        expect(e.count).toBe(40_000);
        // The coin at n = 1 is +-1 exactly: kappa_2 = 1 with SE 0 (hence the 1e-12).
        expect(Math.abs(e.kappa2 - 1), where).toBeLessThanOrEqual(4 * e.kappa2SE + 1e-12);
        expect(Math.abs(e.kappa3 - sumCumulant(d, 3, n)), where).toBeLessThanOrEqual(4 * e.kappa3SE + 1e-12);
        expect(Math.abs(e.kappa4 - sumCumulant(d, 4, n)), where).toBeLessThanOrEqual(4 * e.kappa4SE + 1e-12);
        expect(Math.abs(e.kappa6 - sumCumulant(d, 6, n)), where).toBeLessThanOrEqual(4 * e.kappa6SE + 1e-12);
      });
    }
  });

  it('a wrong value would fail: at small n the measured kappa_4 rules out 0, the n/2 law and the 1/sqrt n law', () => {
    for (const d of ['coin', 'exponential', 'relu-unit'] as const) {
      const snap = samplers[d];
      for (const n of [1, 2, 4]) {
        const e = snap.estimates[snap.widths.indexOf(n)];
        const exact = sumCumulant(d, 4, n);
        expect(Math.abs(e.kappa4 - 0), `${d} ${n}: not Gaussian`).toBeGreaterThan(4 * e.kappa4SE);
        expect(Math.abs(e.kappa4 - 2 * exact), `${d} ${n}: not at n/2`).toBeGreaterThan(4 * e.kappa4SE);
        expect(Math.abs(e.kappa4 - exact * Math.sqrt(n)), `${d} ${n}: not n^-1/2`).toBeGreaterThan(
          n > 1 ? 4 * e.kappa4SE : -1,
        );
      }
    }
    // The exponential's skew is seen too: kappa_3 = 2/sqrt n, not 0.
    const e = samplers.exponential.estimates[2];
    expect(Math.abs(e.kappa3)).toBeGreaterThan(4 * e.kappa3SE);
  });

  it('the histogram is a density: it integrates to the fraction inside [-5, 5]', () => {
    const snap = samplers['relu-unit'];
    snap.density.forEach((dens, i) => {
      const w = snap.edges[1] - snap.edges[0];
      const mass = dens.reduce((s, v) => s + v * w, 0);
      expect(mass + snap.outside[i] / snap.samples).toBeCloseTo(1, 12);
    });
  });

  it('the same seed gives the same sums in any chunking; another seed other ones', () => {
    const a = new SumSampler('coin', 3, WIDTHS);
    a.addSamples(0, 1000);
    const b = new SumSampler('coin', 3, WIDTHS);
    b.addSamples(0, 300);
    b.addSamples(300, 1000);
    expect(b.snapshot(1000).density).toEqual(a.snapshot(1000).density);
    expect(Array.from(b.accumulators[5].sums)).toEqual(Array.from(a.accumulators[5].sums));
    const c = new SumSampler('coin', 4, WIDTHS);
    c.addSamples(0, 1000);
    expect(c.snapshot(1000).density).not.toEqual(a.snapshot(1000).density);
  });

  it('S_n of the coin lies on its lattice (2k - n)/sqrt n: the prefixes are sums of +-1', () => {
    const s = new SumSampler('coin', 5, [1, 4]);
    s.addSamples(0, 200);
    // n = 1: only +-1, so the mass sits in the two bins holding -1 and 1.
    const d1 = s.snapshot(200).density[0];
    expect(d1.filter((v) => v > 0).length).toBe(2);
    // n = 4: values -2, -1, 0, 1, 2 only.
    expect(s.snapshot(200).density[1].filter((v) => v > 0).length).toBeLessThanOrEqual(5);
  });

  it('a run streams its chunks with progress and stops at an aborting checkpoint', async () => {
    const seen: number[] = [];
    const last = await runSums({ ...SUMS_DEFAULTS, samples: 2000, distribution: 'uniform' }, (s) =>
      seen.push(s.progress),
    );
    expect(seen).toEqual([0.5, 1]);
    expect(last.samples).toBe(2000);
    expect(last.widths.at(-1)).toBe(4096);
    // At n = 4096 a uniform sum is Gaussian to kappa_4 = -1.2/4096: consistent with 0.
    const e = last.estimates.at(-1)!;
    expect(Math.abs(e.kappa4)).toBeLessThan(4 * e.kappa4SE);
    let passes = 0;
    await expect(
      runSums(
        { ...SUMS_DEFAULTS, samples: 5000 },
        () => undefined,
        () => {
          if (++passes === 2) throw new DOMException('stopped', 'AbortError');
          return Promise.resolve();
        },
      ),
    ).rejects.toThrow('stopped');
    expect(passes).toBe(2);
  });
});

describe('the terms', () => {
  it("the ReLU unit is sqrt 2 w relu(u) of the address's Box-Muller normals (w, u) = (z_2i, z_2i+1)", () => {
    const count = 1001;
    const z = new Float64Array(2 * count);
    fillNormals(11, 42, Purpose.Sum, 0, 0, z);
    const x = new Float64Array(count);
    fillTerms('relu-unit', 11, 42, x, count, new Uint32Array(2 * count + 4));
    let zeros = 0;
    for (let i = 0; i < count; i++) {
      const want = Math.SQRT2 * z[2 * i] * Math.max(0, z[2 * i + 1]);
      expect(Math.abs(x[i] - want)).toBeLessThan(1e-12 * (1 + Math.abs(want)));
      if (x[i] === 0) zeros++;
    }
    // About half are 0 (u < 0): 500 ± 16, within 4 SD.
    expect(Math.abs(zeros - count / 2)).toBeLessThan(4 * Math.sqrt(count / 4));
  });
});

describe('the sums view state', () => {
  it('round-trips through the hash; n must be a power of two', () => {
    const s = { ...SUMS_DEFAULTS, distribution: 'coin' as const, width: 256, samples: 5000, seed: 9 };
    const hash = SUMS_URL.format(s);
    expect(hash).toBe('#view=sums&distribution=coin&width=256&samples=5000&seed=9&present=0');
    expect(SUMS_URL.parse(hash, 'cpu')).toEqual({ state: s, notices: [], keys: [] });
    const bad = SUMS_URL.parse('#view=sums&width=100&samples=10', 'cpu');
    expect(bad.state.width).toBe(SUMS_DEFAULTS.width);
    expect(bad.state.samples).toBe(SUMS_DEFAULTS.samples);
    expect(bad.notices[0]).toContain('Width must be a power of two from 1 to 4096');
    // n is view-only: another n is the same run.
    expect(SUMS_URL.sameRun(s, { ...s, width: 1 })).toBe(true);
    expect(SUMS_URL.sameRun(s, { ...s, seed: 1 })).toBe(false);
  });
});
