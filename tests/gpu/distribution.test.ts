/**
 * The two WebGPU engines agree in distribution with each other (different seeds: independent
 * samples) and with exact results: ReLU with dropout and bias, where E G_L and E G_L^2 are
 * known exactly at finite width (tests/unit/engine/models.ts exactScaleInvariant); tanh with
 * two inputs, engine against engine. Tolerances: 4 standard errors of the estimates (KS:
 * p > 1e-3).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { collect } from '../../src/engine/index.ts';
import { ExactWebGpuEngine, ExplicitWebGpuEngine } from '../../src/engine/webgpu/index.ts';
import { requestGpu } from '../../src/engine/webgpu/device.ts';
import { exactScaleInvariant, runSpec, type ModelOptions } from '../unit/engine/models.ts';
import {
  gramKurtosisEstimate,
  kurtosisEstimate,
  ksTwoSample,
  meanEstimate,
  zScore,
} from '../unit/engine/helpers.ts';
import { tryGpu } from './gpu-setup.ts';

const gpu = await tryGpu();

describe.skipIf(!gpu)('WebGPU engines agree in distribution (with each other and with exact results)', () => {
  const options = { device: gpu?.device, requestDevice: () => requestGpu() };
  const exact = new ExactWebGpuEngine(options);
  const explicit = new ExplicitWebGpuEngine(options);
  afterAll(() => gpu?.device.destroy());

  async function both(o: ModelOptions) {
    const a = await collect(exact, runSpec({ ...o, seed: 31 }));
    const b = await collect(explicit, runSpec({ ...o, seed: 32 }));
    return [a, b] as const;
  }

  it('relu n = 6, L = 3, dropout 0.2, C_b = 0.1: exact E z^2 and kurtosis; the engines agree', async () => {
    const o: ModelOptions = {
      activation: 'relu',
      widths: [6, 6],
      cw: 1.8,
      cb: 0.1,
      dropout: 0.2,
      networks: 4000,
    };
    const [a, b] = await both(o);
    const want = exactScaleInvariant(o);
    for (const r of [a, b]) {
      expect(zScore(meanEstimate(r.outputs.map((z) => z * z)), want.variance)).toBeLessThan(4);
      // E G_L is the variance too, with a smaller standard error (Rao-Blackwell).
      expect(zScore(meanEstimate(r.gram), want.variance)).toBeLessThan(4);
      expect(zScore(gramKurtosisEstimate(r.gram), want.kurtosis)).toBeLessThan(4);
    }
    expect(ksTwoSample(a.outputs, b.outputs).p).toBeGreaterThan(1e-3);
  });

  it('tanh n = 8, L = 3, two inputs: the engines agree (outputs, E G, kurtosis of G, cross moment)', async () => {
    const o: ModelOptions = {
      activation: 'tanh',
      widths: [8, 8],
      cw: 1.5,
      cb: 0.05,
      rho: 0.6,
      networks: 4000,
    };
    const [a, b] = await both(o);
    const column = (xs: Float64Array, k: number, i: number) => xs.filter((_, j) => j % k === i);
    for (const input of [0, 1]) {
      expect(ksTwoSample(column(a.outputs, 2, input), column(b.outputs, 2, input)).p).toBeGreaterThan(1e-3);
      expect(
        zScore(kurtosisEstimate(column(a.outputs, 2, input)), kurtosisEstimate(column(b.outputs, 2, input))),
      ).toBeLessThan(4);
    }
    for (const entry of [0, 1, 3]) {
      expect(
        zScore(meanEstimate(column(a.gram, 4, entry)), meanEstimate(column(b.gram, 4, entry))),
      ).toBeLessThan(4);
    }
    expect(
      zScore(gramKurtosisEstimate(column(a.gram, 4, 0)), gramKurtosisEstimate(column(b.gram, 4, 0))),
    ).toBeLessThan(4);
    const cross = (r: typeof a) =>
      meanEstimate(
        Float64Array.from({ length: r.networks }, (_, m) => r.outputs[2 * m] * r.outputs[2 * m + 1]),
      );
    expect(zScore(cross(a), cross(b))).toBeLessThan(4);
  });
});
