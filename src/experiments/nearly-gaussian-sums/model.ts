/**
 * The "Nearly-Gaussian sums" model: S_n = (1/sqrt n) sum_{i=1..n} X_i for n = 1, 2, 4, ..., 4096,
 * `samples` sums each, with the terms drawn by the lab's counter-based generator (src/random):
 * term i of sum m is the address (seed, m; block i >> 2, purpose Sum), so the same seed gives
 * the same sums on any machine and in any chunking. Each sample draws 4096 terms once and every
 * S_n is a prefix of it (the n's share their terms, which is how a wider layer adds inputs to
 * the same unit); per n the model keeps a histogram and the power sums of the cumulant
 * estimators (stats/cumulants.ts). The exact cumulants are theory/iid-sums.ts's.
 *
 *   const sampler = new SumSampler('coin', 1); sampler.addSamples(0, 1000); sampler.snapshot(1000);
 */
import { Purpose } from '../../random/address.ts';
import { fillUniforms } from '../../random/normals.ts';
import { philox4x32Blocks } from '../../random/philox.ts';
import { cos2piUniformWord, logUniformWord, sin2piUniformWord } from '../../random/elementary.ts';
import { Histogram } from '../../stats/histogram.ts';
import { ZeroMeanCumulants, type CumulantEstimate } from '../../stats/cumulants.ts';
import { macrotask } from '../../engine/cpu/in-order.ts';
import type { SumDistribution } from '../../theory/iid-sums.ts';
import { SUM_WIDTHS, SUMS_LIMITS, type SumsState } from './state.ts';

/** The histograms' range and bins (0.2 wide: smooth at 10^4 sums): the sums are standardized, so one range fits every n. */
export const HISTOGRAM = { lo: -5, hi: 5, bins: 50 } as const;

/** Sums per chunk: about 4 x 10^6 draws, tens of milliseconds, between progress reports and cancel points. */
export const CHUNK_SAMPLES = 1000;

export interface SumsSnapshot {
  distribution: SumDistribution;
  seed: number;
  /** Sums drawn so far (per n) and planned. */
  samples: number;
  totalSamples: number;
  progress: number;
  /** n of each entry below. */
  widths: readonly number[];
  estimates: CumulantEstimate[];
  edges: Float64Array;
  /** Density of each n's histogram (counts / (samples * bin width)). */
  density: Float64Array[];
  /** Sums outside the histogram's range, per n. */
  outside: number[];
}

const SQRT2 = Math.SQRT2;
const SQRT3 = Math.sqrt(3);
const HALF_WORD = 2 ** 31;

/**
 * Terms X_0..X_{count-1} of sum `sample`, each standardized (mean 0, variance 1). The coin,
 * uniform and exponential take one uniform each; the ReLU unit takes the Box-Muller pair
 * (w, u) = normals (2i, 2i+1) of the same address (what fillNormals would give) and returns
 * sqrt 2 w relu(u). It computes it from the pair's words (w0, w1): u = r sin(2 pi u1) > 0
 * exactly when w1 < 2^31, and then w u = -2 ln(u0) cos(2 pi u1) sin(2 pi u1), so half the
 * terms need no logarithm or sine at all (tested equal to the normals' product).
 */
export function fillTerms(
  d: SumDistribution,
  seed: number,
  sample: number,
  out: Float64Array,
  count: number,
  words: Uint32Array,
): void {
  if (d === 'relu-unit') {
    // Normals 2i and 2i+1 are lanes (0, 1) or (2, 3) of block i >> 1: words 2i and 2i+1.
    philox4x32Blocks(0, 0, 0, Purpose.Sum, seed, sample, (count + 1) >>> 1, words, 0);
    for (let i = 0; i < count; i++) {
      const w1 = words[2 * i + 1];
      out[i] =
        w1 < HALF_WORD
          ? SQRT2 * -2 * logUniformWord(words[2 * i]) * cos2piUniformWord(w1) * sin2piUniformWord(w1)
          : 0;
    }
    return;
  }
  fillUniforms(seed, sample, Purpose.Sum, 0, 0, out, count);
  if (d === 'uniform') for (let i = 0; i < count; i++) out[i] = SQRT3 * (2 * out[i] - 1);
  else if (d === 'coin') for (let i = 0; i < count; i++) out[i] = out[i] < 0.5 ? -1 : 1;
  // Uniforms lie in the open interval (0, 1): the logarithm is finite.
  else for (let i = 0; i < count; i++) out[i] = -Math.log(out[i]) - 1;
}

/** Accumulates the sums of samples [from, to) for every n; mergeable chunk by chunk. */
export class SumSampler {
  readonly accumulators: ZeroMeanCumulants[];
  readonly histograms: Histogram[];
  private readonly terms: Float64Array;
  private readonly words: Uint32Array;
  private readonly maxWidth: number;
  count = 0;

  constructor(
    readonly distribution: SumDistribution,
    readonly seed: number,
    readonly widths: readonly number[] = SUM_WIDTHS,
  ) {
    this.maxWidth = widths.at(-1) ?? 1;
    this.terms = new Float64Array(this.maxWidth);
    this.words = new Uint32Array(2 * this.maxWidth + 4);
    this.accumulators = widths.map(() => new ZeroMeanCumulants());
    this.histograms = widths.map(() => Histogram.uniform(HISTOGRAM.lo, HISTOGRAM.hi, HISTOGRAM.bins));
  }

  addSamples(from: number, to: number): void {
    const t = this.terms;
    const widths = this.widths;
    for (let m = from; m < to; m++) {
      fillTerms(this.distribution, this.seed, m, t, this.maxWidth, this.words);
      let s = 0;
      let next = 0;
      for (let i = 0; i < this.maxWidth; i++) {
        s += t[i];
        if (i + 1 === widths[next]) {
          const z = s / Math.sqrt(i + 1);
          this.accumulators[next].add(z);
          this.histograms[next].add(z);
          next++;
        }
      }
    }
    this.count += to - from;
  }

  snapshot(totalSamples: number): SumsSnapshot {
    const h0 = this.histograms[0];
    return {
      distribution: this.distribution,
      seed: this.seed,
      samples: this.count,
      totalSamples,
      progress: totalSamples > 0 ? this.count / totalSamples : 1,
      widths: this.widths,
      estimates: this.accumulators.map((a) => a.estimate()),
      edges: h0.edges.slice(),
      density: this.histograms.map((h) => (this.count > 0 ? h.density() : new Float64Array(h.bins))),
      outside: this.histograms.map((h) => h.underflow + h.overflow),
    };
  }
}

/** Streams the run of `state`: a snapshot after each chunk of sums; a cancel or a new job stops it between chunks. */
export async function runSums(
  state: SumsState,
  onSnapshot: (s: SumsSnapshot) => void,
  checkpoint: () => Promise<void> = () => Promise.resolve(),
): Promise<SumsSnapshot> {
  const total = Math.min(state.samples, SUMS_LIMITS.maxSamples);
  const sampler = new SumSampler(state.distribution, state.seed);
  for (let from = 0; from < total; from += CHUNK_SAMPLES) {
    sampler.addSamples(from, Math.min(total, from + CHUNK_SAMPLES));
    onSnapshot(sampler.snapshot(total));
    // Let the worker read a cancel or a new job, then stop or pause here if one came.
    await macrotask();
    await checkpoint();
  }
  return sampler.snapshot(total);
}
