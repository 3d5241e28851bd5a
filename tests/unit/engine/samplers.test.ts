import { describe, expect, it } from 'vitest';
import { CounterStream } from '../../../src/random/normals.ts';
import { Purpose } from '../../../src/random/address.ts';
import { binomial, chiSquare, gamma } from '../../../src/random/samplers.ts';
import { erf } from '../../../src/theory/special.ts';
import { ksOneSample, meanEstimate, varianceEstimate, zScore } from './helpers.ts';

const stream = (layer: number) => new CounterStream(7, 3, Purpose.Shortcut, layer);

/** Exact binomial CDF on the reals (floor), summing the pmf in float64 by its ratio recursion in log space. */
function binomialCdf(n: number, p: number): (x: number) => number {
  const logPmf: number[] = [];
  let lf = n * Math.log1p(-p);
  for (let k = 0; k <= n; k++) {
    logPmf.push(lf);
    lf += Math.log((n - k) / (k + 1)) + Math.log(p / (1 - p));
  }
  const cum: number[] = [];
  let s = 0;
  for (const l of logPmf) cum.push((s += Math.exp(l)));
  return (x) => (x < 0 ? 0 : x >= n ? 1 : cum[Math.floor(x)]);
}

// KS critical value at alpha ~ 0.001 (conservative for discrete distributions).
const ksCritical = (count: number) => 1.95 / Math.sqrt(count);

describe('binomial', () => {
  const cases: [number, number][] = [
    [20, 0.3], // inversion
    [1000, 0.004], // inversion, large n
    [200, 0.3], // BTRS
    [50, 0.8], // reflected, BTRS at n(1-p) = 10
    [60, 0.5], // BTRS, symmetric
    [7, 0.95], // reflected inversion
  ];
  it.each(cases)('n = %d, p = %d matches the exact CDF (KS) and moments', (n, p) => {
    const s = stream(n);
    const count = 20_000;
    const xs = new Float64Array(count);
    for (let i = 0; i < count; i++) xs[i] = binomial(s, n, p);
    for (const x of xs) {
      expect(Number.isInteger(x) && x >= 0 && x <= n).toBe(true);
    }
    expect(ksOneSample(xs, binomialCdf(n, p))).toBeLessThan(ksCritical(count));
    expect(zScore(meanEstimate(xs), n * p)).toBeLessThan(4);
    expect(zScore(varianceEstimate(xs), n * p * (1 - p))).toBeLessThan(4);
  });

  it.each([
    [2 ** 24, 0.5],
    [2 ** 24, 0.25],
    [2 ** 24, 1e-6],
    [2 ** 24 - 3, 0.999],
  ])('n = %d, p = %d: mean and variance within 4 SE', (n, p) => {
    const s = stream(99);
    const count = 20_000;
    const xs = new Float64Array(count);
    for (let i = 0; i < count; i++) xs[i] = binomial(s, n, p);
    expect(zScore(meanEstimate(xs), n * p)).toBeLessThan(4);
    expect(zScore(varianceEstimate(xs), n * p * (1 - p))).toBeLessThan(4);
  });

  it('handles the degenerate cases and rejects bad arguments', () => {
    const s = stream(1);
    expect(binomial(s, 0, 0.5)).toBe(0);
    expect(binomial(s, 10, 0)).toBe(0);
    expect(binomial(s, 10, 1)).toBe(10);
    expect(() => binomial(s, 2.5, 0.5)).toThrow(RangeError);
    expect(() => binomial(s, 10, 1.5)).toThrow(RangeError);
  });
});

describe('gamma and chi-square', () => {
  it.each([0.3, 1, 2.5, 37, 1e4, 2 ** 23])(
    'gamma(%d): mean and variance equal the shape within 4 SE',
    (shape) => {
      const s = stream(1000);
      const count = 20_000;
      const xs = new Float64Array(count);
      for (let i = 0; i < count; i++) xs[i] = gamma(s, shape);
      expect(xs.every((x) => x > 0)).toBe(true);
      expect(zScore(meanEstimate(xs), shape)).toBeLessThan(4);
      expect(zScore(varianceEstimate(xs), shape)).toBeLessThan(4);
    },
  );

  it('chi-square with 1 and 2 degrees of freedom matches the exact CDF (KS)', () => {
    const count = 20_000;
    const s = stream(2000);
    const one = Float64Array.from({ length: count }, () => chiSquare(s, 1));
    const two = Float64Array.from({ length: count }, () => chiSquare(s, 2));
    expect(ksOneSample(one, (x) => (x <= 0 ? 0 : erf(Math.sqrt(x / 2))))).toBeLessThan(ksCritical(count));
    expect(ksOneSample(two, (x) => (x <= 0 ? 0 : 1 - Math.exp(-x / 2)))).toBeLessThan(ksCritical(count));
    // And the other way round: the samples of one must not fit the other's CDF.
    expect(ksOneSample(one, (x) => (x <= 0 ? 0 : 1 - Math.exp(-x / 2)))).toBeGreaterThan(ksCritical(count));
  });

  it('chi-square(0) is 0 and chi-square(n) has mean n and variance 2n', () => {
    const s = stream(3000);
    expect(chiSquare(s, 0)).toBe(0);
    const xs = Float64Array.from({ length: 20_000 }, () => chiSquare(s, 64));
    expect(zScore(meanEstimate(xs), 64)).toBeLessThan(4);
    expect(zScore(varianceEstimate(xs), 128)).toBeLessThan(4);
  });

  it('is deterministic given the stream address', () => {
    const a = stream(5);
    const b = stream(5);
    for (let i = 0; i < 100; i++)
      expect(binomial(a, 500, 0.4) + gamma(a, 0.7)).toBe(binomial(b, 500, 0.4) + gamma(b, 0.7));
  });
});
