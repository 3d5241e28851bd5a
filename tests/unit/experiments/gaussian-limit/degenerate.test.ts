import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../../src/engine/index.ts';
import type { EngineKind } from '../../../../src/engine/types.ts';
import { defaultsFor, type LabState } from '../../../../src/experiments/gaussian-limit/state.ts';
import { GaussianLimitRunner } from '../../../../src/experiments/gaussian-limit/model.ts';
import {
  GRAM_CHARLIER_MAX_KURTOSIS,
  ensembleMessage,
  overlayPlan,
  reluSurvival,
} from '../../../../src/experiments/gaussian-limit/degenerate.ts';
import {
  gramCharlierDensity,
  he4,
  theoryFor,
} from '../../../../src/experiments/gaussian-limit/theory-curves.ts';
import { histogramCsv, linearTick } from '../../../../src/experiments/gaussian-limit/charts.ts';

const cpu = (kind: EngineKind) => createEngine(kind, 'cpu');
const base: LabState = { ...defaultsFor('cpu'), networks: 400, seed: 3 };
const small = { sweepNetworks: 200, maxSweepWidth: 8 };
const noBadText = (text: string) => expect(text).not.toMatch(/NaN|Infinity|undefined/);

describe('degenerate Gaussian-limit ensembles', () => {
  it('width 1, depth 100, ReLU: every output is 0, said in words, and no overlay is drawn', async () => {
    const state = { ...base, width: 1, depth: 100 };
    const snap = await new GaussianLimitRunner(cpu, small).run(state, () => {});
    // A network survives 99 hidden layers with probability 2^-99: none of 400 does.
    expect(reluSurvival(1, 100)).toBeCloseTo(2 ** -99, 40);
    expect(snap.degeneracy).toEqual({ kind: 'all-zero', count: 400 });
    expect(snap.message).toMatch(/^Every one of the 400 outputs is exactly 0\. At width 1 a ReLU network/);
    expect(snap.message).toContain('1.6e-30');
    noBadText(snap.message!);
    expect(snap.overlays).toMatchObject({ gaussian: false, gramCharlier: false, mixture: false });
    expect(snap.gramCharlier.x).toHaveLength(0);
    expect(snap.gaussian.x).toHaveLength(0);
    expect(snap.mixture.x).toHaveLength(0);
    noBadText(histogramCsv(snap));
  });

  it('a sound ensemble names nothing and draws all three overlays', async () => {
    const snap = await new GaussianLimitRunner(cpu, small).run({ ...base, depth: 3 }, () => {});
    expect(snap.degeneracy).toEqual({ kind: 'none' });
    expect(snap.message).toBeNull();
    expect(snap.overlays).toEqual({ gaussian: true, gramCharlier: true, mixture: true, note: null });
    expect(snap.gramCharlier.x.length).toBeGreaterThan(0);
  });

  it('the messages of every case carry no NaN, Infinity or undefined', () => {
    const s = { activation: 'tanh', width: 64, depth: 100, cw: 10, cb: 0 };
    for (const d of [
      { kind: 'overflow', count: 10 },
      { kind: 'partial-overflow', count: 10, nonFinite: 3 },
      { kind: 'constant', count: 10, value: 0.25 },
      { kind: 'huge', count: 10, maxAbs: 1e40 },
      { kind: 'mostly-zero', count: 10, zeros: 9 },
      { kind: 'all-zero', count: 10 },
    ] as const) {
      const m = ensembleMessage(d, s);
      expect(m).not.toBeNull();
      noBadText(m!);
    }
  });
});

describe('the Gram-Charlier overlay', () => {
  it('is a density exactly up to kurtosis 4 (min He4 = -6), and is hidden beyond', () => {
    expect(he4(Math.sqrt(3))).toBeCloseTo(-6, 13);
    expect(Math.min(...Array.from({ length: 2001 }, (_, i) => he4(-5 + i / 200)))).toBeGreaterThanOrEqual(-6);
    expect(gramCharlierDensity(Math.sqrt(3), 1, GRAM_CHARLIER_MAX_KURTOSIS)).toBeCloseTo(0, 15);
    expect(gramCharlierDensity(Math.sqrt(3), 1, GRAM_CHARLIER_MAX_KURTOSIS + 0.1)).toBeLessThan(0);
    // ReLU at width 8, depth 20: leading order 3 * 5 * 19 / 8 = 35.6 > 4.
    const t = theoryFor({ ...base, width: 8, depth: 20 });
    expect(t.kurtosisLeading).toBeCloseTo(35.625, 9);
    const plan = overlayPlan(t, { kind: 'none' });
    expect(plan).toMatchObject({ gaussian: true, gramCharlier: false, mixture: true });
    expect(plan.note).toMatch(/Gram-Charlier\) is hidden: at a leading-order kurtosis of 35\.6/);
    // n = 64, L = 5: 15 * 4 / 64 = 0.94, drawn.
    expect(overlayPlan(theoryFor(base), { kind: 'none' }).gramCharlier).toBe(true);
  });
});

describe('histogram axis labels', () => {
  it('are short at every magnitude and never NaN or Infinity', () => {
    expect(linearTick(2.5000000000000004e-85)).toBe('2.5e-85');
    expect(linearTick(-6e85)).toBe('-6e85');
    expect(linearTick(0.30000000000000004)).toBe('0.3');
    expect(linearTick(0)).toBe('0');
    expect(linearTick(1234.5678)).toBe('1230');
    expect(linearTick(NaN)).toBe('');
    expect(linearTick(Infinity)).toBe('');
  });
});
