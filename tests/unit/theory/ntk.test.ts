import { describe, expect, it } from 'vitest';
import { makeActivation } from '../../../src/theory/activations.ts';
import { kernelSequence } from '../../../src/theory/kernels.ts';
import { ntkMatrixSequence, ntkSequence } from '../../../src/theory/ntk.ts';

describe('mean NTK recursion', () => {
  it('critical ReLU: Theta_L = L K* (K* = C_W q0)', () => {
    const q0 = 1.3;
    const theta = ntkSequence(makeActivation('relu'), q0, 20, { cw: 2, cb: 0 });
    for (let l = 1; l <= 20; l++) expect(theta[l - 1]).toBeCloseTo(l * 2 * q0, 12);
  });
  it('critical ReLU with dropout (C_W = 2(1-p)): still Theta_L = L K*', () => {
    const p = 0.3;
    const theta = ntkSequence(makeActivation('relu'), 1, 10, { cw: 2 * (1 - p), cb: 0, dropout: p });
    for (let l = 1; l <= 10; l++) expect(theta[l - 1]).toBeCloseTo(l * 2 * (1 - p), 12);
  });
  it('linear network with bias: Theta_{l+1} = C_b + C_W K_l + C_W Theta_l', () => {
    const o = { cw: 0.8, cb: 0.3 };
    const act = makeActivation('linear');
    const K = kernelSequence(act, 1, 6, o);
    const theta = ntkSequence(act, 1, 6, o);
    for (let l = 1; l < 6; l++)
      expect(theta[l]).toBeCloseTo(o.cb + o.cw * K[l - 1] + o.cw * theta[l - 1], 13);
  });
  it('the two-input NTK matrix has the single-input NTK on its diagonal and is symmetric', () => {
    const act = makeActivation('tanh');
    const o = { cw: 1.5, cb: 0.1 };
    const seq = ntkMatrixSequence(
      act,
      [
        [1, 0.3],
        [0.3, 2],
      ],
      5,
      o,
    );
    const t0 = ntkSequence(act, 1, 5, o);
    const t1 = ntkSequence(act, 2, 5, o);
    for (let l = 0; l < 5; l++) {
      expect(seq[l][0][0]).toBeCloseTo(t0[l], 12);
      expect(seq[l][1][1]).toBeCloseTo(t1[l], 12);
      expect(seq[l][0][1]).toBe(seq[l][1][0]);
      // Cauchy-Schwarz for a kernel.
      expect(seq[l][0][1] ** 2).toBeLessThanOrEqual(seq[l][0][0] * seq[l][1][1]);
    }
  });
});

describe('two-input NTK, critical ReLU', () => {
  it('off-diagonal: Theta_{l+1} = K_{l+1} + 2 (pi - theta_l)/(2 pi) Theta_l with the arc-cosine kernel', () => {
    const q = 1;
    const c0 = -0.2;
    const seq = ntkMatrixSequence(
      makeActivation('relu'),
      [
        [q, c0 * q],
        [c0 * q, q],
      ],
      8,
      { cw: 2, cb: 0 },
    );
    let K = 2 * c0 * q; // K_1,ab
    let theta = K;
    for (let l = 1; l < 8; l++) {
      const c = K / (2 * q);
      const t = Math.acos(c);
      const nextK = ((2 * (2 * q)) / (2 * Math.PI)) * (Math.sin(t) + (Math.PI - t) * c);
      theta = nextK + 2 * ((Math.PI - t) / (2 * Math.PI)) * theta;
      K = nextK;
      expect(seq[l][0][1]).toBeCloseTo(theta, 12);
    }
  });
});
