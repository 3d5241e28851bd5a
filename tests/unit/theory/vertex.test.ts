import { describe, expect, it } from 'vitest';
import { makeActivation } from '../../../src/theory/activations.ts';
import { fourPointVertex } from '../../../src/theory/vertex.ts';

const close = (a: number, b: number, tol = 1e-12): void => {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));
};

describe('four-point vertex, leading order', () => {
  it('scale-invariant, C_b = 0, equal widths: V_l / (n K_l^2) = nu (l - 1) / n (nu = 2, 5, leaky)', () => {
    const n = 50;
    const L = 12;
    const a = 0.2;
    for (const [act, nu] of [
      [makeActivation('linear'), 2],
      [makeActivation('relu'), 5],
      [makeActivation('leaky-relu', a), (6 * (1 + a ** 4)) / (1 + a * a) ** 2 - 1],
    ] as const) {
      const cw = 2 / (1 + (act.name === 'linear' ? 1 : act.slope) ** 2);
      const v = fourPointVertex(act, 1.3, new Array(L - 1).fill(n), { cw, cb: 0 });
      expect(v).not.toBeNull();
      if (!v) continue;
      for (let l = 1; l <= L; l++) {
        close(v.V[l - 1] / (n * v.K[l - 1] ** 2), (nu * (l - 1)) / n);
        close(v.kurtosis[l - 1], (3 * nu * (l - 1)) / n);
      }
    }
  });

  it('off criticality the scale-invariant ratio is unchanged (K cancels): ReLU with C_W = 1.7', () => {
    const v = fourPointVertex(makeActivation('relu'), 1, new Array(6).fill(10), { cw: 1.7, cb: 0 });
    close((v as { kurtosis: Float64Array }).kurtosis[6], (3 * 5 * 6) / 10);
  });

  it('unequal widths: kurtosis = 3 nu sum_{l} 1/n_l (the linearization of the exact product)', () => {
    const widths = [16, 64, 8, 100, 33];
    const v = fourPointVertex(makeActivation('relu'), 1, widths, { cw: 2, cb: 0 });
    let sum = 0;
    widths.forEach((n, i) => {
      sum += 1 / n;
      close((v as { kurtosis: Float64Array }).kurtosis[i + 1], 15 * sum);
    });
  });

  it('dropout raises ReLU nu to 6/(1-p) - 1 (critical C_W = 2(1-p)) and linear nu to 3/(1-p) - 1', () => {
    const n = 40;
    for (const p of [0.1, 0.5]) {
      const relu = fourPointVertex(makeActivation('relu'), 1, new Array(5).fill(n), {
        cw: 2 * (1 - p),
        cb: 0,
        dropout: p,
      });
      close((relu as { kurtosis: Float64Array }).kurtosis[5], (3 * (6 / (1 - p) - 1) * 5) / n);
      close((relu as { K: Float64Array }).K[5], 2 * (1 - p));
      const lin = fourPointVertex(makeActivation('linear'), 1, new Array(5).fill(n), {
        cw: 1 - p,
        cb: 0,
        dropout: p,
      });
      close((lin as { kurtosis: Float64Array }).kurtosis[5], (3 * (3 / (1 - p) - 1) * 5) / n);
    }
  });

  it('tanh at criticality: V/(n K^2) approaches (2/3) l / n from below, slowly (about 0.7 of it at l = 5)', () => {
    const L = 2000;
    const v = fourPointVertex(makeActivation('tanh'), 1, new Array(L - 1).fill(1), { cw: 1, cb: 0 });
    if (!v) throw new Error('vertex missing');
    const ratio = (l: number): number => v.V[l - 1] / v.K[l - 1] ** 2 / ((2 / 3) * l);
    // THEORY: "about 0.7 of it at l = 5".
    expect(ratio(5)).toBeGreaterThan(0.6);
    expect(ratio(5)).toBeLessThan(0.8);
    // Monotone approach...
    let prev = 0;
    for (const l of [2, 3, 5, 10, 30, 100, 300, 1000, 2000]) {
      expect(ratio(l)).toBeGreaterThan(prev);
      expect(ratio(l)).toBeLessThan(1);
      prev = ratio(l);
    }
    // ...with the O(ln l / l) correction that K_l's own ln l / l term implies.
    for (const l of [100, 1000, 2000]) expect(1 - ratio(l)).toBeLessThan(Math.log(l) / l);
  });

  it('normalization: not derived, null', () => {
    expect(
      fourPointVertex(makeActivation('relu'), 1, [10, 10], { cw: 2, cb: 0, normalization: 'rms' }),
    ).toBeNull();
  });
});
