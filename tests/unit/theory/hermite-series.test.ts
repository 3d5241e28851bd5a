// Mehler's series for the two-input moments of smooth activations (theory/hermite-series.ts):
// against closed forms (sin's exactly, erf's Williams formulas) at variances up to the series'
// limit, against the nested 2-D quadrature for the activations without closed forms, and its
// convergence check refusing a series that is too short or an energy that is wrong.
import { describe, expect, it } from 'vitest';
import { makeActivation, type ActivationName } from '../../../src/theory/activations.ts';
import {
  hermiteCoefficients,
  MAX_SERIES_K,
  mehlerSum,
  seriesLength,
  TAIL_TOL,
} from '../../../src/theory/hermite-series.ts';
import {
  pairMoments,
  pairMomentsBySeries,
  pairMomentsByQuadrature,
  singleMoments,
} from '../../../src/theory/moments.ts';

/** (kaa, kbb) from a small variance to the series' limit, unequal on purpose. */
const VARIANCES: [number, number][] = [
  [0.05, 1.5],
  [0.8, 1.3],
  [2, 3],
  [0.1, 20],
  [8, MAX_SERIES_K],
];
const CORRELATIONS = [-1, -0.7, 0, 0.5, 0.9, 0.999, 1];

function seriesOf(name: ActivationName, kaa: number, kab: number, kbb: number) {
  const m = pairMomentsBySeries(makeActivation(name), kaa, kab, kbb);
  if (!m) throw new Error(`${name}: the series did not converge at (${kaa}, ${kab}, ${kbb})`);
  return m;
}

describe('Mehler series: exact closed forms', () => {
  it('sin: <sin u sin v> = e^{-(kaa+kbb)/2} sinh kab and <cos u cos v> = e^{-(kaa+kbb)/2} cosh kab', () => {
    for (const [kaa, kbb] of VARIANCES)
      for (const c of CORRELATIONS) {
        const kab = c * Math.sqrt(kaa * kbb);
        const m = seriesOf('sin', kaa, kab, kbb);
        const e = Math.exp(-(kaa + kbb) / 2);
        // Scale of the error bound: sqrt(E f^2 E g^2).
        const ssScale = Math.sqrt((((1 - Math.exp(-2 * kaa)) / 2) * (1 - Math.exp(-2 * kbb))) / 2);
        const ddScale = Math.sqrt((((1 + Math.exp(-2 * kaa)) / 2) * (1 + Math.exp(-2 * kbb))) / 2);
        expect(Math.abs(m.ss - e * Math.sinh(kab))).toBeLessThan(1e-11 * ssScale);
        expect(Math.abs(m.dd - e * Math.cosh(kab))).toBeLessThan(1e-11 * ddScale);
      }
  });

  it("erf: Williams' arcsine and its derivative, from the series rather than pairMoments' closed form", () => {
    for (const [kaa, kbb] of VARIANCES)
      for (const c of CORRELATIONS) {
        const kab = c * Math.sqrt(kaa * kbb);
        const m = seriesOf('erf', kaa, kab, kbb);
        const d = (1 + 2 * kaa) * (1 + 2 * kbb);
        const ss = (2 / Math.PI) * Math.asin(Math.max(-1, Math.min(1, (2 * kab) / Math.sqrt(d))));
        const dd = 4 / Math.PI / Math.sqrt(d - 4 * kab * kab);
        expect(Math.abs(m.ss - ss)).toBeLessThan(1e-11);
        expect(Math.abs(m.dd - dd) / dd).toBeLessThan(1e-11);
      }
  });
});

describe('Mehler series: against the nested quadrature', () => {
  for (const name of ['tanh', 'gelu', 'swish', 'sigmoid'] as const) {
    it(`${name}: both moments agree with the adaptive 2-D rule to 1e-10 of their scale`, () => {
      const act = makeActivation(name);
      for (const [kaa, kbb] of VARIANCES.slice(0, 4))
        for (const c of [-0.7, 0.5, 0.999]) {
          const kab = c * Math.sqrt(kaa * kbb);
          const m = seriesOf(name, kaa, kab, kbb);
          const q = pairMomentsByQuadrature(act, kaa, kab, kbb, 1e-12);
          const a = singleMoments(act, kaa);
          const b = singleMoments(act, kbb);
          expect(Math.abs(m.ss - q.ss)).toBeLessThan(1e-10 * Math.sqrt(a.s2 * b.s2));
          expect(Math.abs(m.dd - q.dd)).toBeLessThan(1e-10 * Math.sqrt(a.dd * b.dd));
        }
    });
  }

  it('pairMoments takes the series where it converges, and the quadrature beyond MAX_SERIES_K', () => {
    const tanh = makeActivation('tanh');
    expect(pairMoments(tanh, 1.1, 0.6, 0.9)).toEqual(pairMomentsBySeries(tanh, 1.1, 0.6, 0.9));
    expect(pairMomentsBySeries(tanh, 200, 10, 2)).toBeNull();
    const q = pairMomentsByQuadrature(tanh, 200, 10, 2, 1e-11);
    const m = pairMoments(tanh, 200, 10, 2);
    expect(m.ss).toBeCloseTo(q.ss, 12);
    expect(m.dd).toBeCloseTo(q.dd, 12);
    // Kinked activations keep their closed forms.
    expect(pairMomentsBySeries(makeActivation('relu'), 1, 0.5, 1)).toBeNull();
  });
});

describe('Mehler series: the convergence check', () => {
  const tanh = makeActivation('tanh');
  const { s2 } = singleMoments(tanh, 8);

  it('accepts the ladder length and refuses a series too short for the variance', () => {
    expect(seriesLength(8)).toBeGreaterThanOrEqual(150 + 110 * 8);
    expect(hermiteCoefficients(tanh.f, 8, s2)).not.toBeNull();
    expect(hermiteCoefficients(tanh.f, 8, s2, 128)).toBeNull();
  });

  it('refuses coefficients whose energy disagrees with the reference by more than TAIL_TOL', () => {
    expect(hermiteCoefficients(tanh.f, 8, s2 * (1 + 20 * TAIL_TOL))).toBeNull();
    expect(hermiteCoefficients(tanh.f, 8, s2 * (1 - 20 * TAIL_TOL))).toBeNull();
  });

  it('sums series of one length only', () => {
    expect(() => mehlerSum(new Float64Array(4), new Float64Array(5), 0.5)).toThrow(RangeError);
  });
});
