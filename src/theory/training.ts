/**
 * The infinite-width trained ensemble (THEORY.md 6a): full-batch gradient descent on
 * (1/2N) sum_a (f(x_a) - y_a)^2 in the NTK parameterization is linear in function space, and
 * the trained outputs are Gaussian with
 *   mean  A_k y,   covariance  K_xx' - A_k K_Xx' - K_xX A_k^T + A_k K_XX A_k^T,
 *   A_k = Theta_xX Theta_XX^{-1} (I - E_k),  E_k = (I - eta Theta_XX / N)^k  (flow: exp(-tau Theta_XX / N)).
 * Everything in the eigenbasis of Theta_XX, f64, with (1 - (1 - eta lambda/N)^k)/lambda -> k eta/N
 * as lambda -> 0, so that a singular Theta_XX still has a well-defined finite-time answer; the
 * infinite-time limits need Theta_XX^{-1} and say so when it does not exist.
 *
 * Variants: readout-only training (the kernel is K^(L) instead of Theta: exactly linear at any
 * width; at t = inf the GP posterior), and L2 towards the initial weights, (mu/2)|theta - theta_0|^2
 * (at t = inf kernel ridge regression with ridge N mu).
 *
 *   const k = trainingKernels(relu, X, tests, 3, { cw: 2, cb: 0 });
 *   const p = trainedEnsemble(k, y, { eta: 0.5 * k.etaMax, steps: 100 });   // p.mean[t], p.cov[t][t']
 */
import type { Activation } from './activations.ts';
import { kernelMatrixSequence, type LayerOptions } from './kernels.ts';
import { symmetricEigen, zeros, type Matrix, type SymmetricEigen } from './linalg.ts';
import { ntkMatrixSequence } from './ntk.ts';

/** Theta_XX (or K_XX for readout-only training) has eigenvalues too small to invert, relative to its largest. */
export class SingularKernelError extends Error {}

/** Eigenvalues below this fraction of the largest count as zero (f64 kernels from quadrature are good to ~1e-13). */
export const SINGULAR_RELATIVE = 1e-10;

export interface TrainingKernels {
  /** Training points N and test points T. */
  train: number;
  test: number;
  /** NNGP K^(L) and NTK Theta^(L) over the N training then T test inputs, (N+T) x (N+T). */
  K: Matrix;
  Theta: Matrix;
}

/** x_a.x_b / n0 over inputs of n0 components each: the recursions' K^(0). */
export function inputGram(xs: readonly (readonly number[])[]): number[][] {
  const n0 = xs[0]?.length ?? 1;
  return xs.map((a) => xs.map((b) => a.reduce((s, v, i) => s + v * b[i], 0) / n0));
}

/**
 * K^(L) and Theta^(L) (THEORY.md 6a: K^(1) = Theta^(1) = C_b + C_W x.x'/n0) over the training
 * inputs followed by the test inputs; each input a vector of n0 components.
 */
export function trainingKernels(
  act: Activation,
  trainInputs: readonly (readonly number[])[],
  testInputs: readonly (readonly number[])[],
  depth: number,
  o: LayerOptions,
): TrainingKernels {
  const gram = inputGram([...trainInputs, ...testInputs]);
  const K = kernelMatrixSequence(act, gram, depth, o)[depth - 1];
  const Theta = ntkMatrixSequence(act, gram, depth, o)[depth - 1];
  return { train: trainInputs.length, test: testInputs.length, K, Theta };
}

export interface TrainingOptions {
  /** Learning rate (absolute). */
  eta: number;
  /** Gradient-descent steps k; Infinity for the fixed point. */
  steps?: number;
  /** Gradient flow for time tau = eta * t instead of discrete steps. */
  flowTime?: number;
  /** L2 towards the initial weights, (mu/2)|theta - theta_0|^2 (default 0). */
  l2?: number;
  /** Train the readout layer only: the kernel is K^(L) (default false). */
  readoutOnly?: boolean;
}

export interface TrainedEnsemble {
  /** Mean and covariance of the trained outputs at the test inputs. */
  mean: number[];
  cov: Matrix;
  /** Mean over networks of the training loss (1/2N) |f(X) - y|^2, without the L2 term. */
  trainLoss: number;
  /** Mean and covariance at the training inputs too (the residual's law). */
  trainMean: number[];
  trainCov: Matrix;
}

const block = (m: Matrix, rows: [number, number], cols: [number, number]): Matrix =>
  m.slice(rows[0], rows[1]).map((r) => r.slice(cols[0], cols[1]));

/** The kernel gradient descent follows: Theta, or K when only the readout trains. */
function trainedKernel(k: TrainingKernels, o: Pick<TrainingOptions, 'readoutOnly'>): Matrix {
  return o.readoutOnly ? k.K : k.Theta;
}

/** Eigendecomposition of the training block of the trained kernel. */
export function trainingSpectrum(
  k: TrainingKernels,
  o: Pick<TrainingOptions, 'readoutOnly'> = {},
): SymmetricEigen {
  const n = k.train;
  return symmetricEigen(block(trainedKernel(k, o), [0, n], [0, n]));
}

/**
 * Largest stable learning rate 2 / (lambda_max / N + mu): above it gradient descent on the
 * linearized model diverges along the top eigenvector.
 */
export function learningRateMax(
  k: TrainingKernels,
  o: Pick<TrainingOptions, 'readoutOnly' | 'l2'> = {},
): number {
  const { values } = trainingSpectrum(k, o);
  const top = values[values.length - 1];
  return 2 / (top / k.train + (o.l2 ?? 0));
}

/**
 * h(lambda) with A = Theta_xX V diag(h) V^T: (1 - (1 - eta(lambda/N + mu))^k) / (lambda + N mu)
 * for k steps, (1 - exp(-tau(lambda/N + mu))) / (lambda + N mu) for flow time tau, and
 * 1/(lambda + N mu) at k = inf, written so that lambda + N mu -> 0 loses no digits.
 */
function gain(lambda: number, n: number, o: TrainingOptions, singular: boolean): number {
  const rate = lambda / n + (o.l2 ?? 0);
  const denom = rate * n;
  if (o.flowTime !== undefined) {
    const tau = o.flowTime;
    return rate > 0 ? -Math.expm1(-tau * rate) / denom : tau / n;
  }
  const steps = o.steps ?? Infinity;
  if (!Number.isFinite(steps)) {
    if (singular) throw new SingularKernelError('singular');
    return 1 / denom;
  }
  const r = o.eta * rate;
  if (r === 0) return (steps * o.eta) / n;
  // 1 - (1 - r)^k = -expm1(k log1p(-r)) keeps its digits for small r; r >= 1 would make log1p NaN.
  const decay = r < 1 ? -Math.expm1(steps * Math.log1p(-r)) : 1 - (1 - r) ** steps;
  return decay / denom;
}

/** The ensemble's law at the training and test inputs after training (THEORY.md 6a). */
export function trainedEnsemble(
  k: TrainingKernels,
  y: readonly number[],
  o: TrainingOptions,
): TrainedEnsemble {
  const n = k.train;
  const total = k.train + k.test;
  if (y.length !== n) throw new RangeError(`${y.length} targets for ${n} training inputs`);
  const Tk = trainedKernel(k, o);
  const { values, vectors } = trainingSpectrum(k, o);
  const top = Math.max(...values.map(Math.abs), 0);
  const smallest = values[0] ?? 0;
  const singular = (o.l2 ?? 0) === 0 && smallest <= SINGULAR_RELATIVE * top;
  let h: number[];
  try {
    h = values.map((l) => gain(Math.max(0, l), n, o, singular));
  } catch (e) {
    if (!(e instanceof SingularKernelError)) throw e;
    throw new SingularKernelError(
      `the ${o.readoutOnly ? 'kernel K' : 'NTK Theta'} of the training inputs is singular (smallest eigenvalue ${smallest.toExponential(2)}, largest ${top.toExponential(2)}): ` +
        'no trained limit exists. An odd activation without bias on inputs symmetric under x -> -x does this; add a bias (C_b > 0) or train for a finite number of steps.',
    );
  }
  // A (total x N) = Tk[:, X] V diag(h) V^T: rows for the training inputs too, so the residual's law comes out of the same formula.
  const VhVt = zeros(n, n);
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let m = 0; m < n; m++) s += vectors[i][m] * h[m] * vectors[j][m];
      VhVt[i][j] = VhVt[j][i] = s;
    }
  const A = zeros(total, n);
  for (let t = 0; t < total; t++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += Tk[t][i] * VhVt[i][j];
      A[t][j] = s;
    }
  const mean = A.map((row) => row.reduce((s, a, j) => s + a * y[j], 0));
  // cov = K - A K_X. - (A K_X.)^T + A K_XX A^T over all inputs.
  const K = k.K;
  const AK = zeros(total, total);
  for (let t = 0; t < total; t++)
    for (let u = 0; u < total; u++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += A[t][j] * K[j][u];
      AK[t][u] = s;
    }
  const cov = zeros(total, total);
  for (let t = 0; t < total; t++)
    for (let u = t; u < total; u++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += AK[t][j] * A[u][j];
      const c = K[t][u] - AK[t][u] - AK[u][t] + s;
      cov[t][u] = cov[u][t] = c;
    }
  for (let t = 0; t < total; t++) cov[t][t] = Math.max(0, cov[t][t]);
  // Training loss: E |f(X) - y|^2 / 2N = (|mean_X - y|^2 + tr cov_XX) / 2N.
  let loss = 0;
  for (let i = 0; i < n; i++) loss += (mean[i] - y[i]) ** 2 + cov[i][i];
  return {
    mean: mean.slice(n),
    cov: block(cov, [n, total], [n, total]),
    trainLoss: loss / (2 * n),
    trainMean: mean.slice(0, n),
    trainCov: block(cov, [0, n], [0, n]),
  };
}
