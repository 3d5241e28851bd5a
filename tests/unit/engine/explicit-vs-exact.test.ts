/**
 * The explicit engine (real weights) and the exact engine (Gaussian conditioning) sample the
 * same distribution of networks: two-sample KS and moments within standard errors at small
 * widths, for one and two inputs, with and without normalization, dropout and bias.
 */
import { describe, expect, it } from 'vitest';
import { ExactCpuEngine, ExplicitCpuEngine, collect } from '../../../src/engine/index.ts';
import { runSpec, type ModelOptions } from './models.ts';
import {
  gramKurtosisEstimate,
  kurtosisEstimate,
  ksTwoSample,
  meanEstimate,
  zScore,
  type Estimate,
} from './helpers.ts';

const exact = new ExactCpuEngine({ shortcut: false });
const explicit = new ExplicitCpuEngine();

async function both(o: ModelOptions) {
  // Different seeds: the two engines read different addresses anyway; independence is what
  // the two-sample statistics assume.
  const a = await collect(exact, runSpec({ ...o, seed: 101 }), { threads: 1 });
  const b = await collect(explicit, runSpec({ ...o, seed: 202 }), { threads: 1 });
  return [a, b] as const;
}

/** Component a of each network's k outputs. */
const column = (xs: Float64Array, k: number, a: number) => xs.filter((_, i) => i % k === a);

const oneInput: [string, ModelOptions][] = [
  ['tanh n=8 L=3', { activation: 'tanh', widths: [8, 8], cw: 1, networks: 4000 }],
  [
    'relu n=6 L=3 with rms norm, dropout 0.25, C_b = 0.1',
    {
      activation: 'relu',
      widths: [6, 6],
      cw: 1.5,
      cb: 0.1,
      norm: 'rms',
      dropout: 0.25,
      networks: 4000,
    },
  ],
  [
    'gelu n=5 L=4 with layer norm',
    { activation: 'gelu', widths: [5, 7, 5], cw: 1.7, cb: 0.05, norm: 'layer', networks: 4000 },
  ],
  [
    'relu n=4 L=3 (no shortcut on either side)',
    { activation: 'relu', widths: [4, 4], cw: 2, networks: 4000 },
  ],
];

describe('explicit and exact engines agree in distribution', () => {
  it.each(oneInput)('%s', async (_, o) => {
    const [a, b] = await both(o);
    expect(ksTwoSample(a.outputs, b.outputs).p).toBeGreaterThan(1e-3);
    const sq = (x: Float64Array) => meanEstimate(x.map((z) => z * z));
    expect(zScore(sq(a.outputs), sq(b.outputs))).toBeLessThan(4);
    expect(zScore(meanEstimate(a.gram), meanEstimate(b.gram))).toBeLessThan(4);
    expect(zScore(kurtosisEstimate(a.outputs), kurtosisEstimate(b.outputs))).toBeLessThan(4);
    expect(zScore(gramKurtosisEstimate(a.gram), gramKurtosisEstimate(b.gram))).toBeLessThan(4);
  });

  it('tanh n=8 L=3, two inputs with correlation 0.6: marginals, correlation and Gram agree', async () => {
    const [a, b] = await both({
      activation: 'tanh',
      widths: [8, 8],
      cw: 1.5,
      cb: 0.1,
      rho: 0.6,
      networks: 4000,
    });
    for (const input of [0, 1]) {
      expect(ksTwoSample(column(a.outputs, 2, input), column(b.outputs, 2, input)).p).toBeGreaterThan(1e-3);
    }
    const cross = (r: typeof a): Estimate =>
      meanEstimate(
        Float64Array.from({ length: r.networks }, (_, m) => r.outputs[2 * m] * r.outputs[2 * m + 1]),
      );
    expect(zScore(cross(a), cross(b))).toBeLessThan(4);
    // Off-diagonal of the output Gram (E z0 z1 = E G01), diagonal of each.
    for (const entry of [0, 1, 3]) {
      expect(
        zScore(meanEstimate(column(a.gram, 4, entry)), meanEstimate(column(b.gram, 4, entry))),
      ).toBeLessThan(4);
    }
    // The correlation of the two outputs, from the Gram: E G01 / sqrt(E G00 E G11).
    const corr = (r: typeof a) => {
      const g = [0, 1, 3].map((e) => meanEstimate(column(r.gram, 4, e)).value);
      return g[1] / Math.sqrt(g[0] * g[2]);
    };
    expect(corr(a)).toBeGreaterThan(0.6); // tanh with bias pulls inputs together (ordered phase)
    expect(Math.abs(corr(a) - corr(b))).toBeLessThan(0.02);
  });

  it('a KS test of the two engines can fail: a different C_W is detected', async () => {
    const a = await collect(
      exact,
      runSpec({ activation: 'tanh', widths: [8, 8], cw: 1, networks: 4000, seed: 5 }),
    );
    const b = await collect(
      explicit,
      runSpec({ activation: 'tanh', widths: [8, 8], cw: 1.3, networks: 4000, seed: 6 }),
    );
    expect(ksTwoSample(a.outputs, b.outputs).p).toBeLessThan(1e-3);
  });

  it('explicit gram equals C_b + C_W inputGram for L = 1, and the output is then exactly Gaussian', async () => {
    const o: ModelOptions = {
      activation: 'tanh',
      widths: [],
      cw: 2,
      cb: 0.5,
      q0: 1.5,
      rho: -0.3,
      networks: 3000,
    };
    const r = await collect(explicit, runSpec(o));
    expect(r.gram[0]).toBeCloseTo(3.5, 12);
    expect(r.gram[1]).toBeCloseTo(0.5 - 0.9, 12);
    expect(zScore(kurtosisEstimate(column(r.outputs, 2, 0)), 0)).toBeLessThan(4);
    expect(zScore(meanEstimate(column(r.outputs, 2, 0).map((z) => z * z)), 3.5)).toBeLessThan(4);
  });
});
