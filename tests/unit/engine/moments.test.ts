/**
 * Wick's theorem on the exact engine's output: given the network, z ~ N(0, G_L) exactly, so
 * E z^4 = 3 E G^2 and, for two inputs, E z0^2 z1^2 = E[G00 G11 + 2 G01^2]. Paired per
 * network, so the check is tight.
 */
import { describe, expect, it } from 'vitest';
import { ExactCpuEngine, ExplicitCpuEngine, collect } from '../../../src/engine/index.ts';
import { runSpec } from './models.ts';
import { meanEstimate, zScore } from './helpers.ts';

describe('Wick fourth moments from the gram output', () => {
  it.each([
    ['exact', new ExactCpuEngine()],
    ['explicit', new ExplicitCpuEngine()],
  ] as const)('%s engine, tanh n=16 L=4: E z^4 = 3 E G^2 and E z^2 = E G', async (_, engine) => {
    const r = await collect(
      engine,
      runSpec({ activation: 'tanh', widths: [16, 16, 16], cw: 1.2, cb: 0.1, networks: 20_000 }),
      {
        threads: 1,
      },
    );
    const d4 = r.outputs.map((z, i) => z ** 4 - 3 * r.gram[i] ** 2);
    const d2 = r.outputs.map((z, i) => z * z - r.gram[i]);
    expect(zScore(meanEstimate(d4), 0)).toBeLessThan(4);
    expect(zScore(meanEstimate(d2), 0)).toBeLessThan(4);
  });

  it('two inputs, relu n=8 L=3 with rho = 0.3: E z0^2 z1^2 = E[G00 G11 + 2 G01^2], E z0 z1 = E G01', async () => {
    const r = await collect(
      new ExactCpuEngine(),
      runSpec({ activation: 'relu', widths: [8, 8], cw: 2, rho: 0.3, networks: 20_000 }),
      {
        threads: 1,
      },
    );
    const m = r.networks;
    const d22 = Float64Array.from({ length: m }, (_, i) => {
      const [z0, z1] = [r.outputs[2 * i], r.outputs[2 * i + 1]];
      const g = r.gram.subarray(4 * i, 4 * i + 4);
      return z0 * z0 * z1 * z1 - (g[0] * g[3] + 2 * g[1] * g[1]);
    });
    const d11 = Float64Array.from(
      { length: m },
      (_, i) => r.outputs[2 * i] * r.outputs[2 * i + 1] - r.gram[4 * i + 1],
    );
    expect(zScore(meanEstimate(d22), 0)).toBeLessThan(4);
    expect(zScore(meanEstimate(d11), 0)).toBeLessThan(4);
    // The check has power: with the per-network G replaced by its mean (a Gaussian with the
    // same covariance), the fourth moment is off by the mixture's excess (kurtosis ~ 3[(1+5/8)^2 - 1]).
    const g = [0, 1, 3].map((e) => meanEstimate(r.gram.filter((_, i) => i % 4 === e)).value);
    const wrong = Float64Array.from({ length: m }, (_, i) => {
      const [z0, z1] = [r.outputs[2 * i], r.outputs[2 * i + 1]];
      return z0 * z0 * z1 * z1 - (g[0] * g[2] + 2 * g[1] * g[1]);
    });
    expect(zScore(meanEstimate(wrong), 0)).toBeGreaterThan(4);
    // Gram symmetric, diagonal positive.
    for (let i = 0; i < m; i++) expect(r.gram[4 * i + 1]).toBe(r.gram[4 * i + 2]);
  });
});
