/** Chart configurations and CSV of the depth and two-inputs views, from real model snapshots. */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../../src/engine/index.ts';
import { DEPTH_DEFAULTS } from '../../../../src/experiments/depth-criticality/state.ts';
import { TWO_INPUTS_DEFAULTS } from '../../../../src/experiments/two-inputs/state.ts';
import { runDepth } from '../../../../src/experiments/depth-criticality/model.ts';
import { depthCsv, normConfig } from '../../../../src/experiments/depth-criticality/charts.ts';
import { phaseDiagramRows, phaseGrid, runTwoInputs } from '../../../../src/experiments/two-inputs/model.ts';
import {
  chiColorOf,
  colorOf,
  correlationCsv,
  phaseConfig,
  phaseCsv,
} from '../../../../src/experiments/two-inputs/charts.ts';

const engines = (kind: 'exact' | 'explicit') => createEngine(kind, 'cpu');

describe('depth charts', () => {
  it('the norm chart plots hidden layers only, with K_l and exp(E log) lines; the CSV has every layer', async () => {
    const s = await runDepth({ ...DEPTH_DEFAULTS, depth: 5, width: 8, networks: 200 }, engines, () => {});
    const cfg = normConfig(s);
    const byLabel: Record<string, { x: number; y: number }[]> = Object.fromEntries(
      cfg.data.datasets.map((d) => [d.label, d.data as { x: number; y: number }[]]),
    );
    expect(byLabel['median'].map((p) => p.x)).toEqual([1, 2, 3, 4]);
    expect(byLabel['theory mean K_l'].map((p) => p.y)).toEqual([2, 2, 2, 2]); // ReLU at C_W = 2, no bias
    expect(byLabel['exact exp(E log), ≈ median']).toHaveLength(4);
    expect(cfg.options!.scales!.y!.type).toBe('logarithmic');
    const csv = depthCsv(s).trim().split('\n');
    expect(csv).toHaveLength(1 + 5);
    expect(csv[1].split(',')[0]).toBe('1');
  });
});

describe('two-inputs charts', () => {
  it('phase config: heat map data in the plugin options, the critical line per row, the chosen point; CSV per cell', async () => {
    const g = phaseGrid({ activation: 'erf', depth: 5, rho: 0.5 }, 4);
    let part = null;
    for await (const p of phaseDiagramRows(g)) part = p;
    let picked: [number, number] | null = null;
    const cfg = phaseConfig(part, { cw: 1, cb: 0.1 }, (cw, cb) => (picked = [cw, cb]));
    expect((cfg.options!.plugins as Record<string, { part: unknown }>).heatmap.part).toBe(part);
    expect(cfg.plugins).toHaveLength(1);
    const line = cfg.data.datasets[0].data as { x: number; y: number }[];
    // erf: critical C_W = pi/4 at C_b = 0.
    expect(line[0].y).toBe(0);
    expect(line[0].x).toBeCloseTo(Math.PI / 4, 5);
    expect(cfg.data.datasets[1].data).toEqual([{ x: 1, y: 0.1 }]);
    expect(typeof cfg.options!.onClick).toBe('function');
    expect(picked).toBeNull();
    expect(phaseCsv(part).trim().split('\n')).toHaveLength(1 + 16);
    expect(colorOf(0)).toBe('rgb(68, 1, 84)');
    expect(colorOf(1)).toBe('rgb(253, 231, 37)');
    expect(colorOf(NaN)).toBe('#bbbbbb');
    // chi_perp: white at 1, Okabe-Ito blue at <= 1/2, vermillion at >= 2, grey without a fixed point.
    expect(chiColorOf(1)).toBe('rgb(255, 255, 255)');
    expect(chiColorOf(0.25)).toBe('rgb(0, 114, 178)');
    expect(chiColorOf(2)).toBe('rgb(213, 94, 0)');
    expect(chiColorOf(NaN)).toBe('#bbbbbb');
    const chiCfg = phaseConfig(part, { cw: 1, cb: 0.1 }, null, false, 'chi');
    expect((chiCfg.options!.plugins as Record<string, { shade: string }>).heatmap.shade).toBe('chi');
    expect(chiCfg.options!.onClick).toBeUndefined();
  });

  it('correlation CSV: one row per layer with theory, measured for hidden layers', async () => {
    const s = await runTwoInputs(
      { ...TWO_INPUTS_DEFAULTS, depth: 4, width: 16, networks: 100 },
      engines,
      () => {},
    );
    const rows = correlationCsv(s).trim().split('\n');
    expect(rows).toHaveLength(5);
    expect(rows[4].split(',')[2]).toBe(''); // the output layer has no measured correlation
    expect(Number(rows[1].split(',')[1])).toBeCloseTo((0.05 + 2 * 0.5) / (0.05 + 2), 12);
  });
});
