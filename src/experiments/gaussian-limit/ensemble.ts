/**
 * The main ensemble of the Gaussian-limit view as it streams in (one input): the histogram of
 * outputs, their moments, and the Rao-Blackwellized mixture of each network's conditional
 * Gaussian N(0, G_L) on a grid. DOM-free.
 */
import {
  Histogram,
  MixtureMoments,
  Moments,
  ValueProfile,
  degeneracyOf,
  mixtureDensity,
  type Degeneracy,
} from '../../stats/index.ts';
import { linearGrid, type Curve, type OutputTheory } from './theory-curves.ts';

export const HISTOGRAM_BINS = 61;
export const GRID_POINTS = 161;
/** Histogram and curves span +-RANGE_SIGMAS sqrt(K_L). */
export const RANGE_SIGMAS = 5;

export interface Readout {
  networks: number;
  variance: number;
  varianceSE: number;
  /** Sample excess kurtosis of the outputs (one per network). */
  kurtosis: number;
  kurtosisSE: number;
  /** Rao-Blackwellized (from each network's G_L): same estimand, far smaller SE. */
  kurtosisRB: number;
  kurtosisRBSE: number;
}

/** Streaming accumulators of the main ensemble (one input). */
export class EnsembleAccumulator {
  readonly histogram: Histogram;
  readonly moments = new Moments();
  readonly mixtureMoments = new MixtureMoments();
  readonly profile = new ValueProfile();
  readonly grid: Float64Array;
  private readonly mixtureSum: Float64Array;
  private readonly scratch: Float64Array;

  constructor(readonly theory: OutputTheory) {
    const K = Number.isFinite(theory.K) && theory.K > 0 ? theory.K : 1;
    const h = RANGE_SIGMAS * Math.sqrt(K);
    this.histogram = Histogram.uniform(-h, h, HISTOGRAM_BINS);
    this.grid = linearGrid(-h, h, GRID_POINTS);
    this.mixtureSum = new Float64Array(GRID_POINTS);
    this.scratch = new Float64Array(GRID_POINTS);
  }

  get networks(): number {
    return this.moments.count;
  }

  /** outputs and grams of `count` networks, one input (k = 1). */
  add(outputs: ArrayLike<number>, gram: ArrayLike<number>, count: number): void {
    this.histogram.addArray(outputs, 0, count);
    this.profile.addArray(outputs, 0, count);
    this.moments.addArray(outputs, 0, count);
    this.mixtureMoments.addArray(gram, 0, count);
    const g =
      gram instanceof Float64Array ? gram.subarray(0, count) : Array.prototype.slice.call(gram, 0, count);
    mixtureDensity(g, this.grid, this.scratch);
    for (let j = 0; j < GRID_POINTS; j++) this.mixtureSum[j] += this.scratch[j] * count;
  }

  readout(): Readout {
    const m = this.moments.summary();
    const rb = this.mixtureMoments.summary();
    return {
      networks: m.count,
      variance: m.variance,
      varianceSE: m.varianceSE,
      kurtosis: m.excessKurtosis,
      kurtosisSE: m.excessKurtosisSE,
      kurtosisRB: rb.excessKurtosis,
      kurtosisRBSE: rb.excessKurtosisSE,
    };
  }

  degeneracy(): Degeneracy {
    return degeneracyOf(this.profile.summary());
  }

  mixture(): Curve {
    const n = this.networks;
    return { x: Array.from(this.grid), y: Array.from(this.mixtureSum, (s) => (n > 0 ? s / n : 0)) };
  }
}
