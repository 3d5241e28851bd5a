import { describe, expect, it } from 'vitest';
import { erf, erfc, normalCdf } from '../../../src/theory/special.ts';

// Independent oracle: the everywhere-positive series erf(x) = (2/sqrt pi) e^{-x^2} sum 2^k x^{2k+1}/(2k+1)!!
// (no cancellation) for |x| < 3, and the continued fraction for erfc beyond (Lentz).
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let k = 1; k < 400; k++) {
    term *= (2 * x2) / (2 * k + 1);
    sum += term;
    if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
  }
  return 1.1283791670955126 * Math.exp(-x2) * sum;
}
function erfcFraction(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 2000; k++) {
    const a = k / 2;
    d = x + a * d;
    d = d === 0 ? tiny : d;
    c = x + a / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (Math.sqrt(Math.PI) * f);
}

describe('erf (Cody rational approximations)', () => {
  it('matches the series oracle to a few ulps on [-3, 3]', () => {
    let worst = 0;
    for (let i = -3000; i <= 3000; i++) {
      const x = i / 1000;
      const ref = erfSeries(x);
      if (ref === 0) {
        expect(erf(x)).toBe(0);
        continue;
      }
      worst = Math.max(worst, Math.abs(erf(x) - ref) / Math.abs(ref));
    }
    expect(worst).toBeLessThan(4e-15);
  });

  it('erfc matches the continued fraction in the tail to 1e-14 relative', () => {
    for (let x = 3; x <= 26; x += 0.0625) {
      expect(Math.abs(erfc(x) / erfcFraction(x) - 1)).toBeLessThan(1e-14);
    }
  });

  it('erfc for small and negative arguments, symmetry, special values', () => {
    for (let x = -3; x <= 3; x += 0.01) {
      expect(Math.abs(erfc(x) - (1 - erfSeries(x)))).toBeLessThan(2e-15); // 4 ulp of values up to 2
      expect(erf(-x)).toBe(-erf(x));
    }
    expect(erf(0)).toBe(0);
    expect(erf(1)).toBeCloseTo(0.8427007929497149, 15);
    expect(Math.abs(erfc(5) / 1.5374597944280349e-12 - 1)).toBeLessThan(1e-14);
    expect(erf(Infinity)).toBe(1);
    expect(erf(-Infinity)).toBe(-1);
    expect(erfc(40)).toBe(0);
    expect(Number.isNaN(erf(NaN))).toBe(true);
    expect(Number.isNaN(erfc(NaN))).toBe(true);
  });

  it('normalCdf: Phi(0) = 1/2, Phi(x) + Phi(-x) = 1, Phi(1.959963984540054) = 0.975', () => {
    expect(normalCdf(0)).toBe(0.5);
    for (const x of [0.1, 1, 2.5, 6]) expect(normalCdf(x) + normalCdf(-x)).toBeCloseTo(1, 15);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 15);
  });
});
