import { describe, expect, it } from 'vitest';
import { digamma, trigamma } from '../../../src/theory/special.ts';
import { logNormLaw } from '../../../src/theory/log-norm.ts';
import { makeActivation } from '../../../src/theory/activations.ts';
import { kernelMatrixSequence } from '../../../src/theory/kernels.ts';
import { theoryReport } from '../../../src/theory/report.ts';

const EULER = 0.5772156649015329;

describe('digamma and trigamma', () => {
  it('closed forms at 1/2, 1, 3/2 and the recurrences', () => {
    expect(digamma(1)).toBeCloseTo(-EULER, 14);
    expect(digamma(0.5)).toBeCloseTo(-EULER - 2 * Math.LN2, 14);
    expect(digamma(1.5)).toBeCloseTo(2 - EULER - 2 * Math.LN2, 14);
    expect(trigamma(1)).toBeCloseTo(Math.PI ** 2 / 6, 14);
    expect(trigamma(0.5)).toBeCloseTo(Math.PI ** 2 / 2, 13);
    for (const x of [0.3, 2.7, 9.9, 10.1, 55, 1e4]) {
      expect(digamma(x + 1) - digamma(x)).toBeCloseTo(1 / x, 13);
      expect((trigamma(x) - trigamma(x + 1)) * x * x).toBeCloseTo(1, 11);
    }
    // Large x: psi(x) ~ ln x - 1/(2x).
    expect(digamma(1e8) - Math.log(1e8) + 0.5e-8).toBeCloseTo(0, 15);
    expect(Number.isNaN(digamma(-1))).toBe(true);
  });
});

/** E and Var of log chi2_B with B ~ Binomial(n, q) conditioned on B >= 1, by brute force. */
function bruteLogChi2(n: number, q: number): { mean: number; variance: number } {
  let choose = 1;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let st = 0;
  for (let b = 1; b <= n; b++) {
    choose = (choose * (n - b + 1)) / b;
    const p = choose * q ** b * (1 - q) ** (n - b);
    const m = digamma(b / 2) + Math.LN2;
    s0 += p;
    s1 += p * m;
    s2 += p * m * m;
    st += p * trigamma(b / 2);
  }
  const mean = s1 / s0;
  return { mean, variance: s2 / s0 - mean * mean + st / s0 };
}

describe('logNormLaw: log(|z_l|^2/n_l) for ReLU / linear, no bias', () => {
  it('adds up the layer terms (brute-force binomial sums, small widths)', () => {
    const widths = [6, 9];
    const cw = 2.5;
    const q0 = 0.7;
    const relu = logNormLaw(makeActivation('relu'), cw, 0, q0, widths)!;
    const t1 = bruteLogChi2(6, 0.5);
    const t2 = bruteLogChi2(9, 0.5);
    const chi = (n: number) => digamma(n / 2) + Math.LN2 - Math.log(n);
    expect(relu.mean[0]).toBeCloseTo(Math.log(cw * q0) + chi(6), 13);
    expect(relu.variance[0]).toBeCloseTo(trigamma(3), 13);
    expect(relu.mean[1]).toBeCloseTo(Math.log(cw * q0) + Math.log(cw / 6) + t1.mean + chi(9), 12);
    expect(relu.variance[1]).toBeCloseTo(t1.variance + trigamma(4.5), 12);
    expect(relu.mean[2]).toBeCloseTo(
      Math.log(cw * q0) + Math.log(cw / 6) + t1.mean + Math.log(cw / 9) + t2.mean + chi(1),
      12,
    );
    expect(relu.variance[2]).toBeCloseTo(t1.variance + t2.variance + Math.PI ** 2 / 2, 12);
    expect(relu.deadProbability[2]).toBeCloseTo(1 - (1 - 2 ** -6) * (1 - 2 ** -9), 15);
    // Dropout p: B ~ Bin(n, (1-p)/2) and the factor 1/(1-p)^2.
    const d = logNormLaw(makeActivation('relu'), cw, 0, q0, [6], 0.3)!;
    const td = bruteLogChi2(6, 0.35);
    expect(d.mean[1]).toBeCloseTo(Math.log(cw * q0) + Math.log(cw / (6 * 0.49)) + td.mean + chi(1), 12);
  });

  it('linear: no binomial, and the mean of the log falls below log of the mean (Jensen) by a computable amount', () => {
    const law = logNormLaw(makeActivation('linear'), 1, 0, 1, [4, 4, 4])!;
    const chi = (n: number) => digamma(n / 2) + Math.LN2 - Math.log(n);
    expect(law.mean[3]).toBeCloseTo(3 * chi(4) + chi(1), 13);
    expect(law.variance[3]).toBeCloseTo(3 * trigamma(2) + trigamma(0.5), 13);
    expect(law.deadProbability[3]).toBe(0);
  });

  it('is null where it is not exact', () => {
    expect(logNormLaw(makeActivation('tanh'), 1, 0, 1, [4])).toBeNull();
    expect(logNormLaw(makeActivation('relu'), 2, 0.1, 1, [4])).toBeNull();
    expect(logNormLaw(makeActivation('relu'), 2, 0, 1, [4], 0, 'layer')).toBeNull();
  });

  it('wide layers: finite (the binomial walk stays near the mode; timed in bench/theory-bench.ts)', () => {
    const law = logNormLaw(makeActivation('relu'), 2, 0, 1, new Array(1000).fill(1 << 20))!;
    // Each ReLU layer lowers E log by about 1/n + 1/n... (Var log M ~ 5/n): small at n = 2^20.
    expect(
      Math.abs(law.mean[999] - (Math.log(2) + digamma(2 ** 19) + Math.LN2 - Math.log(2 ** 20))),
    ).toBeLessThan(1e-2);
    expect(law.variance[999]).toBeCloseTo((999 * 5) / 2 ** 20 + 2 / 2 ** 20, 4);
  });
});

describe('batch norm over two inputs: exact kernel', () => {
  it('ReLU: K = C_b + C_W/2 on the diagonal and C_b off it after the first layer; the report gives c_l', () => {
    const relu = makeActivation('relu');
    const K = kernelMatrixSequence(
      relu,
      [
        [1, 0.4],
        [0.4, 1],
      ],
      4,
      { cw: 3, cb: 0.2, normalization: 'batch' },
    );
    expect(K[0][0][1]).toBeCloseTo(0.2 + 3 * 0.4, 14);
    for (const m of K.slice(1)) {
      expect(m[0][0]).toBeCloseTo(0.2 + 1.5, 14);
      expect(m[0][1]).toBeCloseTo(0.2, 14);
    }
    const r = theoryReport({
      activation: relu,
      hiddenWidths: [8, 8, 8],
      cw: 3,
      cb: 0.2,
      inputGram: [
        [1, 0.4],
        [0.4, 1],
      ],
      normalization: 'batch',
      dropout: 0,
    });
    expect(r.layers[2].K).toBeCloseTo(1.7, 14);
    expect(r.layers[2].correlation as number).toBeCloseTo(0.2 / 1.7, 14);
    expect(r.warning).toMatch(/batch norm/);
    expect(Number.isNaN(r.layers[1].chiPerp)).toBe(true);
    // One input: no batch norm theory (NaN), not an exception.
    const one = theoryReport({
      activation: relu,
      hiddenWidths: [8],
      cw: 2,
      cb: 0,
      inputGram: [[1]],
      normalization: 'batch',
      dropout: 0,
    });
    expect(Number.isNaN(one.output.K)).toBe(true);
  });
});
