/**
 * The depth view with dropout and at the edges of floating point: the lecture presets and the
 * Critical button move with the critical point C_W = 2(1 - p); the means follow the exact
 * c (1 - p)(c/2)^(l-1); the notes that say why a band leaves the log axis, or why networks
 * overflow, fire exactly when the snapshot shows it, and never print NaN.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../../src/engine/index.ts';
import { DEPTH_DEFAULTS, type DepthState } from '../../../../src/experiments/depth-criticality/state.ts';
import {
  criticalPreset,
  depthFacts,
  depthSpec,
  depthTheory,
  lectureCw,
  lectureMean,
  lectureState,
  logAxisNote,
  overflowNotice,
  runDepth,
  type DepthSnapshot,
} from '../../../../src/experiments/depth-criticality/model.ts';
import { lectureCsv } from '../../../../src/experiments/depth-criticality/charts.ts';

const engines = (kind: 'exact' | 'explicit') => createEngine(kind, 'cpu');
const run = (patch: Partial<DepthState>) =>
  runDepth({ ...DEPTH_DEFAULTS, width: 16, depth: 8, networks: 2000, ...patch }, engines, () => {});
const noBadText = (text: string) => expect(text).not.toMatch(/NaN|Infinity|undefined/);

describe('dropout moves the critical point', () => {
  it('Critical gives C_W = 2(1 - p) for ReLU, and says sigmoid has none', () => {
    expect(criticalPreset({ activation: 'relu', dropout: 0.5 })).toEqual({ cw: 1, cb: 0 });
    expect(criticalPreset({ activation: 'relu', dropout: 0 })).toEqual({ cw: 2, cb: 0 });
    const tanh = criticalPreset({ activation: 'tanh', dropout: 0.2 });
    expect('cw' in tanh && tanh.cw).toBeCloseTo(0.8, 14);
    const none = criticalPreset({ activation: 'sigmoid', dropout: 0.2 });
    expect(none).toEqual({ none: expect.stringMatching(/^sigmoid has no critical point/) });
  });

  it('at the Critical preset with dropout the kernel stays at K_1 and chi_par = chi_perp = 1 in every layer', () => {
    const st: DepthState = { ...DEPTH_DEFAULTS, dropout: 0.3, cw: 2 * 0.7 };
    const { layers } = depthTheory(depthSpec(st));
    for (const l of layers.slice(0, -1)) {
      expect(l.K).toBeCloseTo(1.4, 12);
      expect(l.chiPar).toBeCloseTo(1, 12);
      expect(l.chiPerp).toBeCloseTo(1, 12);
    }
  });

  it('the lecture ensembles at C_W = c(1 - p) have the exact mean c(1 - p)(c/2)^(l-1), within 4 SE', async () => {
    const p = 0.25;
    for (const c of [1, 2, 3])
      expect(lectureState({ ...DEPTH_DEFAULTS, dropout: p }, c).cw).toBe(lectureCw(c, p));
    const snap = await run({ dropout: p, compare: true, networks: 4000 });
    expect(snap.lecture?.map((l) => l.cw)).toEqual([0.75, 1.5, 2.25]);
    for (const curve of snap.lecture!) {
      for (const l of curve.layers) {
        expect(l.exact).toBeCloseTo(lectureMean(curve.c, p, l.layer), 12);
        expect(Math.abs(l.mean - l.exact)).toBeLessThan(4 * l.meanSE);
      }
    }
    // At c = 2 the mean stays at 2(1 - p) in every layer.
    expect(snap.lecture![1].layers.every((l) => Math.abs(l.exact - 1.5) < 1e-12)).toBe(true);
    noBadText(lectureCsv(snap));
  });
});

describe('notes on the log axis and on overflow', () => {
  it('width 4 with dropout 0.5: a tenth of the networks is exactly 0 from some layer on, and the note says where', async () => {
    const snap = await run({ width: 4, depth: 40, dropout: 0.5, cw: 1, networks: 1000 });
    const f = depthFacts(snap);
    expect(f.bandZeroFrom).not.toBeNull();
    const at = snap.layers[f.bandZeroFrom! - 1];
    expect(at.norm.q10).toBe(0);
    // The layer before still had a positive 10% quantile.
    if (f.bandZeroFrom! > 1) expect(snap.layers[f.bandZeroFrom! - 2].norm.q10).toBeGreaterThan(0);
    const note = logAxisNote(f)!;
    expect(note).toMatch(new RegExp(`^From layer ${f.bandZeroFrom} on at least a tenth of the networks`));
    noBadText(note);
    expect(overflowNotice(f, snap.networks)).toBeNull();
  });

  it('at the default settings nothing leaves the axis and nothing overflows', async () => {
    const snap = await run({});
    const f = depthFacts(snap);
    expect(logAxisNote(f)).toBeNull();
    expect(overflowNotice(f, snap.networks)).toBeNull();
  });

  it('ReLU at C_W = 100, depth 100: the squares of the norms overflow float64 and the notice says from where', async () => {
    const snap = await run({ cw: 100, depth: 100, width: 64, networks: 200 });
    const f = depthFacts(snap);
    expect(f.overflowFrom).toBeNull();
    expect(f.seOverflowFrom).not.toBeNull();
    const l = snap.layers[f.seOverflowFrom! - 1];
    expect(Number.isFinite(l.norm.mean)).toBe(true);
    expect(Number.isFinite(l.norm.meanSE)).toBe(false);
    const text = overflowNotice(f, snap.networks)!;
    expect(text).toMatch(new RegExp(`^From layer ${f.seOverflowFrom} on the norms are so large`));
    noBadText(text);
  });

  it('networks that overflowed (as a float32 engine gives) are counted and named', () => {
    const layer = (l: number, nonFinite: number) => ({
      layer: l,
      width: 8,
      norm: { mean: 1, meanSE: 0.1, median: 1, q10: 0.5, q90: 2, nonFinite },
      gradient: null,
    });
    const snap: Pick<DepthSnapshot, 'layers' | 'theory'> = {
      layers: [layer(1, 0), layer(2, 3), layer(3, 7), layer(4, 7)],
      theory: [1, 2, 3, 4].map((l) => ({
        layer: l,
        K: l === 4 ? Infinity : 1,
        chiPar: 1,
        chiPerp: 1,
        typical: null,
        logVariance: null,
      })),
    };
    const f = depthFacts(snap);
    expect(f).toMatchObject({ overflowed: 7, overflowFrom: 2, theoryGoneFrom: null });
    expect(overflowNotice(f, 10)).toMatch(/^7 of 10 networks overflowed .* from layer 2 on/);
  });
});
