/**
 * Rao-Blackwellized estimators for the output of a random network ensemble (THEORY.md sec. 5):
 * given each network's conditional output variance G (one input), z | G ~ N(0, G), so the
 * output density is the Gaussian mixture p(z) = mean_net N(z; 0, G_net), Var z = E G and
 * E z^4 = 3 E G^2, hence excess kurtosis 3 E[G^2]/E[G]^2 - 3. These average out the Gaussian
 * noise of z given G, so they need far fewer networks than a histogram or sample moments.
 */

const INV_SQRT_2PI = 0.3989422804014327;

/**
 * Mixture density mean_i N(z; 0, G_i) at each grid point (writes and returns `out`).
 * Networks with G_i <= 0 (a degenerate, zero-output network) contribute a point mass that no
 * density can show; they are counted in the mean's denominator but add nothing, so the
 * density integrates to the fraction of non-degenerate networks.
 */
export function mixtureDensity(
  variances: ArrayLike<number>,
  grid: ArrayLike<number>,
  out: Float64Array = new Float64Array(grid.length),
): Float64Array {
  const m = grid.length;
  const z2 = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    z2[j] = grid[j] * grid[j];
    out[j] = 0;
  }
  const count = variances.length;
  // Networks outer, grid inner: the inner loop is a straight exp over a contiguous array.
  for (let i = 0; i < count; i++) {
    const g = variances[i];
    if (!(g > 0)) continue;
    const a = -0.5 / g;
    const c = INV_SQRT_2PI / Math.sqrt(g);
    for (let j = 0; j < m; j++) out[j] += c * Math.exp(a * z2[j]);
  }
  const inv = count > 0 ? 1 / count : NaN;
  for (let j = 0; j < m; j++) out[j] *= inv;
  return out;
}

export interface MixtureSummary {
  /** Number of networks. */
  count: number;
  /** Var z = E G, and its SE sqrt(Var G / N). */
  variance: number;
  varianceSE: number;
  /** E z^4 = 3 E G^2 and its SE. */
  fourthMoment: number;
  fourthMomentSE: number;
  /** 3 E[G^2] / E[G]^2 - 3, with a delta-method SE from the sample covariance of (G, G^2). */
  excessKurtosis: number;
  excessKurtosisSE: number;
}

/**
 * Streaming, mergeable accumulator of (G, G^2) per network: means and the 2x2 co-moment
 * matrix, updated by Welford / Chan et al. so that merging thread-local accumulators is exact.
 */
export class MixtureMoments {
  private n = 0;
  private meanG = 0;
  private meanG2 = 0;
  /** Sums of products of deviations: (G, G), (G, G^2), (G^2, G^2). */
  private cGG = 0;
  private cGQ = 0;
  private cQQ = 0;

  get count(): number {
    return this.n;
  }

  add(g: number): void {
    const q = g * g;
    const n = ++this.n;
    const dg = g - this.meanG;
    const dq = q - this.meanG2;
    this.meanG += dg / n;
    this.meanG2 += dq / n;
    // Co-moment update: old deviation of one coordinate times new deviation of the other.
    this.cGG += dg * (g - this.meanG);
    this.cGQ += dg * (q - this.meanG2);
    this.cQQ += dq * (q - this.meanG2);
  }

  addArray(values: ArrayLike<number>, start = 0, end = values.length): void {
    for (let i = start; i < end; i++) this.add(values[i]);
  }

  merge(other: MixtureMoments): this {
    const nB = other.n;
    if (nB === 0) return this;
    const nA = this.n;
    const n = nA + nB;
    const dg = other.meanG - this.meanG;
    const dq = other.meanG2 - this.meanG2;
    const f = (nA * nB) / n;
    this.cGG += other.cGG + dg * dg * f;
    this.cGQ += other.cGQ + dg * dq * f;
    this.cQQ += other.cQQ + dq * dq * f;
    this.meanG += (dg * nB) / n;
    this.meanG2 += (dq * nB) / n;
    this.n = n;
    return this;
  }

  summary(): MixtureSummary {
    const n = this.n;
    const a = this.meanG;
    const b = this.meanG2;
    // Sample covariances of (G, G^2) divided by N: the covariance of the two means.
    const sGG = n > 1 ? this.cGG / (n - 1) / n : NaN;
    const sGQ = n > 1 ? this.cGQ / (n - 1) / n : NaN;
    const sQQ = n > 1 ? this.cQQ / (n - 1) / n : NaN;
    // kurtosis f(a, b) = 3 b / a^2 - 3: df/da = -6 b / a^3, df/db = 3 / a^2.
    const da = (-6 * b) / (a * a * a);
    const db = 3 / (a * a);
    const varK = da * da * sGG + 2 * da * db * sGQ + db * db * sQQ;
    return {
      count: n,
      variance: n > 0 ? a : NaN,
      varianceSE: Math.sqrt(sGG),
      fourthMoment: n > 0 ? 3 * b : NaN,
      fourthMomentSE: 3 * Math.sqrt(sQQ),
      excessKurtosis: n > 0 ? (3 * b) / (a * a) - 3 : NaN,
      excessKurtosisSE: Math.sqrt(Math.max(0, varK)),
    };
  }
}
