// What exported charts state: a size fixed by the export, file names with the key parameters,
// CSV comment lines, and each chart's own ensemble size.
import { describe, expect, it } from 'vitest';
import {
  PNG_MIN_WIDTH_PX,
  csvWithComments,
  ensemblePart,
  exportFileName,
  exportParams,
  exportSize,
  networkPart,
  perPointNetworks,
  runPart,
  wrapAtCommas,
} from '../../../src/ui/export-meta.ts';
import { histogramParams, sweepParams } from '../../../src/experiments/gaussian-limit/export-params.ts';
import { layerChartParams, lectureParams } from '../../../src/experiments/depth-criticality/export-params.ts';
import { defaultsFor } from '../../../src/experiments/gaussian-limit/state.ts';
import { DEPTH_DEFAULTS } from '../../../src/experiments/depth-criticality/state.ts';
import type { Snapshot, Sweep } from '../../../src/experiments/gaussian-limit/model.ts';
import type { DepthSnapshot } from '../../../src/experiments/depth-criticality/model.ts';

describe('exportSize', () => {
  it('is at least 1600 px wide whatever the screen, at twice the CSS size', () => {
    for (const [w, h] of [
      [300, 200],
      [390, 300],
      [640, 400],
      [0, 0],
    ]) {
      const s = exportSize(w, h);
      expect(s.width * s.scale).toBe(PNG_MIN_WIDTH_PX);
    }
    const wide = exportSize(1200, 600);
    expect(wide).toEqual({ width: 1200, height: 600, scale: 2 });
  });
  it("keeps the chart's aspect ratio within 0.45 and 0.75", () => {
    expect(exportSize(640, 400)).toEqual({ width: 800, height: 500, scale: 2 });
    // A projector's wide main chart does not export as a thin strip, nor a phone's as a tower.
    expect(exportSize(1000, 300).height).toBe(450);
    expect(exportSize(390, 700).height).toBe(600);
  });
});

describe('exportFileName', () => {
  it('names the key parameters, words alone and values after their keys', () => {
    expect(exportFileName('output-distribution', { relu: '', n: 64, L: 5, cw: '2', M: 10000, seed: 1 })).toBe(
      'output-distribution_relu_n64_L5_cw2_M10000_seed1',
    );
  });
  it('leaves nothing a file system refuses', () => {
    const name = exportFileName('a b/c', { C_W: '1e-4', act: 'Layer Norm: x/y' });
    expect(name).toBe('a-b-c_CW1e-4_actlayer-norm-x-y');
    expect(name).not.toMatch(/[\s/\\:*?"<>|]/);
  });
});

describe('csvWithComments', () => {
  it('prepends one # line per entry, each on one line', () => {
    expect(csvWithComments('x,y\n1,2\n', ['widelab: Title', 'a,\nb'])).toBe(
      '# widelab: Title\n# a, b\nx,y\n1,2\n',
    );
    expect(csvWithComments('x\n', [])).toBe('x\n');
  });
});

describe('wrapAtCommas', () => {
  it('breaks after commas, never inside a parameter', () => {
    const text = 'ReLU, n = 64, L = 5, C_W = 2, C_b = 0, M = 10000 networks, seed 1, exact engine';
    const lines = wrapAtCommas(text, 30);
    expect(lines.join(' ')).toBe(text);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(30);
    expect(lines[0]).toBe('ReLU, n = 64, L = 5, C_W = 2,');
    expect(wrapAtCommas(text, 200)).toEqual([text]);
  });
});

describe('parameters of exported charts', () => {
  const s = { ...defaultsFor('cpu'), width: 64, depth: 5, networks: 10000, seed: 7 };
  it('the histogram states the networks it holds, of those asked for', () => {
    const snap = { readout: { networks: 3000 } } as Snapshot;
    expect(histogramParams(s, snap).line).toBe(
      'ReLU, n = 64, L = 5, C_W = 2, C_b = 0, M = 3000 of 10000 networks, seed 7, exact engine',
    );
    const done = histogramParams(s, { readout: { networks: 10000 } } as Snapshot);
    expect(done.line).toContain('M = 10000 networks,');
    expect(exportFileName('output-distribution', done.name)).toBe(
      'output-distribution_relu_n64_L5_cw2_M10000_seed7',
    );
  });
  it("a sweep states its own per-point ensemble size, not the page's, and leaves out the swept coordinate", () => {
    const sweep = (along: 'width' | 'depth', networks: number[]): Sweep => ({
      along,
      fixed: along === 'width' ? 5 : 64,
      points: networks.map((m, i) => ({ x: 2 ** (i + 2), networks: m, kurtosis: 0, kurtosisSE: 0 })),
      leading: { x: [], y: [] },
      exact: { x: [], y: [] },
    });
    const w = sweepParams(s, sweep('width', [2000, 2000, 2000]));
    expect(w.line).toBe(
      'ReLU, L = 5, C_W = 2, C_b = 0, M = 2000 networks per point, seed 7, one seed per point derived from it, exact engine',
    );
    expect(w.line).not.toContain('10000');
    expect(w.name).not.toHaveProperty('n');
    const d = sweepParams({ ...s, width: 256 }, sweep('depth', [2000, 1200, 412]));
    expect(d.line).toContain('n = 64, C_W');
    expect(d.line).not.toContain('L =');
    expect(d.line).toContain('M = 412–2000 networks per point');
    expect(perPointNetworks([])).toBe('no points yet');
  });
  it('the depth view names normalization and dropout; the lecture chart its three ensembles', () => {
    const d = { ...DEPTH_DEFAULTS, norm: 'layer' as const, dropout: 0.2, networks: 2000 };
    const snap = {
      networks: 2000,
      lecture: [
        { c: 1, networks: 2000, layers: [] },
        { c: 2, networks: 700, layers: [] },
      ],
    } as unknown as DepthSnapshot;
    const p = layerChartParams(d, snap);
    expect(p.line).toContain('C_b = 0, LayerNorm, dropout 0.2, M = 2000 networks');
    expect(exportFileName('norms', p.name)).toBe('norms_relu_n64_L30_cw2_layernorm_dropout0.2_M2000_seed1');
    expect(lectureParams(d, snap).line).toContain('M = 2000 at c = 1, 700 at c = 2 networks');
    expect(lectureParams(d, snap).line).toContain('C_W = c(1 - p) = 0.8c');
    expect(lectureParams({ ...d, dropout: 0 }, snap).line).toContain('C_W = c, n = 64');
  });
  it('parts join in order', () => {
    const p = exportParams(
      networkPart({ ...s, cb: 0.05 }),
      ensemblePart(5, 5),
      runPart({ seed: 1, engine: 'explicit' }),
    );
    expect(p.line).toBe('ReLU, n = 64, L = 5, C_W = 2, C_b = 0.05, M = 5 networks, seed 1, explicit engine');
    expect(p.name).toEqual({ relu: '', n: 64, L: 5, cw: '2', cb: '0.05', M: 5, seed: 1 });
  });
});

describe('legend samples', () => {
  it("take the dash of their dataset's line", async () => {
    const { withDatasetDash } = await import('../../../src/ui/chart-setup.ts');
    const items: { datasetIndex?: number; text?: string; lineDash?: number[] }[] = [
      { datasetIndex: 0 },
      { datasetIndex: 1 },
      { text: 'no dataset' },
    ];
    const out = withDatasetDash(items, [{ borderDash: [6, 4] }, {}]);
    expect(out[0].lineDash).toEqual([6, 4]);
    expect(out[1]).not.toHaveProperty('lineDash');
    expect(out[2]).toEqual({ text: 'no dataset' });
  });
});
