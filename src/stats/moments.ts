/**
 * Mergeable streaming moments in float64: count, mean, unbiased variance, skewness and excess
 * kurtosis, each with a standard error.
 *
 * Method: values are buffered and folded in batches; each batch's central sums
 * M_p = sum (x - mean)^p, p = 2..8, are computed two-pass (stable), and batches or whole
 * accumulators are combined with Pébay's exact pairwise update of central sums ("Formulas for
 * robust, one-pass parallel computation of covariances and arbitrary-order statistical
 * moments", Sandia SAND2008-6212, eq. 3.1). Merging is what combines worker threads.
 *
 * Why central moments up to order 8: the standard errors of skewness and kurtosis come from the
 * delta method, which needs Cov(m_r, m_s) for r, s <= 4, i.e. mu_{r+s} up to mu_8. The
 * alternative, batch means, needs the data in many equal batches and an arbitrary choice of
 * batch count, and is noisier than the delta method for the same N; the delta method is exact
 * to O(1/N) for any distribution with a finite 8th moment (heavy tails make every SE
 * unreliable anyway). Calibration of these SEs is tested in tests/unit/stats.
 */

const ORDER = 8;
const BUFFER = 256;

/** Binomial coefficients C(p, k) for p <= ORDER. */
const BINOM: number[][] = (() => {
  const t: number[][] = [];
  for (let p = 0; p <= ORDER; p++) {
    t.push([]);
    for (let k = 0; k <= p; k++) t[p].push(k === 0 || k === p ? 1 : t[p - 1][k - 1] + t[p - 1][k]);
  }
  return t;
})();

/** Summary with standard errors (NaN where undefined, e.g. too few values). */
export interface MomentSummary {
  count: number;
  mean: number;
  meanSE: number;
  /** Unbiased sample variance M2 / (N - 1). */
  variance: number;
  /** sqrt((mu4 - (N-3)/(N-1) var^2) / N): the exact variance of the unbiased variance
   * estimator with the population moments replaced by sample ones. */
  varianceSE: number;
  /** Adjusted Fisher-Pearson skewness G1 = g1 sqrt(N(N-1))/(N-2) (scipy bias=False). */
  skewness: number;
  skewnessSE: number;
  /** Adjusted excess kurtosis G2 = ((N+1) g2 + 6)(N-1)/((N-2)(N-3)), unbiased for a Gaussian
   * (scipy bias=False), where g2 = m4/m2^2 - 3. */
  excessKurtosis: number;
  excessKurtosisSE: number;
}

/**
 * Asymptotic Cov(m_r, m_s) * N of sample central moments (Kendall & Stuart, Advanced Theory of
 * Statistics vol. 1, eq. 10.9), from central moments mu[0..8] (mu[0] = 1, mu[1] = 0).
 */
function centralMomentCov(mu: ArrayLike<number>, r: number, s: number): number {
  return (
    mu[r + s] -
    mu[r] * mu[s] -
    r * mu[r - 1] * mu[s + 1] -
    s * mu[r + 1] * mu[s - 1] +
    r * s * mu[r - 1] * mu[s - 1] * mu[2]
  );
}

/**
 * Delta-method standard errors of g1 = m3/m2^1.5 and g2 = m4/m2^2 - 3 for a sample of size n
 * with central moments mu[0..8]. For a Gaussian they are sqrt(6/n) and sqrt(24/n).
 */
export function shapeStandardErrors(
  n: number,
  mu: ArrayLike<number>,
): { skewnessSE: number; excessKurtosisSE: number } {
  const m2 = mu[2];
  const c22 = centralMomentCov(mu, 2, 2);
  const c23 = centralMomentCov(mu, 2, 3);
  const c33 = centralMomentCov(mu, 3, 3);
  const c24 = centralMomentCov(mu, 2, 4);
  const c44 = centralMomentCov(mu, 4, 4);
  // g1: d/dm3 = m2^-1.5, d/dm2 = -1.5 m3 m2^-2.5.
  const a3 = Math.pow(m2, -1.5);
  const a2 = -1.5 * mu[3] * Math.pow(m2, -2.5);
  const varG1 = (a3 * a3 * c33 + 2 * a3 * a2 * c23 + a2 * a2 * c22) / n;
  // g2: d/dm4 = m2^-2, d/dm2 = -2 m4 m2^-3.
  const b4 = 1 / (m2 * m2);
  const b2 = (-2 * mu[4]) / (m2 * m2 * m2);
  const varG2 = (b4 * b4 * c44 + 2 * b4 * b2 * c24 + b2 * b2 * c22) / n;
  return { skewnessSE: Math.sqrt(Math.max(0, varG1)), excessKurtosisSE: Math.sqrt(Math.max(0, varG2)) };
}

/** Streaming, mergeable accumulator of central moments up to order 8. */
export class Moments {
  private n = 0;
  private mu1 = 0;
  /** sums[p] = sum (x - mean)^p for p = 2..8 (indices 0, 1 unused). */
  private readonly sums = new Float64Array(ORDER + 1);
  private readonly buffer = new Float64Array(BUFFER);
  private buffered = 0;
  private readonly batchSums = new Float64Array(ORDER + 1);

  /** Add one value. */
  add(x: number): void {
    this.buffer[this.buffered++] = x;
    if (this.buffered === BUFFER) this.flush();
  }

  /** Add values[start .. end). */
  addArray(values: ArrayLike<number>, start = 0, end = values.length): void {
    this.flush();
    for (let i = start; i < end; i += 4096) this.foldBatch(values, i, Math.min(end, i + 4096));
  }

  /** Merge another accumulator into this one (the other is left unchanged). */
  merge(other: Moments): this {
    this.flush();
    const o = other.snapshot();
    this.combine(o.n, o.mean, o.sums);
    return this;
  }

  /** A copy (flushed). */
  clone(): Moments {
    const c = new Moments();
    c.merge(this);
    return c;
  }

  get count(): number {
    return this.n + this.buffered;
  }

  /** Central moments mu_0..mu_8 (population form, sums / N); mu_0 = 1, mu_1 = 0. */
  centralMoments(): Float64Array {
    this.flush();
    const mu = new Float64Array(ORDER + 1);
    mu[0] = 1;
    for (let p = 2; p <= ORDER; p++) mu[p] = this.sums[p] / this.n;
    return mu;
  }

  summary(): MomentSummary {
    this.flush();
    const n = this.n;
    const mu = this.centralMoments();
    const m2 = mu[2];
    const variance = n > 1 ? this.sums[2] / (n - 1) : NaN;
    const g1 = mu[3] / Math.pow(m2, 1.5);
    const g2 = mu[4] / (m2 * m2) - 3;
    const skewness = n > 2 ? (g1 * Math.sqrt(n * (n - 1))) / (n - 2) : NaN;
    const excessKurtosis = n > 3 ? (((n + 1) * g2 + 6) * (n - 1)) / ((n - 2) * (n - 3)) : NaN;
    const se = n > 3 ? shapeStandardErrors(n, mu) : { skewnessSE: NaN, excessKurtosisSE: NaN };
    return {
      count: n,
      mean: n > 0 ? this.mu1 : NaN,
      meanSE: n > 1 ? Math.sqrt(variance / n) : NaN,
      variance,
      varianceSE:
        n > 1 ? Math.sqrt(Math.max(0, (mu[4] - ((n - 3) / (n - 1)) * variance * variance) / n)) : NaN,
      skewness,
      skewnessSE: se.skewnessSE,
      excessKurtosis,
      excessKurtosisSE: se.excessKurtosisSE,
    };
  }

  private snapshot(): { n: number; mean: number; sums: Float64Array } {
    this.flush();
    return { n: this.n, mean: this.mu1, sums: this.sums.slice() };
  }

  private flush(): void {
    if (this.buffered === 0) return;
    const k = this.buffered;
    this.buffered = 0;
    this.foldBatch(this.buffer, 0, k);
  }

  /** Two-pass central sums of values[start..end), then combine. */
  private foldBatch(values: ArrayLike<number>, start: number, end: number): void {
    const k = end - start;
    if (k <= 0) return;
    let s = 0;
    for (let i = start; i < end; i++) s += values[i];
    let mean = s / k;
    // One correction step: the residual sum is ~0 in exact arithmetic.
    let r = 0;
    for (let i = start; i < end; i++) r += values[i] - mean;
    mean += r / k;
    let s2 = 0,
      s3 = 0,
      s4 = 0,
      s5 = 0,
      s6 = 0,
      s7 = 0,
      s8 = 0;
    for (let i = start; i < end; i++) {
      const d = values[i] - mean;
      const d2 = d * d;
      const d3 = d2 * d;
      const d4 = d2 * d2;
      s2 += d2;
      s3 += d3;
      s4 += d4;
      s5 += d4 * d;
      s6 += d4 * d2;
      s7 += d4 * d3;
      s8 += d4 * d4;
    }
    const b = this.batchSums;
    b[2] = s2;
    b[3] = s3;
    b[4] = s4;
    b[5] = s5;
    b[6] = s6;
    b[7] = s7;
    b[8] = s8;
    this.combine(k, mean, b);
  }

  /** Pébay's pairwise combination of (n, mean, sums) into this (already flushed). */
  private combine(nB: number, meanB: number, sumsB: Float64Array): void {
    if (nB === 0) return;
    const nA = this.n;
    if (nA === 0) {
      this.n = nB;
      this.mu1 = meanB;
      for (let p = 2; p <= ORDER; p++) this.sums[p] = sumsB[p];
      return;
    }
    const n = nA + nB;
    const delta = meanB - this.mu1;
    const A = this.sums;
    const out = new Float64Array(ORDER + 1);
    const fa = -nB / n; // coefficient base for A's lower sums
    const fb = nA / n;
    for (let p = 2; p <= ORDER; p++) {
      let v = A[p] + sumsB[p];
      for (let k = 1; k <= p - 2; k++) {
        v += BINOM[p][k] * (Math.pow(fa, k) * A[p - k] + Math.pow(fb, k) * sumsB[p - k]) * Math.pow(delta, k);
      }
      // The last term: (nA nB delta / n)^p [1/nB^(p-1) - (-1/nA)^(p-1)].
      v += Math.pow((nA * nB * delta) / n, p) * (1 / Math.pow(nB, p - 1) - Math.pow(-1 / nA, p - 1));
      out[p] = v;
    }
    for (let p = 2; p <= ORDER; p++) A[p] = out[p];
    this.mu1 += (delta * nB) / n;
    this.n = n;
  }
}

/** Summary of an array in one call. */
export function summarize(values: ArrayLike<number>): MomentSummary {
  const m = new Moments();
  m.addArray(values);
  return m.summary();
}
