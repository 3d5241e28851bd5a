/**
 * The two-inputs readout's fixed point: q* where the kernel settles, 'none' where it grows
 * without bound (so the view says "no fixed point", not a phase), and the phase from chi_perp.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../../src/engine/index.ts';
import { makeActivation } from '../../../../src/theory/activations.ts';
import { kernelSequence } from '../../../../src/theory/kernels.ts';
import { singleMoments } from '../../../../src/theory/moments.ts';
import { criticalPreset } from '../../../../src/lab/network-fields.ts';
import { TWO_INPUTS_DEFAULTS } from '../../../../src/experiments/two-inputs/state.ts';
import { fixedPointAt, runTwoInputs } from '../../../../src/experiments/two-inputs/model.ts';

describe('fixed point of the two-inputs view', () => {
  it('ReLU above C_W = 2 has none: K_l = (C_W/2)^(l-1) C_W grows without bound', () => {
    expect(fixedPointAt({ activation: 'relu', cw: 3, cb: 0.1 })).toEqual({ kind: 'none' });
    expect(fixedPointAt({ activation: 'relu', cw: 10, cb: 0 })).toEqual({ kind: 'none' });
    const K = kernelSequence(makeActivation('relu'), 1, 60, { cw: 3, cb: 0.1 });
    expect(K[59]).toBeGreaterThan(1e10);
  });

  it('ReLU at C_W = 2 without bias is critical; below it the kernel decays to q* = 0, ordered', () => {
    expect(fixedPointAt({ activation: 'relu', cw: 2, cb: 0 })).toMatchObject({
      kind: 'fixed',
      phase: 'critical',
    });
    const below = fixedPointAt({ activation: 'relu', cw: 1.5, cb: 0 });
    expect(below).toEqual({ kind: 'fixed', qStar: 0, chiPerp: 0.75, phase: 'ordered' });
  });

  it("tanh always has one; at the default (C_W = 2, C_b = 0.05) it is chaotic with chi_perp = C_W <tanh'^2>_{q*}", () => {
    const fp = fixedPointAt(TWO_INPUTS_DEFAULTS);
    expect(fp.kind).toBe('fixed');
    if (fp.kind !== 'fixed') return;
    const act = makeActivation('tanh');
    // q* is a fixed point of the recursion, and chi_perp is evaluated there.
    expect(0.05 + 2 * singleMoments(act, fp.qStar).s2).toBeCloseTo(fp.qStar, 10);
    expect(fp.chiPerp).toBeCloseTo(2 * singleMoments(act, fp.qStar).dd, 12);
    expect(fp.chiPerp).toBeGreaterThan(1);
    expect(fp.phase).toBe('chaotic');
    expect(fixedPointAt({ activation: 'tanh', cw: 0.5, cb: 0.05 })).toMatchObject({ phase: 'ordered' });
  });

  it('the snapshot carries it', async () => {
    const snap = await runTwoInputs(
      { ...TWO_INPUTS_DEFAULTS, activation: 'relu', cw: 3, width: 16, depth: 4, networks: 100 },
      (k) => createEngine(k, 'cpu'),
      () => {},
    );
    expect(snap.fixedPoint).toEqual({ kind: 'none' });
  });

  it('Critical with sigmoid says it has none; with tanh it is (C_W, C_b) = (1, 0)', () => {
    expect(criticalPreset('sigmoid')).toEqual({
      none: expect.stringMatching(/^sigmoid has no critical point: /),
    });
    expect(criticalPreset('tanh')).toEqual({ cw: 1, cb: 0 });
    expect(criticalPreset('relu', 0.5)).toEqual({ cw: 1, cb: 0 });
  });
});
