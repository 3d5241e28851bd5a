import { describe, expect, it } from 'vitest';
import { makeActivation } from '../../../src/theory/activations.ts';
import { pairMomentsByQuadrature, singleMomentsByQuadrature } from '../../../src/theory/moments.ts';
import {
  gaussHermite,
  gaussHermiteExpectation,
  gaussHermitePairExpectation,
  gaussianExpectation,
  gaussianExpectations,
  gaussianPairExpectation,
  gaussianPairExpectations,
  gaussLegendre,
} from '../../../src/theory/quadrature.ts';
import { erf } from '../../../src/theory/special.ts';

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

/**
 * Independent oracle for ANALYTIC integrands: the trapezoid rule on the real line with step h
 * converges like exp(-2 pi d / h) for functions analytic in the strip |Im x| < d (tanh(s x):
 * d = pi / (2 s)); with h = 0.01 that is far below 1e-16 for every K used here.
 */
function trapezoid(f: (z: number) => number, K: number, h = 0.01): number {
  const s = Math.sqrt(K);
  let sum = 0;
  for (let x = -40; x <= 40; x += h) sum += f(s * x) * Math.exp(-0.5 * x * x);
  return (sum * h) / Math.sqrt(2 * Math.PI);
}

describe('node computation', () => {
  it('Gauss-Hermite (probabilists): weights sum to 1 and E x^(2k) = (2k-1)!! exactly', () => {
    for (const n of [10, 64, 150, 180]) {
      const { nodes, weights } = gaussHermite(n);
      let double = 1;
      for (let k = 0; k <= 5; k++) {
        let m = 0;
        for (let i = 0; i < n; i++) m += weights[i] * nodes[i] ** (2 * k);
        expect(rel(m, double)).toBeLessThan(1e-13);
        double *= 2 * k + 1;
      }
    }
    expect(() => gaussHermite(500)).toThrow(RangeError);
  });
  it('Gauss-Legendre integrates x^(2n-1) and x^(2n-2) exactly', () => {
    const { nodes, weights } = gaussLegendre(10);
    let s = 0;
    for (let i = 0; i < 10; i++) s += weights[i] * nodes[i] ** 18;
    expect(rel(s, 2 / 19)).toBeLessThan(1e-14);
  });
});

describe('one-input Gaussian expectations against closed forms (1e-10 relative)', () => {
  const Ks = [1e-6, 0.01, 0.3, 1, 2.5, 10, 1e3, 1e5];
  it('Wick: E z^2 = K, E z^4 = 3 K^2, E z^6 = 15 K^3', () => {
    for (const K of Ks) {
      const [m2, m4, m6] = gaussianExpectations([(z) => z * z, (z) => z ** 4, (z) => z ** 6], K);
      expect(rel(m2, K)).toBeLessThan(1e-12);
      expect(rel(m4, 3 * K * K)).toBeLessThan(1e-12);
      expect(rel(m6, 15 * K ** 3)).toBeLessThan(1e-12);
    }
  });
  it('linear, ReLU, leaky ReLU: <s^2>, <s^4>, <s sigma^2 (z^2-K)>/(2K^2), <s^2> by quadrature', () => {
    for (const [act, a] of [
      [makeActivation('linear'), 1],
      [makeActivation('relu'), 0],
      [makeActivation('leaky-relu', 0.2), 0.2],
    ] as const) {
      for (const K of Ks) {
        const m = singleMomentsByQuadrature(act, K);
        const a2 = (1 + a * a) / 2;
        expect(rel(m.s2, a2 * K)).toBeLessThan(1e-10);
        expect(rel(m.s4, 1.5 * (1 + a ** 4) * K * K)).toBeLessThan(1e-10);
        expect(rel(m.ds2, a2)).toBeLessThan(1e-10);
        expect(rel(m.dd, a2)).toBeLessThan(1e-10);
      }
    }
  });
  it("erf: <erf^2> = (2/pi) asin(2K/(1+2K)), <erf'^2> = (4/pi)/sqrt(1+4K)", () => {
    const act = makeActivation('erf');
    for (const K of Ks) {
      const m = singleMomentsByQuadrature(act, K);
      expect(rel(m.s2, (2 / Math.PI) * Math.asin((2 * K) / (1 + 2 * K)))).toBeLessThan(1e-10);
      expect(rel(m.dd, 4 / Math.PI / Math.sqrt(1 + 4 * K))).toBeLessThan(1e-10);
      expect(rel(m.ds2, 4 / Math.PI / ((1 + 2 * K) * Math.sqrt(1 + 4 * K)))).toBeLessThan(1e-10);
    }
  });
  it('<tanh^2>, <tanh^4>, <sin^2> against the trapezoid oracle and a closed form', () => {
    for (const K of [1e-3, 0.1, 0.5, 1, 3, 10, 100]) {
      const t2 = gaussianExpectation((z) => Math.tanh(z) ** 2, K);
      expect(
        rel(
          t2,
          trapezoid((z) => Math.tanh(z) ** 2, K, Math.min(0.01, 0.5 / Math.sqrt(K))),
        ),
      ).toBeLessThan(1e-10);
      const t4 = gaussianExpectation((z) => Math.tanh(z) ** 4, K, { smooth: true });
      expect(
        rel(
          t4,
          trapezoid((z) => Math.tanh(z) ** 4, K, Math.min(0.01, 0.5 / Math.sqrt(K))),
        ),
      ).toBeLessThan(1e-10);
      // <sin^2>_K = (1 - e^{-2K}) / 2
      expect(
        rel(
          gaussianExpectation((z) => Math.sin(z) ** 2, K, { smooth: true }),
          (1 - Math.exp(-2 * K)) / 2,
        ),
      ).toBeLessThan(1e-10);
    }
  });
  it('step-like integrands at huge K (where plain Gauss-Hermite fails) stay accurate', () => {
    // E erf(z)^2 for K = 1e6: Gauss-Hermite of order 100 is visibly off, the adaptive rule is not.
    const K = 1e6;
    const exact = (2 / Math.PI) * Math.asin((2 * K) / (1 + 2 * K));
    expect(
      rel(
        gaussianExpectation((z) => erf(z) ** 2, K),
        exact,
      ),
    ).toBeLessThan(1e-10);
    expect(
      rel(
        gaussHermiteExpectation((z) => erf(z) ** 2, K, 100),
        exact,
      ),
    ).toBeGreaterThan(1e-6);
    // E 1{z > 1} = Phi(-1/sqrt K): a jump away from the origin, declared as a point.
    const K2 = 0.04;
    expect(
      rel(
        gaussianExpectation((z) => (z > 1 ? 1 : 0), K2, { points: [1] }),
        0.5 * (1 - erf(5 / Math.SQRT2)),
      ),
    ).toBeLessThan(1e-10);
  });
  it('a shifted mean: E (mu + z)^2 = mu^2 + K, E relu(mu + z) = mu Phi(mu/s) + s phi(mu/s)', () => {
    const K = 0.7;
    const mu = -0.4;
    const s = Math.sqrt(K);
    expect(
      rel(
        gaussianExpectation((z) => z * z, K, { mean: mu }),
        mu * mu + K,
      ),
    ).toBeLessThan(1e-12);
    const t = mu / s;
    const exact =
      mu * 0.5 * (1 + erf(t / Math.SQRT2)) + (s * Math.exp(-0.5 * t * t)) / Math.sqrt(2 * Math.PI);
    expect(
      rel(
        gaussianExpectation((z) => Math.max(z, 0), K, { mean: mu, points: [0] }),
        exact,
      ),
    ).toBeLessThan(1e-12);
  });
});

describe('two-input Gaussian expectations', () => {
  it('4-point Wick identities: E[u^2 v^2] = Kaa Kbb + 2 Kab^2, E[u^3 v] = 3 Kaa Kab', () => {
    for (const [kaa, kab, kbb] of [
      [1, 0.3, 2],
      [0.5, -0.49, 0.5],
      [3, 2.999999, 3],
      [1, 0, 1],
    ]) {
      const [m22, m31] = gaussianPairExpectations(
        [
          [(u) => u * u, (v) => v * v],
          [(u) => u ** 3, (v) => v],
        ],
        kaa,
        kab,
        kbb,
      );
      expect(rel(m22, kaa * kbb + 2 * kab * kab)).toBeLessThan(1e-10);
      // Relative to the natural scale sqrt(E u^6 E v^2) (the value itself is 0 when kab = 0).
      expect(Math.abs(m31 - 3 * kaa * kab)).toBeLessThan(1e-10 * Math.sqrt(15 * kaa ** 3 * kbb));
    }
  });
  it('ReLU arc-cosine kernel and <step step> = (pi - t)/(2 pi), including c near +-1', () => {
    const relu = makeActivation('relu');
    for (const K of [0.2, 1, 7]) {
      for (const c of [-0.999999, -0.7, 0, 0.4, 0.9, 0.99999, 1]) {
        const m = pairMomentsByQuadrature(relu, K, c * K, K);
        const t = Math.acos(c);
        // Absolute, on the kernel's scale K/2: near c = -1 the value ~1e-10 K comes from a
        // cancelling closed form, which is the less accurate of the two there.
        expect(Math.abs(m.ss - (K / (2 * Math.PI)) * (Math.sin(t) + (Math.PI - t) * c))).toBeLessThan(
          1e-10 * (K / 2),
        );
        expect(Math.abs(m.dd - (Math.PI - t) / (2 * Math.PI))).toBeLessThan(1e-10);
      }
    }
  });
  it('arc-cosine with unequal variances', () => {
    const relu = makeActivation('relu');
    const [kaa, kab, kbb] = [0.5, 0.6, 2];
    const c = kab / Math.sqrt(kaa * kbb);
    const t = Math.acos(c);
    const exact = (Math.sqrt(kaa * kbb) / (2 * Math.PI)) * (Math.sin(t) + (Math.PI - t) * c);
    expect(rel(pairMomentsByQuadrature(relu, kaa, kab, kbb).ss, exact)).toBeLessThan(1e-10);
  });
  it('erf: E[erf(u) erf(v)] = (2/pi) asin(2 Kab / sqrt((1+2Kaa)(1+2Kbb)))', () => {
    const act = makeActivation('erf');
    for (const [kaa, kab, kbb] of [
      [1, 0.5, 1],
      [0.3, -0.2, 2],
      [5, 4.99999, 5],
    ]) {
      const exact = (2 / Math.PI) * Math.asin((2 * kab) / Math.sqrt((1 + 2 * kaa) * (1 + 2 * kbb)));
      expect(rel(pairMomentsByQuadrature(act, kaa, kab, kbb).ss, exact)).toBeLessThan(1e-10);
    }
  });
  it('tanh pair at c -> 1 tends to <tanh^2>; the fast Gauss-Hermite rule is within its stated accuracy', () => {
    const K = 0.8;
    const t2 = gaussianExpectation((z) => Math.tanh(z) ** 2, K);
    expect(rel(gaussianPairExpectation(Math.tanh, Math.tanh, K, K, K), t2)).toBeLessThan(1e-12);
    expect(rel(gaussianPairExpectation(Math.tanh, Math.tanh, K, K * (1 - 1e-12), K), t2)).toBeLessThan(1e-10);
    for (const c of [0.2, 0.7, 0.95]) {
      const acc = gaussianPairExpectation(Math.tanh, Math.tanh, K, c * K, K, { pointsU: [0], pointsV: [0] });
      const smooth = gaussianPairExpectation(Math.tanh, Math.tanh, K, c * K, K, { smooth: true });
      expect(rel(smooth, acc)).toBeLessThan(1e-10);
      // Fast path (documented: about 1e-5 relative for tanh at K ~ 1, order 32).
      expect(rel(gaussHermitePairExpectation(Math.tanh, Math.tanh, K, c * K, K, 32), acc)).toBeLessThan(3e-5);
    }
  });
  it('the fast two-input rule is cheap enough for a 100 x 100 x 50 phase diagram (a fixed order^2 evaluations per call)', () => {
    // Cost in evaluations, not seconds: a tensor rule of order m evaluates f and g at m^2
    // points, whatever the correlation; an adaptive or nested rule would take many more.
    const order = 20;
    let evaluations = 0;
    const tanh = (x: number) => (evaluations++, Math.tanh(x));
    const calls = 200;
    let s = 0;
    for (let i = 0; i < calls; i++)
      s += gaussHermitePairExpectation(tanh, tanh, 1, (i % 100) / 100, 1, order);
    expect(Number.isFinite(s)).toBe(true);
    expect(evaluations / calls).toBeLessThanOrEqual(2 * order * order);
  });
});
