/**
 * The empirical kernel of an ensemble of random vectors f in R^k with known mean 0 (random
 * networks' outputs over a grid, by the sign symmetry of the weights): K_ab = E f_a f_b
 * estimated by the mean of f_a f_b over the draws, with the standard error of that mean
 * (the sample standard deviation of f_a f_b over sqrt(M)) for every entry. Streaming and
 * DOM-free.
 *
 *   const acc = new SecondMoments(k); acc.add(outputs, net * k); acc.mean(); acc.standardError();
 */
export class SecondMoments {
  private n = 0;
  /** Sum of f_a f_b and of (f_a f_b)^2, row-major k x k. */
  private readonly s1: Float64Array;
  private readonly s2: Float64Array;

  constructor(readonly k: number) {
    this.s1 = new Float64Array(k * k);
    this.s2 = new Float64Array(k * k);
  }

  get count(): number {
    return this.n;
  }

  /** One draw: f = values[offset .. offset + k). */
  add(values: ArrayLike<number>, offset = 0): void {
    const { k, s1, s2 } = this;
    for (let a = 0; a < k; a++) {
      const fa = values[offset + a];
      for (let b = a; b < k; b++) {
        const p = fa * values[offset + b];
        s1[a * k + b] += p;
        s2[a * k + b] += p * p;
      }
    }
    this.n++;
  }

  /** The mean of f_a f_b, symmetric (NaN before any draw). */
  mean(): Float64Array {
    const { k, n, s1 } = this;
    const out = new Float64Array(k * k);
    for (let a = 0; a < k; a++)
      for (let b = a; b < k; b++) out[a * k + b] = out[b * k + a] = n > 0 ? s1[a * k + b] / n : NaN;
    return out;
  }

  /** Standard error of each mean: sqrt(unbiased variance of f_a f_b / M) (NaN below 2 draws). */
  standardError(): Float64Array {
    const { k, n, s1, s2 } = this;
    const out = new Float64Array(k * k);
    for (let a = 0; a < k; a++) {
      for (let b = a; b < k; b++) {
        const i = a * k + b;
        const m = s1[i] / n;
        const v = n > 1 ? Math.max(0, (s2[i] - n * m * m) / (n - 1)) : NaN;
        out[i] = out[b * k + a] = Math.sqrt(v / n);
      }
    }
    return out;
  }
}
