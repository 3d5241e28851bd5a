/**
 * The exact cumulants of the nearly-Gaussian sums (theory/iid-sums.ts), each against a route
 * that does not share its formula: the closed forms (Bernoulli numbers, (r-1)!, -2 and 16)
 * against moments integrated directly by quadrature; the ReLU unit's moment formula against
 * two Gaussian integrals; the n^{1-r/2} law against the coin's exact binomial distribution of
 * S_n; and the Edgeworth density's normalization and fourth moment.
 */
import { describe, expect, it } from 'vitest';
import {
  SUM_DISTRIBUTIONS,
  bernoulliFractions,
  bernoulliNumbers,
  binomial,
  cumulantSlope,
  cumulantsToMoments,
  edgeworthDensity,
  exactCumulant,
  exactMoments,
  momentsToCumulants,
  sumCumulant,
} from '../../../src/theory/iid-sums.ts';
import { gaussianExpectation, gaussLegendre } from '../../../src/theory/quadrature.ts';
import { exactKurtosisProduct, scaleInvariantNu } from '../../../src/theory/exact.ts';
import { makeActivation } from '../../../src/theory/activations.ts';

const close = (a: number, b: number, rel = 1e-12) =>
  expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(b)));

/** int_a^b f by an n-point Gauss-Legendre rule. */
function legendre(f: (x: number) => number, a: number, b: number, n = 200): number {
  const { nodes, weights } = gaussLegendre(n);
  let s = 0;
  for (let i = 0; i < n; i++) s += weights[i] * f(0.5 * (b - a) * nodes[i] + 0.5 * (a + b));
  return 0.5 * (b - a) * s;
}

describe('moments and cumulants', () => {
  it('Bernoulli numbers B_0..B_12, exact fractions', () => {
    expect(bernoulliFractions(12)[12]).toEqual([-691n, 2730n]);
    expect(bernoulliFractions(6)[6]).toEqual([1n, 42n]);
    const b = bernoulliNumbers(12);
    const want = [1, -1 / 2, 1 / 6, 0, -1 / 30, 0, 1 / 42, 0, -1 / 30, 0, 5 / 66, 0, -691 / 2730];
    want.forEach((w, i) => close(b[i], w, 1e-13));
  });

  it('moments -> cumulants -> moments is the identity; a Gaussian has no cumulant past the second', () => {
    // N(0, 1): moments (r-1)!! for even r.
    const gauss = Array.from({ length: 13 }, (_, r) =>
      r % 2 ? 0 : Array.from({ length: r / 2 }, (_, i) => 2 * i + 1).reduce((p, v) => p * v, 1),
    );
    const k = momentsToCumulants(gauss);
    expect(k[2]).toBe(1);
    for (let r = 3; r <= 12; r++) close(k[r], 0);
    for (const d of SUM_DISTRIBUTIONS) {
      const mu = exactMoments(d);
      cumulantsToMoments(momentsToCumulants(mu)).forEach((m, r) => close(m, mu[r], 1e-12));
    }
  });

  it('every X is standardized: mean 0, variance 1', () => {
    for (const d of SUM_DISTRIBUTIONS) {
      const mu = exactMoments(d, 2);
      expect(mu).toEqual([1, 0, 1]);
    }
  });
});

describe('the exact cumulants of each X', () => {
  it('uniform on [-sqrt 3, sqrt 3]: moments by quadrature, cumulants 12^{r/2} B_r / r (-6/5, 48/7)', () => {
    const a = Math.sqrt(3);
    const mu = Array.from({ length: 13 }, (_, r) => legendre((x) => x ** r / (2 * a), -a, a, 20));
    exactMoments('uniform').forEach((m, r) => close(m, mu[r], 1e-13));
    const k = momentsToCumulants(mu);
    expect(exactCumulant('uniform', 4)).toBe(-6 / 5);
    expect(exactCumulant('uniform', 6)).toBe(48 / 7);
    for (let r = 3; r <= 12; r++) close(exactCumulant('uniform', r), k[r], 1e-10);
  });

  it('the +-1 coin: kappa_4 = -2, kappa_6 = 16, kappa_8 = -272 (log cosh t)', () => {
    const k = momentsToCumulants(Array.from({ length: 13 }, (_, r) => (r % 2 ? 0 : 1)));
    // Exact to the last bit (the Bernoulli numbers are exact fractions).
    expect(exactCumulant('coin', 4)).toBe(-2);
    expect(exactCumulant('coin', 6)).toBe(16);
    expect(exactCumulant('coin', 8)).toBe(-272);
    for (let r = 3; r <= 12; r++) close(exactCumulant('coin', r), k[r], 1e-10);
  });

  it('the centered exponential: moments by quadrature of e^{-x}, cumulants (r-1)!', () => {
    const mu = Array.from({ length: 13 }, (_, r) =>
      legendre((x) => (x - 1) ** r * Math.exp(-x), 0, 120, 400),
    );
    exactMoments('exponential').forEach((m, r) => close(m, mu[r], 1e-9));
    // The derangement numbers !r.
    expect(exactMoments('exponential', 6)).toEqual([1, 0, 1, 2, 9, 44, 265]);
    const k = momentsToCumulants(mu);
    for (let r = 2; r <= 12; r++) {
      const f = Array.from({ length: r - 1 }, (_, i) => i + 1).reduce((p, v) => p * v, 1);
      expect(exactCumulant('exponential', r)).toBe(f);
      close(k[r], f, 1e-8);
    }
  });

  it('the ReLU unit sqrt 2 w relu(u): moments E w^{2m} E relu(u)^{2m} by Gaussian quadrature; kappa_4 = 15, kappa_6 = 660', () => {
    const mu = exactMoments('relu-unit');
    for (let m = 1; m <= 6; m++) {
      const w = gaussianExpectation((z) => z ** (2 * m), 1, { smooth: true });
      const relu = gaussianExpectation((z) => Math.max(0, z) ** (2 * m), 1);
      close(mu[2 * m], 2 ** m * w * relu, 1e-10);
      expect(mu[2 * m - 1]).toBe(0);
    }
    expect(exactCumulant('relu-unit', 4)).toBe(15);
    expect(exactCumulant('relu-unit', 6)).toBe(660);
    expect(exactCumulant('relu-unit', 3)).toBe(0);
  });

  it('a wrong closed form would fail: the coin and the uniform differ at every order they are tested', () => {
    expect(Math.abs(exactCumulant('coin', 4) - exactCumulant('uniform', 4))).toBeGreaterThan(0.5);
    expect(Math.abs(exactCumulant('coin', 6) - exactCumulant('uniform', 6))).toBeGreaterThan(5);
  });
});

describe('cumulants of the sum S_n', () => {
  it('kappa_r(S_n) = n^{1-r/2} kappa_r(X): the coin against the exact binomial law of S_n', () => {
    for (const n of [1, 2, 4, 16, 64]) {
      // S_n = (2B - n)/sqrt n, B ~ Binomial(n, 1/2).
      const mu = Array.from({ length: 9 }, (_, r) => {
        let s = 0;
        for (let b = 0; b <= n; b++) s += (binomial(n, b) / 2 ** n) * ((2 * b - n) / Math.sqrt(n)) ** r;
        return s;
      });
      const k = momentsToCumulants(mu);
      for (const r of [4, 6, 8]) close(k[r], sumCumulant('coin', r, n), 1e-9);
      // And not the other power of n: at n = 4 the law's kappa_4 is -1/2, not -1/4 or -1.
      if (n === 4) {
        expect(sumCumulant('coin', 4, n)).toBe(-0.5);
        expect(Math.abs(k[4] + 0.25)).toBeGreaterThan(0.2);
      }
    }
  });

  it('the uniform at n = 2 (a triangle on [-sqrt 6, sqrt 6]) by quadrature', () => {
    const c = Math.sqrt(6);
    // Density of (U1 + U2)/sqrt 2: (c - |x|)/c^2 on [-c, c].
    const mu = Array.from(
      { length: 7 },
      (_, r) => legendre((x) => (x ** r * (c - x)) / (c * c), 0, c, 20) * (r % 2 ? 0 : 2),
    );
    const k = momentsToCumulants(mu);
    close(k[4], sumCumulant('uniform', 4, 2), 1e-12);
    close(k[6], sumCumulant('uniform', 6, 2), 1e-12);
  });

  it('slopes on log-log axes: -1/2 for kappa_3, -1 for kappa_4, -2 for kappa_6', () => {
    expect([3, 4, 6].map(cumulantSlope)).toEqual([-0.5, -1, -2]);
    close(sumCumulant('exponential', 4, 64) / sumCumulant('exponential', 4, 32), 0.5);
    close(sumCumulant('exponential', 6, 64) / sumCumulant('exponential', 6, 32), 0.25);
  });
});

describe('the Edgeworth density', () => {
  it('integrates to 1 and has the cumulants it was given (a wrong k4 would show in the fourth)', () => {
    for (const [k3, k4] of [
      [0, 0.3],
      [0.5, 0.4],
      [0, -0.2],
    ]) {
      const m = (r: number) => legendre((x) => x ** r * edgeworthDensity(x, k3, k4), -14, 14, 300);
      close(m(0), 1, 1e-12);
      close(m(1), 0, 1e-12);
      close(m(2), 1, 1e-12);
      close(m(3), k3, 1e-12);
      // The He6 term is orthogonal to x^r for r < 6: it leaves moments 0..5 alone.
      const k = momentsToCumulants([1, m(1), m(2), m(3), m(4)]);
      close(k[4], k4, 1e-10);
    }
  });
});

describe('the link to a network', () => {
  it("the ReLU unit's kappa_4(S_n) = 15/n is a depth-2 ReLU network's exact output kurtosis 3 nu / n (theory/exact.ts)", () => {
    const nu = scaleInvariantNu(makeActivation('relu'))!;
    for (const n of [1, 4, 64, 4096])
      close(sumCumulant('relu-unit', 4, n), exactKurtosisProduct(nu, [n]), 1e-12);
    // Not the leaky ReLU's: a different X would not match.
    const leaky = scaleInvariantNu(makeActivation('leaky-relu'))!;
    expect(Math.abs(exactKurtosisProduct(leaky, [4]) - sumCumulant('relu-unit', 4, 4))).toBeGreaterThan(0.05);
  });
});
