/**
 * The command line and the web views agree: with dropout, C_W means the same thing (the weight
 * variance before inverted dropout's 1/(1 - p)) and the critical point is the same,
 * C_W = 2(1 - p) for ReLU; where the moments overflow, the CLI prints null with a warning and the
 * Gaussian-limit view names the case instead of showing numbers.
 */
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { createEngine } from '../../../src/engine/index.ts';
import { criticalFor, criticalPreset } from '../../../src/lab/network-fields.ts';
import { DEPTH_DEFAULTS } from '../../../src/experiments/depth-criticality/state.ts';
import { depthSpec, depthTheory } from '../../../src/experiments/depth-criticality/model.ts';
import { defaultsFor } from '../../../src/experiments/gaussian-limit/state.ts';
import { GaussianLimitRunner } from '../../../src/experiments/gaussian-limit/model.ts';

const BIN = join(import.meta.dirname, '../../../bin/widelab.mjs');

function widelab(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('dropout: the same critical point and the same C_W on the command line and on the web', () => {
  it('widelab theory --dropout 0.5 reports the critical C_W = 1 = 2(1 - p), its default, as the web presets do', async () => {
    const r = await widelab('theory', '--activation', 'relu', '--dropout', '0.5', '--depth', '10');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.criticalPoint).toMatchObject({ cw: 1, cb: 0, dropout: 0.5 });
    expect(out.config.cw).toBe(1);
    expect(criticalFor('relu', 0.5)).toEqual({ cw: 1, cb: 0 });
    expect(criticalPreset('relu', 0.5)).toEqual({ cw: 1, cb: 0 });
    // At the critical point the kernel stays at K_1 = C_W q0 = 1 in every layer, in both.
    const web = depthTheory(depthSpec({ ...DEPTH_DEFAULTS, dropout: 0.5, cw: 1, depth: 10 })).layers;
    expect(out.layers.map((l: { K: number }) => l.K)).toEqual(web.map((l) => l.K));
    for (const l of out.layers) expect(l.K).toBeCloseTo(1, 12);
  });

  it('tanh with dropout 0.2: critical C_W = 0.8 on both sides', async () => {
    const out = JSON.parse((await widelab('theory', '--activation', 'tanh', '--dropout', '0.2')).stdout);
    expect(out.criticalPoint.cw).toBeCloseTo(0.8, 14);
    expect(criticalFor('tanh', 0.2).cw).toBe(out.criticalPoint.cw);
  });

  it('an explicit --cw 2 with --dropout 0.5 is the same C_W as the depth view: K_l = 2 * 2^(l-1)', async () => {
    const r = await widelab('theory', '--cw', '2', '--dropout', '0.5', '--depth', '6', '--width', '16');
    const out = JSON.parse(r.stdout);
    expect(out.config.cw).toBe(2);
    const web = depthTheory(
      depthSpec({ ...DEPTH_DEFAULTS, dropout: 0.5, cw: 2, depth: 6, width: 16 }),
    ).layers;
    expect(out.layers.map((l: { K: number }) => l.K)).toEqual(web.map((l) => l.K));
    expect(out.layers.map((l: { K: number }) => l.K)).toEqual([2, 4, 8, 16, 32, 64]);
  });
});

describe('overflow: null with a warning on the command line, a message in the view', () => {
  it('ReLU at C_W = 100, depth 100', async () => {
    const args = [
      '--activation',
      'relu',
      '--cw',
      '100',
      '--depth',
      '100',
      '--width',
      '64',
      '--networks',
      '50',
    ];
    const r = await widelab('simulate', ...args);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.output.excessKurtosis.value).toBeNull();
    expect(r.stderr).toMatch(/warning: excess kurtosis, .* are null.*too large for float64 moments/);
    expect(r.stdout).not.toMatch(/NaN|Infinity/);

    const snap = await new GaussianLimitRunner((k) => createEngine(k, 'cpu'), {
      sweepNetworks: 200,
      maxSweepWidth: 4,
    }).run(
      { ...defaultsFor('cpu'), activation: 'relu', cw: 100, depth: 100, width: 64, networks: 50 },
      () => {},
    );
    expect(Number.isFinite(snap.readout.kurtosis)).toBe(false);
    expect(snap.degeneracy.kind).toBe('huge');
    expect(snap.message).toMatch(
      /8th powers overflow float64, so the kurtosis and its standard error cannot be computed/,
    );
  });
});
