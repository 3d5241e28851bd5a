import { describe, expect, it } from 'vitest';
import { makeActivation } from '../../../src/theory/activations.ts';
import { RELIABLE_DEPTH_TO_WIDTH, theoryReport, type TheoryModel } from '../../../src/theory/report.ts';

const model = (over: Partial<TheoryModel>): TheoryModel => ({
  activation: makeActivation('relu'),
  hiddenWidths: new Array(8).fill(64),
  cw: 2,
  cb: 0,
  inputGram: [[1]],
  normalization: 'none',
  dropout: 0,
  ...over,
});

describe('theoryReport', () => {
  it('ReLU n = 64, L = 9: per-layer entries and output values', () => {
    const r = theoryReport(model({}));
    expect(r.depth).toBe(9);
    expect(r.layers.length).toBe(9);
    expect(r.layers.map((l) => l.layer)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(r.layers[8].width).toBe(1);
    expect(r.layers[0].width).toBe(64);
    for (const l of r.layers) {
      expect(l.K).toBeCloseTo(2, 14);
      expect(l.chiPar).toBeCloseTo(1, 14);
      expect(l.chiPerp).toBeCloseTo(1, 14);
      expect(l.kurtosisLeading as number).toBeCloseTo((15 * (l.layer - 1)) / 64, 12);
      expect(l.ntk).toBeCloseTo(2 * l.layer, 12);
    }
    expect(r.output.kurtosisExact as number).toBeCloseTo(3 * ((1 + 5 / 64) ** 8 - 1), 13);
    expect(r.output.varianceExact as number).toBeCloseTo(2, 14);
    expect(r.output.kurtosisLeading as number).toBeCloseTo((15 * 8) / 64, 12);
    expect(r.depthToWidth).toBeCloseTo(9 / 64, 14);
    expect(r.leadingOrderReliable).toBe(true);
    expect(r.warning).toBeNull();
    expect(r.criticalPoint?.cw).toBe(2);
    // Plain JSON round trip (NaN K* of the scale-invariant class prints as null).
    const json = JSON.parse(JSON.stringify(r));
    expect(json.criticalPoint.kStar).toBeNull();
  });

  it('flags L/n >= 0.3 (harmonic mean of the hidden widths)', () => {
    const r = theoryReport(model({ hiddenWidths: [5, 40, 40] }));
    const harmonic = 3 / (1 / 5 + 2 / 40);
    expect(r.depthToWidth).toBeCloseTo(4 / harmonic, 14);
    expect(r.depthToWidth).toBeGreaterThanOrEqual(RELIABLE_DEPTH_TO_WIDTH);
    expect(r.leadingOrderReliable).toBe(false);
    expect(r.warning).toMatch(/L\/n/);
  });

  it('two inputs: per-layer kernel matrices and the ReLU correlation map', () => {
    const c0 = 0.3;
    const r = theoryReport(
      model({
        inputGram: [
          [1, c0],
          [c0, 1],
        ],
        hiddenWidths: [64, 64, 64],
      }),
    );
    let c = c0;
    for (const l of r.layers) {
      expect(l.kernel?.length).toBe(2);
      expect(l.correlation as number).toBeCloseTo(c, 13);
      // Critical ReLU NTK: Theta_{l+1,ab} = K_{l+1,ab} + <step step> C_W Theta_l,ab; diagonal L K*.
      expect(l.ntkMatrix?.[0][0] as number).toBeCloseTo(2 * l.layer, 12);
      c = (Math.sqrt(1 - c * c) + (Math.PI - Math.acos(c)) * c) / Math.PI;
    }
    expect(r.output.kurtosisExact).toBeNull();
  });

  it('normalization: leading-order kurtosis and V are null, with a warning; tanh has no exact result', () => {
    const r = theoryReport(model({ normalization: 'layer' }));
    expect(r.output.kurtosisLeading).toBeNull();
    expect(r.layers[3].V).toBeNull();
    expect(r.output.kurtosisExact).toBeNull();
    expect(r.warning).toMatch(/normaliz/);
    const t = theoryReport(model({ activation: makeActivation('tanh'), cw: 1 }));
    expect(t.output.kurtosisExact).toBeNull();
    expect(t.output.kurtosisLeading as number).toBeGreaterThan(0);
    expect(t.criticalPoint?.universality).toBe('k-star-zero');
  });

  it('an exploding kernel (C_W above criticality, very deep) gives nulls and a warning, not an exception', () => {
    for (const name of ['relu', 'gelu'] as const) {
      const r = theoryReport(
        model({ activation: makeActivation(name), cw: 3, cb: 0.1, hiddenWidths: new Array(3000).fill(100) }),
      );
      expect(Number.isFinite(r.output.K)).toBe(false);
      expect(r.warning).toMatch(/overflows/);
      expect(JSON.parse(JSON.stringify(r)).output.K).toBeNull();
    }
  });

  it('a 1000-layer tanh report (timed in bench/theory-bench.ts) stays finite, its kernel shrinking towards 0', () => {
    const r = theoryReport(
      model({ activation: makeActivation('tanh'), cw: 1, hiddenWidths: new Array(999).fill(512) }),
    );
    expect(Number.isFinite(r.output.K)).toBe(true);
    expect(r.output.K).toBeGreaterThan(0);
    expect(r.output.K).toBeLessThan(0.1);
  });
});
