/**
 * The exact engine against the exact finite-width results for linear and (leaky) ReLU
 * networks (THEORY.md sec. 5): variance K1 (C_W A2)^(L-1) and excess kurtosis
 * 3[prod (1 + nu/n_l) - 1], and their C_b != 0 / dropout generalizations, both through the
 * O(L) shortcut and through the full Gaussian-conditioning path.
 */
import { describe, expect, it } from 'vitest';
import { ExactCpuEngine, collect } from '../../../src/engine/index.ts';
import { exactScaleInvariant, runSpec, type ModelOptions } from './models.ts';
import { gramKurtosisEstimate, kurtosisEstimate, meanEstimate, zScore } from './helpers.ts';

const cases: [string, Omit<ModelOptions, 'networks'>][] = [
  ['relu n=32 L=4', { activation: 'relu', widths: [32, 32, 32], cw: 2 }],
  ['linear n=16 L=3', { activation: 'linear', widths: [16, 16], cw: 1 }],
  ['leaky 0.2 n=24 L=4', { activation: 'leaky-relu', slope: 0.2, widths: [24, 24, 24], cw: 2 / 1.04 }],
  ['relu C_b=0.3', { activation: 'relu', widths: [32, 32, 32], cw: 1.5, cb: 0.3, q0: 2 }],
  ['relu dropout 0.2', { activation: 'relu', widths: [32, 32], cw: 1.6, dropout: 0.2 }],
  ['linear dropout 0.3 C_b=0.1', { activation: 'linear', widths: [20, 20], cw: 0.7, cb: 0.1, dropout: 0.3 }],
  [
    'leaky 0.5 dropout 0.1',
    { activation: 'leaky-relu', slope: 0.5, widths: [16, 16, 16], cw: 1.5, dropout: 0.1 },
  ],
  ['relu unequal widths', { activation: 'relu', widths: [16, 48, 24], cw: 2 }],
];

describe('exact reference values', () => {
  it('reduce to the closed forms 3[(1+nu/n)^(L-1) - 1] and K1 (C_W A2)^(L-1)', () => {
    const relu = exactScaleInvariant({ activation: 'relu', widths: [64, 64, 64, 64], cw: 2, networks: 1 });
    expect(relu.kurtosis).toBeCloseTo(3 * ((1 + 5 / 64) ** 4 - 1), 12);
    expect(relu.variance).toBeCloseTo(2, 12); // K1 = C_W q0 = 2, C_W A2 = 1
    const lin = exactScaleInvariant({ activation: 'linear', widths: [10, 20], cw: 3, q0: 2, networks: 1 });
    expect(lin.kurtosis).toBeCloseTo(3 * ((1 + 2 / 10) * (1 + 2 / 20) - 1), 12);
    expect(lin.variance).toBeCloseTo(2 * 3 * 9, 10);
    const p = 0.3;
    const drop = exactScaleInvariant({
      activation: 'relu',
      widths: [40, 40],
      cw: 2 * (1 - p),
      dropout: p,
      networks: 1,
    });
    expect(drop.kurtosis).toBeCloseTo(3 * ((1 + (6 / (1 - p) - 1) / 40) ** 2 - 1), 12);
    const a = 0.3;
    const leaky = exactScaleInvariant({
      activation: 'leaky-relu',
      slope: a,
      widths: [30],
      cw: 1,
      networks: 1,
    });
    const nu = (6 * (1 + a ** 4)) / (1 + a * a) ** 2 - 1;
    expect(leaky.kurtosis).toBeCloseTo((3 * nu) / 30, 12);
  });
});

describe.each([true, false])('exact engine (shortcut %s)', (shortcut) => {
  it.each(cases)('%s: variance and excess kurtosis match the exact values within 4 SE', async (_, o) => {
    const options = { ...o, networks: 40_000, seed: shortcut ? 11 : 12 };
    const spec = runSpec(options);
    const engine = new ExactCpuEngine({ shortcut });
    expect(engine.describe(spec)).toContain(shortcut ? 'shortcut' : 'Gaussian conditioning');
    const r = await collect(engine, spec, { threads: 1 });
    const exact = exactScaleInvariant(options);
    const z2 = r.outputs.map((z) => z * z);
    expect(zScore(meanEstimate(z2), exact.variance)).toBeLessThan(4);
    expect(zScore(meanEstimate(r.gram), exact.variance)).toBeLessThan(4);
    expect(zScore(kurtosisEstimate(r.outputs), exact.kurtosis)).toBeLessThan(4);
    expect(zScore(gramKurtosisEstimate(r.gram), exact.kurtosis)).toBeLessThan(4);
  });
});

describe('shortcut selection', () => {
  it('applies only to scale-invariant, single-input, unnormalized models', () => {
    const engine = new ExactCpuEngine();
    expect(engine.usesShortcut(runSpec({ activation: 'relu', widths: [8], cw: 2, networks: 1 }))).toBe(true);
    expect(engine.usesShortcut(runSpec({ activation: 'tanh', widths: [8], cw: 1, networks: 1 }))).toBe(false);
    expect(
      engine.usesShortcut(runSpec({ activation: 'relu', widths: [8], cw: 2, rho: 0.5, networks: 1 })),
    ).toBe(false);
    expect(
      engine.usesShortcut(runSpec({ activation: 'relu', widths: [8], cw: 2, norm: 'rms', networks: 1 })),
    ).toBe(false);
    expect(
      new ExactCpuEngine({ shortcut: false }).usesShortcut(
        runSpec({ activation: 'relu', widths: [8], cw: 2, networks: 1 }),
      ),
    ).toBe(false);
  });

  it('width-independent cost: a width of 2^24 runs as fast as a width of 8', async () => {
    const spec = runSpec({ activation: 'relu', widths: new Array(9).fill(2 ** 24), cw: 2, networks: 2000 });
    const r = await collect(new ExactCpuEngine(), spec, { threads: 1 });
    // At this width the kurtosis is 3[(1 + 5/2^24)^9 - 1] ~ 8e-6: the output is Gaussian.
    expect(zScore(kurtosisEstimate(r.outputs), 0)).toBeLessThan(4);
    expect(zScore(meanEstimate(r.gram), 2)).toBeLessThan(4); // K1 (C_W/2)^8 = 2
  });
});
