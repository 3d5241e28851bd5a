/**
 * Summaries of one per-network quantity over an ensemble, as `widelab layers` prints them:
 * the mean with its standard error, exact order statistics (no binning), and the moments of
 * the logarithm, whose law is exact for ReLU/linear networks (theory/log-norm.ts).
 */

export interface Estimate {
  value: number;
  se: number;
}

export interface ValueSummary {
  /** Finite values summarized. */
  count: number;
  /** Networks whose value overflowed (Infinity/NaN), left out. */
  nonFinite: number;
  mean: Estimate;
  median: number;
  q10: number;
  q90: number;
  /** Moments of log(value) over the positive values (zero: a dead layer, log = -infinity). */
  log: { count: number; mean: Estimate; variance: Estimate };
}

/**
 * The p-quantile as an exact order statistic: the smallest sample value x with
 * (number of values <= x) >= p m, i.e. sorted[ceil(p m) - 1] (NaN for no values).
 */
export function orderStatistic(sorted: ArrayLike<number>, p: number): number {
  const m = sorted.length;
  if (m === 0) return NaN;
  const i = Math.min(m - 1, Math.max(0, Math.ceil(p * m) - 1));
  return sorted[i];
}

/** Mean and its standard error; variance (m - 1 denominator) and its delta-method SE. */
function moments(xs: ArrayLike<number>): { mean: Estimate; variance: Estimate } {
  const m = xs.length;
  let s = 0;
  for (let i = 0; i < m; i++) s += xs[i];
  const mean = m > 0 ? s / m : NaN;
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < m; i++) {
    const d = (xs[i] - mean) ** 2;
    m2 += d;
    m4 += d * d;
  }
  const variance = m > 1 ? m2 / (m - 1) : NaN;
  m2 /= m;
  m4 /= m;
  return {
    mean: { value: mean, se: m > 1 ? Math.sqrt(variance / m) : NaN },
    variance: { value: variance, se: m > 1 ? Math.sqrt(Math.max(0, m4 - m2 * m2) / m) : NaN },
  };
}

/** A quantity without a log law (a correlation): the summary less its log moments. */
export type PlainSummary = Omit<ValueSummary, 'log'>;

export function summarizePlain(values: ArrayLike<number>): PlainSummary {
  const { log: _log, ...rest } = summarizeValues(values);
  return rest;
}

export function summarizeValues(values: ArrayLike<number>): ValueSummary {
  const finite: number[] = [];
  const logs: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    finite.push(v);
    if (v > 0) logs.push(Math.log(v));
  }
  const sorted = Float64Array.from(finite).sort();
  const log = moments(logs);
  return {
    count: finite.length,
    nonFinite: values.length - finite.length,
    mean: moments(finite).mean,
    median: orderStatistic(sorted, 0.5),
    q10: orderStatistic(sorted, 0.1),
    q90: orderStatistic(sorted, 0.9),
    log: { count: logs.length, mean: log.mean, variance: log.variance },
  };
}
