/**
 * What a trained ensemble says, network by network traces reduced to the numbers the command
 * line prints and the view draws: loss quantiles, test-output means and variances with
 * standard errors, weight and NTK movement. Diverged networks are counted and left out of
 * every statistic from the step they diverged.
 *
 *   const s = new TrainedEnsembleSummary(logs.length, T, L, N + T);
 *   for (const trace of traces) s.add(trace);
 *   const { loss, test, weightChange, ntkChange, diverged } = s.result();
 */
import type { NetworkTrace } from './cpu-trainer.ts';

export interface MeanSE {
  mean: number;
  se: number;
}

export interface TrainedSummary {
  networks: number;
  /** Per logged step, over the networks still finite there. */
  loss: { mean: number[]; q10: number[]; q90: number[] };
  /** Per test input, per logged step. */
  test: { mean: number[]; meanSE: number[]; variance: number[]; varianceSE: number[] }[];
  /** Per layer, |W_T - W_0|_F / |W_0|_F over the networks that did not diverge. */
  weightChange: MeanSE[];
  /** |Theta_T - Theta_0|_F / |Theta_0|_F on the training inputs. */
  ntkChange: MeanSE;
  /** Mean empirical NTK over the training then test inputs at the start, and its variance per entry. */
  ntkStartMean: number[];
  ntkStartVariance: number[];
  diverged: { count: number; firstStep: number | null };
}

export function meanSE(xs: readonly number[]): MeanSE {
  const m = xs.length;
  if (m === 0) return { mean: NaN, se: NaN };
  const mean = xs.reduce((s, v) => s + v, 0) / m;
  if (m < 2) return { mean, se: NaN };
  const v = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (m - 1);
  return { mean, se: Math.sqrt(v / m) };
}

/** The q-quantile by linear interpolation between order statistics (type 7). */
function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Mean, variance and their SEs of a sample: SE of the variance from the fourth central moment,
 * sqrt((m4 - v^2 (m - 3)/(m - 1)) / m).
 */
export function moments(xs: readonly number[]): {
  mean: number;
  meanSE: number;
  variance: number;
  varianceSE: number;
} {
  const m = xs.length;
  if (m < 2) return { mean: m ? xs[0] : NaN, meanSE: NaN, variance: NaN, varianceSE: NaN };
  const mean = xs.reduce((s, v) => s + v, 0) / m;
  let s2 = 0;
  let s4 = 0;
  for (const x of xs) {
    const d = (x - mean) ** 2;
    s2 += d;
    s4 += d * d;
  }
  const variance = s2 / (m - 1);
  const m4 = s4 / m;
  const varVar = Math.max(0, (m4 - (variance * variance * (m - 3)) / (m - 1)) / m);
  return { mean, meanSE: Math.sqrt(variance / m), variance, varianceSE: Math.sqrt(varVar) };
}

export class TrainedEnsembleSummary {
  private readonly traces: NetworkTrace[] = [];

  constructor(
    private readonly logs: number,
    private readonly testPoints: number,
    private readonly layers: number,
    private readonly trainPoints: number,
  ) {}

  add(trace: NetworkTrace): void {
    this.traces.push(trace);
  }

  get networks(): number {
    return this.traces.length;
  }

  result(): TrainedSummary {
    const { logs, testPoints: T, layers: L, trainPoints: N } = this;
    const all = this.traces;
    const finite = all.filter((t) => t.divergedAt < 0);
    const loss = { mean: [] as number[], q10: [] as number[], q90: [] as number[] };
    for (let s = 0; s < logs; s++) {
      const v = all.map((t) => t.loss[s]).filter((x) => Number.isFinite(x));
      v.sort((a, b) => a - b);
      loss.mean.push(v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN);
      loss.q10.push(quantile(v, 0.1));
      loss.q90.push(quantile(v, 0.9));
    }
    const test = Array.from({ length: T }, (_, t) => {
      const row = {
        mean: [] as number[],
        meanSE: [] as number[],
        variance: [] as number[],
        varianceSE: [] as number[],
      };
      for (let s = 0; s < logs; s++) {
        const m = moments(all.map((tr) => tr.test[s * T + t]).filter((x) => Number.isFinite(x)));
        row.mean.push(m.mean);
        row.meanSE.push(m.meanSE);
        row.variance.push(m.variance);
        row.varianceSE.push(m.varianceSE);
      }
      return row;
    });
    const weightChange = Array.from({ length: L }, (_, l) => meanSE(finite.map((t) => t.weightChange[l])));
    const P = Math.round(Math.sqrt(all[0]?.ntkStart.length ?? 0));
    const trainNorm = (m: Float64Array, sub?: Float64Array) => {
      let s = 0;
      for (let p = 0; p < N; p++)
        for (let q = 0; q < N; q++) s += (m[p * P + q] - (sub ? sub[p * P + q] : 0)) ** 2;
      return Math.sqrt(s);
    };
    const ntkChange = meanSE(finite.map((t) => trainNorm(t.ntkEnd, t.ntkStart) / trainNorm(t.ntkStart)));
    const ntkStartMean: number[] = [];
    const ntkStartVariance: number[] = [];
    for (let q = 0; q < P * P; q++) {
      const m = moments(all.map((t) => t.ntkStart[q]));
      ntkStartMean.push(m.mean);
      ntkStartVariance.push(m.variance);
    }
    const divergedSteps = all.filter((t) => t.divergedAt >= 0).map((t) => t.divergedAt);
    return {
      networks: all.length,
      loss,
      test,
      weightChange,
      ntkChange,
      ntkStartMean,
      ntkStartVariance,
      diverged: {
        count: divergedSteps.length,
        firstStep: divergedSteps.length ? Math.min(...divergedSteps) : null,
      },
    };
  }
}
