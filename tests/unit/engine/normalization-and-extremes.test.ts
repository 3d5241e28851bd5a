/**
 * Normalization stops the growth of the kurtosis with depth (THEORY.md sec. 5), and extreme
 * settings (overflowing C_W) run to completion with their non-finite values visible.
 */
import { describe, expect, it } from 'vitest';
import { ExactCpuEngine, ExplicitCpuEngine, collect } from '../../../src/engine/index.ts';
import { normalizeInPlace } from '../../../src/engine/cpu/layer-ops.ts';
import { exactScaleInvariant, runSpec } from './models.ts';
import { gramKurtosisEstimate, zScore } from './helpers.ts';

describe('normalization', () => {
  it('layer and rms normalize each input over units', () => {
    const z = Float64Array.from([1, 10, 2, 20, 3, 30, 6, 60]); // 4 units x 2 inputs
    normalizeInPlace('layer', z, 4, 2);
    for (const a of [0, 1]) {
      const col = [0, 1, 2, 3].map((j) => z[j * 2 + a]);
      expect(col.reduce((s, x) => s + x, 0)).toBeCloseTo(0, 12);
      expect(col.reduce((s, x) => s + x * x, 0) / 4).toBeCloseTo(1, 12);
    }
    const r = Float64Array.from([3, 0, 4, 0]); // 2 units x 2 inputs; input 1 all zero stays zero
    normalizeInPlace('rms', r, 2, 2);
    expect(r[0] ** 2 + r[2] ** 2).toBeCloseTo(2, 12);
    expect([r[1], r[3]]).toEqual([0, 0]);
    const flat = Float64Array.from([5, 5, 5]);
    normalizeInPlace('layer', flat, 3, 1);
    expect([...flat]).toEqual([0, 0, 0]);
  });

  it.each(['layer', 'rms'] as const)(
    '%s norm, relu n=64: the kurtosis does not grow with depth and stays O(1/n)',
    async (norm) => {
      const n = 64;
      const kurt = async (depth: number, seed: number) => {
        const spec = runSpec({
          activation: 'relu',
          widths: new Array(depth - 1).fill(n),
          cw: 2,
          norm,
          networks: 20_000,
          seed,
        });
        return gramKurtosisEstimate((await collect(new ExactCpuEngine(), spec, { threads: 1 })).gram);
      };
      const shallow = await kurt(3, 1);
      const deep = await kurt(20, 2);
      // With normalization, G_L's law no longer depends on the earlier layers: same at any depth.
      expect(zScore(deep, shallow)).toBeLessThan(4);
      // Leading order: rms 9/n (THEORY.md sec. 5: sum_j sign(z) z^2 has variance 3n); layer
      // norm's mean subtraction removes the part of sign(z) z^2 along z:
      // 3 (3 - 8/pi) / n ~ 1.36/n. Next order allowed as 100/n^2.
      const leading = norm === 'rms' ? 9 / n : (3 * (3 - 8 / Math.PI)) / n;
      expect(Math.abs(deep.value - leading)).toBeLessThan(4 * deep.se + 100 / n ** 2);
      const unnormalized = exactScaleInvariant({
        activation: 'relu',
        widths: new Array(19).fill(n),
        cw: 2,
        networks: 1,
      });
      expect(unnormalized.kurtosis).toBeGreaterThan(3);
      expect(deep.value + 4 * deep.se).toBeLessThan(unnormalized.kurtosis / 10);
    },
  );
});

describe('extreme settings', () => {
  // Documented behaviour: relu with C_W = 1e6 over 100 layers overflows float64 (G grows by
  // 5e5 per layer); the engines finish and report G = Infinity. The exact engine works with
  // G itself, so its outputs sqrt(G) xi are +-Infinity too; the explicit engine's activations
  // grow like sqrt(G) and are still finite (~1e283) here, only their squares overflow (deeper
  // still, its outputs become +-Infinity or NaN from Infinity - Infinity). A layer whose units
  // are all off gives G = C_b exactly (0 here) in every engine. The command line reports these.
  it.each([
    ['exact full path', new ExactCpuEngine({ shortcut: false })],
    ['exact shortcut', new ExactCpuEngine()],
    ['explicit', new ExplicitCpuEngine()],
  ] as const)('relu C_W = 1e6, L = 100 (%s) finishes with non-finite outputs', async (_, engine) => {
    const spec = runSpec({ activation: 'relu', widths: new Array(99).fill(32), cw: 1e6, networks: 20 });
    const r = await collect(engine, spec, { threads: 1 });
    expect(r.outputs.length).toBe(20);
    if (engine.kind === 'exact') expect(r.outputs.every((z) => !Number.isFinite(z))).toBe(true);
    else expect(r.outputs.every((z) => !(Math.abs(z) < 1e250))).toBe(true);
    expect(r.gram.every((g) => g === Infinity || Number.isNaN(g))).toBe(true);
  });

  it('tanh C_W = 1e6, L = 100 stays finite: a bounded activation cannot overflow', async () => {
    const spec = runSpec({
      activation: 'tanh',
      widths: new Array(99).fill(8),
      cw: 1e6,
      rho: 0.5,
      networks: 20,
    });
    const r = await collect(new ExactCpuEngine(), spec, { threads: 1 });
    expect(r.outputs.every(Number.isFinite)).toBe(true);
    expect(r.gram.every((g) => Number.isFinite(g) && g <= 1e6)).toBe(true);
  });

  it('two identical inputs (a singular Gram) factor without NaN', async () => {
    const spec = runSpec({ activation: 'tanh', widths: [8, 8], cw: 1, rho: 1, networks: 50 });
    for (const engine of [new ExactCpuEngine(), new ExplicitCpuEngine()]) {
      const r = await collect(engine, spec, { threads: 1 });
      expect(r.outputs.every(Number.isFinite)).toBe(true);
      for (let m = 0; m < 50; m++) expect(r.outputs[2 * m + 1]).toBeCloseTo(r.outputs[2 * m], 6);
    }
  });
});
