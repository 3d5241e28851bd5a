import { describe, expect, it } from 'vitest';
import { makeActivation, type Activation } from '../../../src/theory/activations.ts';
import { exactKurtosisProduct, exactSingleInput, scaleInvariantNu } from '../../../src/theory/exact.ts';
import { singleMomentsByQuadrature } from '../../../src/theory/moments.ts';
import { Purpose } from '../../../src/random/address.ts';
import { CounterStream } from '../../../src/random/normals.ts';

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

describe('nu of the scale-invariant activations', () => {
  it('closed forms: linear 2, ReLU 5, leaky 6(1+a^4)/(1+a^2)^2 - 1; with dropout /(1-p)', () => {
    expect(scaleInvariantNu(makeActivation('linear'))).toBeCloseTo(2, 14);
    expect(scaleInvariantNu(makeActivation('relu'))).toBeCloseTo(5, 14);
    expect(scaleInvariantNu(makeActivation('relu'), 0.2)).toBeCloseTo(6 / 0.8 - 1, 14);
    expect(scaleInvariantNu(makeActivation('linear'), 0.2)).toBeCloseTo(3 / 0.8 - 1, 14);
    expect(scaleInvariantNu(makeActivation('tanh'))).toBeNull();
  });
  it('equals E y^4 / (E y^2)^2 - 1 with the moments of sigma computed by quadrature and the mask moments 1-p', () => {
    for (const act of [
      makeActivation('relu'),
      makeActivation('leaky-relu', 0.35),
      makeActivation('linear'),
    ]) {
      for (const p of [0, 0.3]) {
        const m = singleMomentsByQuadrature(act, 1);
        // y = m sigma / (1-p): E m^2 = E m^4 = 1 - p.
        const ey2 = ((1 - p) * m.s2) / (1 - p) ** 2;
        const ey4 = ((1 - p) * m.s4) / (1 - p) ** 4;
        expect(rel(scaleInvariantNu(act, p) as number, ey4 / ey2 ** 2 - 1)).toBeLessThan(1e-10);
      }
    }
  });
});

describe('exact single-input results', () => {
  it('C_b = 0: Var z_L = K1 (C_W A2)^(L-1) and kurtosis = 3[prod (1 + nu/n_l) - 1], unequal widths and dropout', () => {
    const widths = [7, 30, 12, 64];
    const cases: [Activation, number, number, number][] = [
      [makeActivation('relu'), 2.2, 0, 0.5],
      [makeActivation('linear'), 0.9, 0, 1],
      [makeActivation('leaky-relu', 0.1), 1.5, 0, (1 + 0.01) / 2],
      [makeActivation('relu'), 1.4, 0.3, 0.5 / 0.7],
    ];
    for (const [act, cw, p, a2] of cases) {
      const q0 = 1.7;
      const r = exactSingleInput(act, q0, widths, { cw, cb: 0, dropout: p });
      if (!r) throw new Error('missing');
      const L = widths.length + 1;
      expect(rel(r.variance[L - 1], cw * q0 * (cw * a2) ** (L - 1))).toBeLessThan(1e-13);
      const nu = scaleInvariantNu(act, p) as number;
      expect(rel(r.kurtosis[L - 1], exactKurtosisProduct(nu, widths))).toBeLessThan(1e-12);
    }
  });

  it('the worked example of the README: ReLU n = 64, L = 9: 3[(1 + 5/64)^8 - 1]', () => {
    const r = exactSingleInput(makeActivation('relu'), 1, new Array(8).fill(64), { cw: 2, cb: 0 });
    expect(rel((r as { kurtosis: Float64Array }).kurtosis[8], 3 * ((1 + 5 / 64) ** 8 - 1))).toBeLessThan(
      1e-13,
    );
  });

  it('null where no exact result is implemented', () => {
    expect(exactSingleInput(makeActivation('tanh'), 1, [10], { cw: 1, cb: 0 })).toBeNull();
    expect(
      exactSingleInput(makeActivation('relu'), 1, [10], { cw: 2, cb: 0, normalization: 'layer' }),
    ).toBeNull();
  });

  it('C_b != 0: E G_L and E G_L^2 agree with a Monte Carlo of G_{l+1} = C_b + G_l M_l (4 SE)', () => {
    // M_l = (C_W/n_l) sum_j y_j^2, y_j = m_j relu(xi_j)/(1-p), drawn from its definition.
    const widths = [3, 5, 2];
    const cw = 1.6;
    const cb = 0.4;
    const p = 0.25;
    const q0 = 0.8;
    const exact = exactSingleInput(makeActivation('relu'), q0, widths, { cw, cb, dropout: p });
    if (!exact) throw new Error('missing');
    const N = 200_000;
    const stream = new CounterStream(20240607, 0, Purpose.Shortcut, 0);
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    for (let net = 0; net < N; net++) {
      let G = cb + cw * q0;
      for (const n of widths) {
        let sum = 0;
        for (let j = 0; j < n; j++) {
          const keep = stream.uniform() >= p;
          const xi = stream.normal();
          if (keep && xi > 0) sum += (xi / (1 - p)) ** 2;
        }
        G = cb + G * (cw / n) * sum;
      }
      s1 += G;
      s2 += G * G;
      s3 += G ** 3;
      s4 += G ** 4;
    }
    const m1 = s1 / N;
    const m2 = s2 / N;
    const se1 = Math.sqrt((m2 - m1 * m1) / N);
    const se2 = Math.sqrt((s4 / N - m2 * m2) / N);
    const L = widths.length + 1;
    expect(Math.abs(m1 - exact.variance[L - 1])).toBeLessThan(4 * se1);
    expect(Math.abs(m2 - exact.secondMoment[L - 1])).toBeLessThan(4 * se2);
    // And the bias matters: the C_b = 0 product formula is clearly different here.
    const nu = scaleInvariantNu(makeActivation('relu'), p) as number;
    expect(Math.abs(exact.kurtosis[L - 1] - exactKurtosisProduct(nu, widths))).toBeGreaterThan(0.1);
    expect(s3).toBeGreaterThan(0);
  });
});
