/**
 * Unbiased estimators of the cumulants kappa_2, kappa_3, kappa_4 and kappa_6 of a variable whose
 * mean is known to be 0 (a sum of standardized terms), with standard errors, from streaming,
 * mergeable power sums S_r = sum x^r, r = 1..12.
 *
 * Why not moments.ts: its Moments accumulator estimates the mean too and stops at order 8, which
 * bounds it at the kurtosis; kappa_6's standard error needs moments to order 12. With the mean
 * known, each product of moments has an exact U-statistic (sums over distinct indices, written
 * in power sums), so the estimators below are exactly unbiased for every N (tested by
 * enumerating small samples):
 *
 *   mu_4 mu_2 <- (S4 S2 - S6) / N(N-1)      mu_3^2 <- (S3^2 - S6) / N(N-1)
 *   mu_2^2    <- (S2^2 - S4) / N(N-1)       mu_2^3 <- (S2^3 - 3 S2 S4 + 2 S6) / N(N-1)(N-2)
 *   kappa_4 = mu_4 - 3 mu_2^2,   kappa_6 = mu_6 - 15 mu_4 mu_2 - 10 mu_3^2 + 30 mu_2^3.
 *
 * Standard errors by the delta method: a smooth function of the moments varies, to O(1/N), as
 * the mean of its influence function h(x) = sum_k c_k x^k (c_k = d kappa / d mu_k), so
 * SE^2 = Var h(X) / N = sum_{j,k} c_j c_k (mu_{j+k} - mu_j mu_k) / N with sample moments plugged
 * in. For a Gaussian that is 24/N for kappa_4 and 720/N for kappa_6, the textbook values.
 * Where mu_3 = 0 (every symmetric law) kappa_6's influence function does not see its -10 mu_3^2
 * term, whose U-statistic then has variance 2 mu_6^2 / N(N-1) (its second-order, degenerate
 * part): that is added, so a coin, whose even powers are constant, still gets an SE (there a
 * conservative one, about twice too large: the plug-in m_3^2 adds twice as much again on average).
 *
 *   const c = new ZeroMeanCumulants(); for (const x of xs) c.add(x); c.estimate().kappa4;
 */

/** Power sums kept: S_1..S_12 (kappa_6's influence function squared has degree 12). */
const ORDER = 12;

export interface CumulantEstimate {
  count: number;
  /** Estimate and standard error; NaN where N is too small (N < 3 for kappa_6). */
  kappa2: number;
  kappa2SE: number;
  kappa3: number;
  kappa3SE: number;
  kappa4: number;
  kappa4SE: number;
  kappa6: number;
  kappa6SE: number;
}

/** Var h / N for h(x) = sum_k c[k] x^k, with raw moments m[0..]. */
function influenceVariance(c: readonly number[], m: ArrayLike<number>, n: number): number {
  let v = 0;
  for (let j = 0; j < c.length; j++) {
    if (c[j] === 0) continue;
    for (let k = 0; k < c.length; k++) {
      if (c[k] !== 0) v += c[j] * c[k] * (m[j + k] - m[j] * m[k]);
    }
  }
  return Math.max(0, v) / n;
}

const influenceSE = (c: readonly number[], m: ArrayLike<number>, n: number): number =>
  Math.sqrt(influenceVariance(c, m, n));

/** Streaming, mergeable power sums of a zero-mean variable, and its cumulant estimates. */
export class ZeroMeanCumulants {
  /** sums[0] = N, sums[r] = sum x^r. */
  readonly sums = new Float64Array(ORDER + 1);

  add(x: number): void {
    const s = this.sums;
    s[0] += 1;
    let p = 1;
    for (let r = 1; r <= ORDER; r++) {
      p *= x;
      s[r] += p;
    }
  }

  /** Add another accumulator's sums (the other is unchanged). */
  merge(other: ZeroMeanCumulants): this {
    for (let r = 0; r <= ORDER; r++) this.sums[r] += other.sums[r];
    return this;
  }

  get count(): number {
    return this.sums[0];
  }

  estimate(): CumulantEstimate {
    return cumulantsFromPowerSums(this.sums);
  }
}

/** The estimates from power sums sums[0] = N, sums[r] = sum x^r (r <= 12). */
export function cumulantsFromPowerSums(sums: ArrayLike<number>): CumulantEstimate {
  const n = sums[0];
  const [S2, S3, S4, S6] = [sums[2], sums[3], sums[4], sums[6]];
  const m = Array.from({ length: ORDER + 1 }, (_, r) => (r === 0 ? 1 : sums[r] / n));
  const nn1 = n * (n - 1);
  const mu22 = (S2 * S2 - S4) / nn1;
  const mu42 = (S4 * S2 - S6) / nn1;
  const mu33 = (S3 * S3 - S6) / nn1;
  const mu222 = (S2 * S2 * S2 - 3 * S2 * S4 + 2 * S6) / (nn1 * (n - 2));
  const kappa4 = n > 1 ? m[4] - 3 * mu22 : NaN;
  const kappa6 = n > 2 ? m[6] - 15 * mu42 - 10 * mu33 + 30 * mu222 : NaN;
  const [m2, m3, m4] = [m[2], m[3], m[4]];
  return {
    count: n,
    kappa2: n > 0 ? m2 : NaN,
    kappa2SE: n > 1 ? influenceSE([0, 0, 1], m, n) : NaN,
    kappa3: n > 0 ? m3 : NaN,
    kappa3SE: n > 1 ? influenceSE([0, 0, 0, 1], m, n) : NaN,
    kappa4,
    kappa4SE: n > 1 ? influenceSE([0, 0, -6 * m2, 0, 1], m, n) : NaN,
    kappa6,
    kappa6SE:
      n > 2
        ? Math.sqrt(
            influenceVariance([0, 0, 90 * m2 * m2 - 15 * m4, -20 * m3, -15 * m2, 0, 1], m, n) +
              (200 * Math.max(0, m[6] * m[6] - m3 ** 4)) / nn1,
          )
        : NaN,
  };
}
