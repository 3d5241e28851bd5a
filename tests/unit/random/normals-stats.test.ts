import { describe, expect, it } from 'vitest';
import { fillNormals, fillUniforms } from '../../../src/random/normals.ts';
import { Purpose } from '../../../src/random/address.ts';
import { summarize } from '../../../src/stats/moments.ts';
import { ksOneSample } from '../../../src/stats/ks.ts';
import { normalCdf } from '../../../src/theory/special.ts';

/** Statistical sanity of the generator at a fixed seed; tolerances are 4 standard errors. */
const SEED = 12345;
const N = 1 << 20;

function row(network: number, purpose: Purpose, layer: number, r: number, n = N): Float64Array {
  const out = new Float64Array(n);
  fillNormals(SEED, network, purpose, layer, r, out);
  return out;
}

/** Pearson correlation and its SE under independence, 1/sqrt(n). */
function correlation(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  let mx = 0,
    my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0,
    sxx = 0,
    syy = 0;
  for (let i = 0; i < n; i++) {
    const a = x[i] - mx;
    const b = y[i] - my;
    sxy += a * b;
    sxx += a * a;
    syy += b * b;
  }
  return sxy / Math.sqrt(sxx * syy);
}

describe('normals from fillNormals (2^20 at a fixed seed)', () => {
  const z = row(1, Purpose.Weight, 1, 0);

  it('mean 0, variance 1, skewness 0, excess kurtosis 0 within 4 SE (SEs of a true Gaussian)', () => {
    const s = summarize(z);
    expect(Math.abs(s.mean)).toBeLessThan(4 * Math.sqrt(1 / N));
    expect(Math.abs(s.variance - 1)).toBeLessThan(4 * Math.sqrt(2 / N));
    expect(Math.abs(s.skewness)).toBeLessThan(4 * Math.sqrt(6 / N));
    expect(Math.abs(s.excessKurtosis)).toBeLessThan(4 * Math.sqrt(24 / N));
    // Sixth moment (15): SE sqrt((mu12 - mu6^2)/N) = sqrt((10395 - 225)/N).
    let m6 = 0;
    for (const v of z) m6 += v ** 6;
    expect(Math.abs(m6 / N - 15)).toBeLessThan(4 * Math.sqrt((10395 - 225) / N));
  });

  it('passes a KS test against the normal CDF, per lane and overall', () => {
    expect(ksOneSample(z, normalCdf).pValue).toBeGreaterThan(1e-4);
    for (let lane = 0; lane < 4; lane++) {
      const l = z.filter((_, i) => (i & 3) === lane);
      expect(ksOneSample(l, normalCdf).pValue, `lane ${lane}`).toBeGreaterThan(1e-4);
    }
  });

  it('tails: P(|z| > 3) and P(|z| > 4) within 4 binomial SE', () => {
    for (const t of [3, 4]) {
      const p = 2 * normalCdf(-t);
      const frac = z.filter((v) => Math.abs(v) > t).length / N;
      expect(Math.abs(frac - p), `t = ${t}`).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / N));
    }
  });

  it('adjacent addresses, adjacent elements and Box-Muller partners are uncorrelated (and so are their squares)', () => {
    const n = 1 << 18;
    const base = row(1, Purpose.Weight, 1, 0, n);
    const neighbours: Record<string, Float64Array> = {
      'next row': row(1, Purpose.Weight, 1, 1, n),
      'next network': row(2, Purpose.Weight, 1, 0, n),
      'next layer': row(1, Purpose.Weight, 2, 0, n),
      'next purpose': row(1, Purpose.Bias, 1, 0, n),
      'next seed': (() => {
        const o = new Float64Array(n);
        fillNormals(SEED + 1, 1, Purpose.Weight, 1, 0, o);
        return o;
      })(),
    };
    const se = 1 / Math.sqrt(n);
    for (const [name, other] of Object.entries(neighbours)) {
      expect(Math.abs(correlation(base, other)), name).toBeLessThan(4 * se);
      expect(
        Math.abs(
          correlation(
            base.map((v) => v * v),
            other.map((v) => v * v),
          ),
        ),
        `${name}, squares`,
      ).toBeLessThan(4 * se);
    }
    // Within a row: element i vs i+1 (covers Box-Muller partners and block boundaries), and vs i+4.
    for (const lag of [1, 2, 4]) {
      const a = base.subarray(0, n - lag);
      const b = base.subarray(lag);
      const seLag = 1 / Math.sqrt(n - lag);
      expect(Math.abs(correlation(a, b)), `lag ${lag}`).toBeLessThan(4 * seLag);
      expect(
        Math.abs(
          correlation(
            a.map((v) => v * v),
            b.map((v) => v * v),
          ),
        ),
        `lag ${lag}, squares`,
      ).toBeLessThan(4 * seLag);
    }
  });
});

describe('uniforms from fillUniforms', () => {
  it('mean 1/2 and variance 1/12 within 4 SE, KS against U(0, 1)', () => {
    const u = new Float64Array(N);
    fillUniforms(SEED, 3, Purpose.Dropout, 2, 0, u);
    const s = summarize(u);
    expect(Math.abs(s.mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / N));
    // Var of the unbiased variance: (mu4 - sigma^4)/N with mu4 = 1/80, sigma^4 = 1/144.
    expect(Math.abs(s.variance - 1 / 12)).toBeLessThan(4 * Math.sqrt((1 / 80 - 1 / 144) / N));
    expect(ksOneSample(u, (x) => Math.min(1, Math.max(0, x))).pValue).toBeGreaterThan(1e-4);
  });
});
