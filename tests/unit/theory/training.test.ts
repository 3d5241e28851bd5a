// The infinite-width trained ensemble (THEORY.md 6a) against exact results: an eigenvector of a
// circulant kernel, closed-form limits (GP posterior, kernel ridge), a Monte Carlo of the linear
// dynamics it claims to solve, and the eigensolver it stands on.
import { describe, expect, it } from 'vitest';
import { makeActivation } from '../../../src/theory/activations.ts';
import { cholesky, fromEigen, matmul, symmetricEigen, transpose } from '../../../src/theory/linalg.ts';
import {
  SingularKernelError,
  learningRateMax,
  trainedEnsemble,
  trainingKernels,
  trainingSpectrum,
} from '../../../src/theory/training.ts';
import { CounterStream } from '../../../src/random/normals.ts';
import { Purpose } from '../../../src/random/address.ts';

/** K points on the unit circle, phi_k = 2 pi k / K, with targets cos(M phi). */
function circle(M: number, K: number): { x: number[][]; y: number[]; phi: number[] } {
  const phi = Array.from({ length: K }, (_, k) => (2 * Math.PI * k) / K);
  return { x: phi.map((p) => [Math.cos(p), Math.sin(p)]), y: phi.map((p) => Math.cos(M * p)), phi };
}

/** A seeded symmetric matrix with entries N(0, 1). */
function randomSymmetric(n: number, seed: number): number[][] {
  const s = new CounterStream(seed, 0, Purpose.Shortcut, 0);
  const a = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) a[i][j] = a[j][i] = s.normal();
  return a;
}

const maxAbsDiff = (a: number[][], b: number[][]) =>
  Math.max(...a.flatMap((row, i) => row.map((v, j) => Math.abs(v - b[i][j]))));

describe('symmetric eigensolver (cyclic Jacobi)', () => {
  it('reconstructs a random symmetric matrix with orthonormal eigenvectors, eigenvalues ascending', () => {
    for (const n of [1, 2, 5, 17]) {
      const a = randomSymmetric(n, 11 + n);
      const { values, vectors } = symmetricEigen(a);
      expect(maxAbsDiff(fromEigen(vectors, values), a)).toBeLessThan(1e-12 * n);
      const vtv = matmul(transpose(vectors), vectors);
      const eye = vtv.map((r, i) => r.map((_, j) => (i === j ? 1 : 0)));
      expect(maxAbsDiff(vtv, eye)).toBeLessThan(1e-13 * n);
      for (let i = 1; i < n; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]);
    }
  });
  it('finds the known spectrum of the second-difference matrix, 2 - 2 cos(k pi/(n+1))', () => {
    const n = 12;
    const a = Array.from({ length: n }, (_, i) =>
      Array.from({ length: n }, (_, j) => (i === j ? 2 : Math.abs(i - j) === 1 ? -1 : 0)),
    );
    const { values } = symmetricEigen(a);
    values.forEach((v, k) => expect(v).toBeCloseTo(2 - 2 * Math.cos(((k + 1) * Math.PI) / (n + 1)), 13));
  });
  it('keeps tiny eigenvalues to rounding: diag(1, 1e-14) rotated', () => {
    const c = Math.cos(0.3);
    const s = Math.sin(0.3);
    const a = [
      [c * c + 1e-14 * s * s, c * s - 1e-14 * c * s],
      [c * s - 1e-14 * c * s, s * s + 1e-14 * c * c],
    ];
    const { values } = symmetricEigen(a);
    expect(values[1]).toBeCloseTo(1, 14);
    expect(Math.abs(values[0] - 1e-14)).toBeLessThan(2e-16);
  });
});

describe('training kernels', () => {
  it('critical ReLU: Theta(x, x) = L K* at every input, K* = C_W |x|^2 / n0', () => {
    const { x } = circle(2, 6);
    for (const L of [1, 3, 8]) {
      const k = trainingKernels(makeActivation('relu'), x, [[0.6, 0.8]], L, { cw: 2, cb: 0 });
      // Unit vectors in two dimensions: q0 = 1/2, so K* = 1.
      for (let i = 0; i < 7; i++) {
        expect(k.K[i][i]).toBeCloseTo(1, 12);
        expect(k.Theta[i][i]).toBeCloseTo(L, 11);
      }
    }
  });
  it('points evenly on a circle give a circulant kernel whose eigenvectors are the harmonics', () => {
    const { x, y } = circle(2, 8);
    const k = trainingKernels(makeActivation('tanh'), x, [], 4, { cw: 1.5, cb: 0.2 });
    const Ty = k.Theta.map((row) => row.reduce((s, v, j) => s + v * y[j], 0));
    const lambda = Ty[0] / y[0];
    Ty.forEach((v, i) => expect(v).toBeCloseTo(lambda * y[i], 11));
  });
});

describe('the trained ensemble at infinite width', () => {
  const relu = makeActivation('relu');

  it('targets along an eigenvector of Theta_XX: the mean residual is exactly (1 - eta lambda/N)^k y', () => {
    for (const [act, o, M] of [
      [relu, { cw: 2, cb: 0.1 }, 2],
      [makeActivation('tanh'), { cw: 1.2, cb: 0.3 }, 1],
      [makeActivation('gelu'), { cw: 1.8, cb: 0.05 }, 3],
    ] as const) {
      const { x, y } = circle(M, 10);
      const k = trainingKernels(act, x, [], 3, o);
      const N = x.length;
      const lambda = k.Theta[0].reduce((s, v, j) => s + v * y[j], 0) / y[0];
      const eta = 0.5 * learningRateMax(k);
      for (const steps of [0, 1, 7, 40, 300]) {
        const p = trainedEnsemble(k, y, { eta, steps });
        const factor = (1 - (eta * lambda) / N) ** steps;
        p.trainMean.forEach((m, i) => expect(m - y[i]).toBeCloseTo(-factor * y[i], 11));
      }
    }
  });

  it('at step 0 it is the prior N(0, K); at k = inf and for readout-only training the GP posterior', () => {
    const { x, y } = circle(1, 6);
    const tests = [
      [0.3, 0.1],
      [-0.5, 0.7],
    ];
    const k = trainingKernels(relu, x, tests, 3, { cw: 2, cb: 0.2 });
    const p0 = trainedEnsemble(k, y, { eta: 1, steps: 0 });
    expect(p0.mean).toEqual([0, 0]);
    expect(maxAbsDiff(p0.cov, [k.K[6].slice(6), k.K[7].slice(6)])).toBeLessThan(1e-14);
    // GP posterior by Cholesky solves: mean K_xX K^{-1} y, cov K_xx - K_xX K^{-1} K_Xx.
    const KXX = k.K.slice(0, 6).map((r) => r.slice(0, 6));
    const KxX = k.K.slice(6).map((r) => r.slice(0, 6));
    const L = cholesky(KXX);
    const solve = (b: number[]) => {
      const z = new Array<number>(6).fill(0);
      for (let i = 0; i < 6; i++)
        z[i] = (b[i] - z.slice(0, i).reduce((s, v, j) => s + L[i][j] * v, 0)) / L[i][i];
      const w = new Array<number>(6).fill(0);
      for (let i = 5; i >= 0; i--)
        w[i] = (z[i] - w.reduce((s, v, j) => (j > i ? s + L[j][i] * v : s), 0)) / L[i][i];
      return w;
    };
    const alpha = solve(y);
    const post = trainedEnsemble(k, y, { eta: 1, steps: Infinity, readoutOnly: true });
    KxX.forEach((row, t) =>
      expect(post.mean[t]).toBeCloseTo(
        row.reduce((s, v, j) => s + v * alpha[j], 0),
        10,
      ),
    );
    const v0 = solve(KxX[0]);
    expect(post.cov[0][0]).toBeCloseTo(k.K[6][6] - KxX[0].reduce((s, v, j) => s + v * v0[j], 0), 10);
    // It interpolates the training data with no spread left there.
    post.trainMean.forEach((m, i) => expect(m).toBeCloseTo(y[i], 10));
    expect(post.trainLoss).toBeLessThan(1e-18);
  });

  it('L2 towards the initial weights: at k = inf kernel ridge regression with ridge N mu', () => {
    const { x, y } = circle(2, 6);
    const k = trainingKernels(relu, x, [[0.2, -0.9]], 2, { cw: 2, cb: 0.1 });
    const mu = 0.05;
    const N = 6;
    const p = trainedEnsemble(k, y, { eta: 0.1, steps: Infinity, l2: mu });
    const { values, vectors } = trainingSpectrum(k);
    const inv = fromEigen(
      vectors,
      values.map((l) => 1 / (l + N * mu)),
    );
    const coef = inv.map((row) => row.reduce((s, v, j) => s + v * y[j], 0));
    expect(p.mean[0]).toBeCloseTo(
      k.Theta[6].slice(0, 6).reduce((s, v, j) => s + v * coef[j], 0),
      11,
    );
    // Many steps of gradient descent reach the same fixed point.
    const q = trainedEnsemble(k, y, { eta: 0.5 * learningRateMax(k, { l2: mu }), steps: 1e6, l2: mu });
    expect(q.mean[0]).toBeCloseTo(p.mean[0], 11);
  });

  it('gradient flow is the limit of small steps at equal eta k', () => {
    const { x, y } = circle(1, 6);
    const k = trainingKernels(makeActivation('erf'), x, [[0.5, 0.5]], 3, { cw: 1, cb: 0.1 });
    const flow = trainedEnsemble(k, y, { eta: 0, flowTime: 5 });
    // Euler's error is first order in the step: ten times smaller steps, ten times closer.
    const error = (steps: number) => {
      const p = trainedEnsemble(k, y, { eta: 5 / steps, steps });
      return Math.abs(p.mean[0] - flow.mean[0]) + Math.abs(p.cov[0][0] - flow.cov[0][0]);
    };
    const coarse = error(2000);
    const fine = error(20000);
    expect(coarse).toBeGreaterThan(0);
    expect(fine).toBeLessThan(coarse / 8);
    expect(fine).toBeGreaterThan(coarse / 12);
    expect(fine).toBeLessThan(1e-4);
  });

  it('agrees with a Monte Carlo of the linearized dynamics it solves, within standard errors', () => {
    const { x, y } = circle(2, 6);
    const tests = [[0.9, 0.2]];
    const k = trainingKernels(relu, x, tests, 3, { cw: 2, cb: 0.1 });
    const N = 6;
    const eta = 0.7 * learningRateMax(k);
    const steps = 25;
    const p = trainedEnsemble(k, y, { eta, steps });
    // Draw f_0 ~ N(0, K) on the 7 inputs, then run gradient descent on the function values:
    // f <- f - eta Theta_{., X} (f_X - y) / N, which is what training the linearized model does.
    const L = cholesky(k.K);
    const s = new CounterStream(5, 0, Purpose.Shortcut, 0);
    const M = 20000;
    const out: number[] = [];
    for (let m = 0; m < M; m++) {
      const g = Array.from({ length: 7 }, () => s.normal());
      let f = L.map((row) => row.reduce((acc, v, j) => acc + v * g[j], 0));
      for (let t = 0; t < steps; t++) {
        const r = f.slice(0, N).map((v, i) => v - y[i]);
        f = f.map(
          (v, a) => v - (eta / N) * k.Theta[a].slice(0, N).reduce((acc, th, j) => acc + th * r[j], 0),
        );
      }
      out.push(f[6]);
    }
    const mean = out.reduce((a, b) => a + b, 0) / M;
    const variance = out.reduce((a, b) => a + (b - mean) ** 2, 0) / (M - 1);
    expect(Math.abs(mean - p.mean[0])).toBeLessThan(4 * Math.sqrt(p.cov[0][0] / M));
    // Var of a sample variance of a Gaussian: 2 sigma^4 / (M - 1).
    expect(Math.abs(variance - p.cov[0][0])).toBeLessThan(4 * p.cov[0][0] * Math.sqrt(2 / (M - 1)));
  });

  it('above eta_max the loss grows step by step, below it shrinks', () => {
    const { x, y } = circle(2, 6);
    const k = trainingKernels(relu, x, [], 4, { cw: 2, cb: 0 });
    const etaMax = learningRateMax(k);
    const loss = (eta: number, steps: number) => trainedEnsemble(k, y, { eta, steps }).trainLoss;
    expect(loss(0.9 * etaMax, 50)).toBeLessThan(loss(0.9 * etaMax, 10));
    expect(loss(1.1 * etaMax, 50)).toBeGreaterThan(loss(1.1 * etaMax, 10));
    // Theta's top eigenvalue sets it: 2N / lambda_max.
    const top = Math.max(...trainingSpectrum(k).values);
    expect(etaMax).toBeCloseTo((2 * 6) / top, 12);
  });

  it('an odd activation without bias on a symmetric data set: a singular Theta_XX, named', () => {
    // circle6: x_{k+3} = -x_k, and tanh networks without bias are odd, so f(x_{k+3}) = -f(x_k).
    const { x, y } = circle(2, 6);
    const k = trainingKernels(makeActivation('tanh'), x, [], 3, { cw: 1, cb: 0 });
    const { values } = trainingSpectrum(k);
    expect(values[0]).toBeLessThan(1e-12 * values[5]);
    expect(() => trainedEnsemble(k, y, { eta: 1, steps: Infinity })).toThrow(SingularKernelError);
    expect(() => trainedEnsemble(k, y, { eta: 1, steps: Infinity })).toThrow(/singular.*add a bias/);
    // Finite training is still defined: the even targets cos 2 phi cannot be fit, so the mean stays at 0.
    const p = trainedEnsemble(k, y, { eta: 0.5 * learningRateMax(k), steps: 100 });
    p.trainMean.forEach((m) => expect(Math.abs(m)).toBeLessThan(1e-10));
  });
});
