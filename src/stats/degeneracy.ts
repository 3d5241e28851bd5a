/**
 * Whether an ensemble of values can carry a distribution at all: all exactly 0 (dead ReLU
 * networks), all equal, overflowed, or so large that the moments a kurtosis and its standard
 * error need (up to the 8th power) overflow float64. Moments, histograms and density overlays
 * of such an ensemble are meaningless, so views name the case instead of drawing it.
 *
 *   const p = new ValueProfile(); p.addArray(outputs, 0, count);
 *   const d = degeneracyOf(p.summary());   // { kind: 'all-zero', count: 500 }
 */

export interface ValueProfileSummary {
  /** All values added, non-finite ones included. */
  count: number;
  /** Values exactly 0 (either sign). */
  zeros: number;
  /** NaN or +-Infinity. */
  nonFinite: number;
  /** Range of the finite values (NaN when there are none). */
  min: number;
  max: number;
}

/** Streaming counts of zeros and non-finite values and the finite range. */
export class ValueProfile {
  private count = 0;
  private zeros = 0;
  private nonFinite = 0;
  private min = Infinity;
  private max = -Infinity;

  addArray(values: ArrayLike<number>, start = 0, end = values.length): void {
    for (let i = start; i < end; i++) {
      const v = values[i];
      this.count++;
      if (!Number.isFinite(v)) {
        this.nonFinite++;
        continue;
      }
      if (v === 0) this.zeros++;
      if (v < this.min) this.min = v;
      if (v > this.max) this.max = v;
    }
  }

  summary(): ValueProfileSummary {
    const any = this.count > this.nonFinite;
    return {
      count: this.count,
      zeros: this.zeros,
      nonFinite: this.nonFinite,
      min: any ? this.min : NaN,
      max: any ? this.max : NaN,
    };
  }
}

export type Degeneracy =
  | { kind: 'none' }
  /** Every value overflowed (NaN or Infinity). */
  | { kind: 'overflow'; count: number }
  /** Some values overflowed; `nonFinite` of `count` are left out. */
  | { kind: 'partial-overflow'; count: number; nonFinite: number }
  | { kind: 'all-zero'; count: number }
  /** At least two values, all equal (and not 0): variance 0, no shape. */
  | { kind: 'constant'; count: number; value: number }
  /** Finite, but |value|^8 overflows float64: kurtosis SEs (and beyond 1e77, kurtoses) are undefined. */
  | { kind: 'huge'; count: number; maxAbs: number }
  /** At least half of the values are exactly 0: the moments rest on the few others. */
  | { kind: 'mostly-zero'; count: number; zeros: number };

/** The largest |x| whose 8th power, summed over `count` values, stays finite in float64. */
function eighthPowerLimit(count: number): number {
  return (Number.MAX_VALUE / Math.max(1, count)) ** (1 / 8);
}

/**
 * The most severe way the values are degenerate, in this order: overflow, all zero, all
 * equal, partial overflow, too large for the 8th moment, mostly zero; else 'none' (also for
 * no values yet).
 */
export function degeneracyOf(p: ValueProfileSummary): Degeneracy {
  const { count, zeros, nonFinite } = p;
  if (count === 0) return { kind: 'none' };
  if (nonFinite === count) return { kind: 'overflow', count };
  if (zeros === count) return { kind: 'all-zero', count };
  if (nonFinite === 0 && count >= 2 && p.min === p.max) return { kind: 'constant', count, value: p.min };
  if (nonFinite > 0) return { kind: 'partial-overflow', count, nonFinite };
  const maxAbs = Math.max(Math.abs(p.min), Math.abs(p.max));
  if (maxAbs > eighthPowerLimit(count)) return { kind: 'huge', count, maxAbs };
  if (2 * zeros >= count) return { kind: 'mostly-zero', count, zeros };
  return { kind: 'none' };
}

/** Degenerate cases where no density, moment or overlay of the values means anything. */
export function isDegenerate(d: Degeneracy): boolean {
  return d.kind === 'overflow' || d.kind === 'all-zero' || d.kind === 'constant';
}
