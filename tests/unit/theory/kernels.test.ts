import { describe, expect, it } from 'vitest';
import { makeActivation } from '../../../src/theory/activations.ts';
import { ntkMatrixSequence, ntkSequence } from '../../../src/theory/ntk.ts';
import {
  kernelMatrixSequence,
  kernelSequence,
  nextKernel,
  correlationOf,
} from '../../../src/theory/kernels.ts';
import {
  pairMoments,
  pairMomentsByQuadrature,
  singleMoments,
  singleMomentsByQuadrature,
} from '../../../src/theory/moments.ts';

describe('kernel recursions', () => {
  it('ReLU: K_{l+1} = C_b + C_W K_l / 2; linear: K_{l+1} = C_b + C_W K_l', () => {
    const K = kernelSequence(makeActivation('relu'), 1.5, 5, { cw: 1.8, cb: 0.2 });
    expect(K[0]).toBeCloseTo(0.2 + 1.8 * 1.5, 15);
    for (let l = 1; l < 5; l++) expect(K[l]).toBeCloseTo(0.2 + 0.9 * K[l - 1], 14);
  });
  it('dropout multiplies every second moment (diagonal and off-diagonal) by 1/(1-p)', () => {
    const act = makeActivation('tanh');
    const p = 0.4;
    const gram = [
      [1, 0.6],
      [0.6, 1.4],
    ];
    const withDrop = kernelMatrixSequence(act, gram, 3, { cw: 1.2, cb: 0.1, dropout: p });
    // Layer 2 from the same layer-1 kernel (layer 1 does not see dropout).
    const K1 = kernelMatrixSequence(act, gram, 1, { cw: 1.2, cb: 0.1 })[0];
    expect(withDrop[0]).toEqual(K1);
    const direct = [
      [
        0.1 + (1.2 / (1 - p)) * singleMoments(act, K1[0][0]).s2,
        0.1 + (1.2 / (1 - p)) * pairMoments(act, K1[0][0], K1[0][1], K1[1][1]).ss,
      ],
    ];
    expect(withDrop[1][0][0]).toBeCloseTo(direct[0][0], 13);
    expect(withDrop[1][0][1]).toBeCloseTo(direct[0][1], 13);
  });
  it('normalization: sigma sees unit variance and the same correlation', () => {
    const act = makeActivation('relu');
    const o = { cw: 2, cb: 0.5, normalization: 'rms' as const };
    expect(nextKernel(act, 37, o)).toBeCloseTo(0.5 + 2 * 0.5, 14);
    const seq = kernelMatrixSequence(
      act,
      [
        [4, 1],
        [1, 9],
      ],
      2,
      o,
    );
    const c = correlationOf(seq[0]);
    const t = Math.acos(c);
    expect(seq[1][0][1]).toBeCloseTo(0.5 + (2 / (2 * Math.PI)) * (Math.sin(t) + (Math.PI - t) * c), 13);
    expect(seq[1][1][1]).toBeCloseTo(1.5, 14);
  });
  it('normalization of a preactivation that is exactly 0 (zero input, no bias) leaves 0: sigma(0), and a zero NTK row', () => {
    const o = { cw: 2, cb: 0, normalization: 'layer' as const };
    const gram = [
      [0, 0],
      [0, 1],
    ];
    // ReLU: the zero input stays 0 at every layer; its NTK row is 0 (no 0/0), the other input is untouched.
    const relu = makeActivation('relu');
    const K = kernelMatrixSequence(relu, gram, 4, o);
    const Theta = ntkMatrixSequence(relu, gram, 4, o);
    for (let l = 0; l < 4; l++) {
      expect([K[l][0][0], K[l][0][1], Theta[l][0][0], Theta[l][0][1]]).toEqual([0, 0, 0, 0]);
      expect(K[l][1][1]).toBeCloseTo(l === 0 ? 2 : 1, 14);
    }
    expect(kernelSequence(relu, 0, 4, o).every((k) => k === 0)).toBe(true);
    expect(ntkSequence(relu, 0, 4, o).every((t) => t === 0)).toBe(true);
    // sigmoid(0) = 1/2: the next layer sums n units of 1/2, exactly variance C_W/4 at any width, and
    // its covariance with a normalized input is C_W (1/2) E sigmoid(u), u ~ N(0, 1) (= 1/2 by symmetry).
    const sig = makeActivation('sigmoid');
    const S = kernelMatrixSequence(sig, gram, 2, o);
    expect(S[1][0][0]).toBeCloseTo(2 / 4, 14);
    expect(S[1][0][1]).toBeCloseTo(2 * 0.5 * 0.5, 10);
  });
  it('closed forms used by the recursion agree with quadrature (gelu, swish, sin, sigmoid single; tanh pair)', () => {
    for (const name of ['gelu', 'swish', 'sin', 'sigmoid', 'erf'] as const) {
      const act = makeActivation(name);
      for (const K of [0.05, 1, 6]) {
        const a = singleMoments(act, K);
        const b = singleMomentsByQuadrature(act, K);
        expect(Math.abs(a.s2 - b.s2)).toBeLessThan(1e-10 * Math.max(1, b.s2));
        expect(Math.abs(a.dd - b.dd)).toBeLessThan(1e-10 * Math.max(1, b.dd));
      }
    }
    const erf = makeActivation('erf');
    const q = pairMomentsByQuadrature(erf, 0.7, 0.3, 1.1);
    const c = pairMoments(erf, 0.7, 0.3, 1.1);
    expect(Math.abs(q.dd - c.dd)).toBeLessThan(1e-10);
    expect(Math.abs(q.ss - c.ss)).toBeLessThan(1e-10);
    const leaky = makeActivation('leaky-relu', 0.2);
    const lq = pairMomentsByQuadrature(leaky, 0.7, -0.3, 1.1);
    const lc = pairMoments(leaky, 0.7, -0.3, 1.1);
    expect(Math.abs(lq.ss - lc.ss)).toBeLessThan(1e-10);
    expect(Math.abs(lq.dd - lc.dd)).toBeLessThan(1e-10);
  });
});
