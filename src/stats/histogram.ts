/**
 * Histograms with fixed bin edges (so that histograms from different threads, chunks or runs
 * can be merged), with underflow/overflow counts and density normalization.
 */

export class Histogram {
  /** Bin edges, strictly increasing; bin b is [edges[b], edges[b+1]) (the last bin is closed). */
  readonly edges: Float64Array;
  readonly counts: Float64Array;
  underflow = 0;
  overflow = 0;
  /** Values that were NaN (counted nowhere else). */
  nan = 0;
  /** Equal-width bins allow an O(1) bin lookup. */
  private readonly lo: number;
  private readonly hi: number;
  private readonly invWidth: number;

  constructor(edges: ArrayLike<number>) {
    if (edges.length < 2) throw new RangeError('a histogram needs at least 2 edges');
    for (let i = 1; i < edges.length; i++) {
      if (!(edges[i] > edges[i - 1]))
        throw new RangeError('histogram edges must be strictly increasing and finite');
    }
    if (!Number.isFinite(edges[0]) || !Number.isFinite(edges[edges.length - 1])) {
      throw new RangeError('histogram edges must be finite');
    }
    this.edges = Float64Array.from(edges);
    this.counts = new Float64Array(edges.length - 1);
    this.lo = this.edges[0];
    this.hi = this.edges[this.edges.length - 1];
    const bins = this.counts.length;
    const width = (this.hi - this.lo) / bins;
    let uniform = true;
    for (let i = 0; i <= bins && uniform; i++) {
      uniform =
        Math.abs(this.edges[i] - (this.lo + i * width)) <= 1e-12 * (Math.abs(this.lo) + Math.abs(this.hi));
    }
    this.invWidth = uniform ? 1 / width : NaN;
  }

  /** B equal-width bins over [lo, hi]. */
  static uniform(lo: number, hi: number, bins: number): Histogram {
    if (!(bins >= 1) || !Number.isInteger(bins)) throw new RangeError('bins must be a positive integer');
    const e = new Float64Array(bins + 1);
    for (let i = 0; i <= bins; i++) e[i] = lo + ((hi - lo) * i) / bins;
    e[bins] = hi;
    return new Histogram(e);
  }

  /** Empty histogram with the same edges. */
  emptyLike(): Histogram {
    return new Histogram(this.edges);
  }

  get bins(): number {
    return this.counts.length;
  }

  /** All values added, including underflow, overflow and NaN. */
  get total(): number {
    let s = this.underflow + this.overflow + this.nan;
    for (let i = 0; i < this.counts.length; i++) s += this.counts[i];
    return s;
  }

  /** Index of the bin containing x, -1 below, bins above (x = the last edge is in the last bin). */
  binIndex(x: number): number {
    if (x < this.lo) return -1;
    if (x > this.hi) return this.counts.length;
    const e = this.edges;
    const last = this.counts.length - 1;
    let b: number;
    if (this.invWidth === this.invWidth) {
      b = Math.min(last, Math.floor((x - this.lo) * this.invWidth));
      // Rounding of (x - lo) / width can land one bin off; fix against the stored edges.
      if (b > 0 && x < e[b]) b--;
      else if (b < last && x >= e[b + 1]) b++;
      return b;
    }
    let l = 0;
    let h = last;
    while (l < h) {
      const mid = (l + h + 1) >>> 1;
      if (e[mid] <= x) l = mid;
      else h = mid - 1;
    }
    return l;
  }

  add(x: number, weight = 1): void {
    if (x !== x) {
      this.nan += weight;
      return;
    }
    const b = this.binIndex(x);
    if (b < 0) this.underflow += weight;
    else if (b >= this.counts.length) this.overflow += weight;
    else this.counts[b] += weight;
  }

  addArray(values: ArrayLike<number>, start = 0, end = values.length): void {
    for (let i = start; i < end; i++) this.add(values[i]);
  }

  /** Add another histogram's counts; the edges must be identical. */
  merge(other: Histogram): this {
    if (other.edges.length !== this.edges.length || other.edges.some((e, i) => e !== this.edges[i])) {
      throw new RangeError('cannot merge histograms with different edges');
    }
    for (let i = 0; i < this.counts.length; i++) this.counts[i] += other.counts[i];
    this.underflow += other.underflow;
    this.overflow += other.overflow;
    this.nan += other.nan;
    return this;
  }

  /** Bin centers. */
  centers(): Float64Array {
    const c = new Float64Array(this.counts.length);
    for (let i = 0; i < c.length; i++) c[i] = 0.5 * (this.edges[i] + this.edges[i + 1]);
    return c;
  }

  /**
   * Density count / (N * width), N = all values added (under/overflow included, NaN not), so
   * that it estimates the true density and integrates to the fraction inside the range.
   */
  density(): Float64Array {
    const n = this.total - this.nan;
    const d = new Float64Array(this.counts.length);
    for (let i = 0; i < d.length; i++) d[i] = this.counts[i] / (n * (this.edges[i + 1] - this.edges[i]));
    return d;
  }

  /** Standard error of each density value: sqrt(count) / (N * width) (Poisson counts). */
  densitySE(): Float64Array {
    const n = this.total - this.nan;
    const d = new Float64Array(this.counts.length);
    for (let i = 0; i < d.length; i++)
      d[i] = Math.sqrt(this.counts[i]) / (n * (this.edges[i + 1] - this.edges[i]));
    return d;
  }
}

/** A symmetric range [-s sqrt(variance), +s sqrt(variance)] (default +-5 sigma). */
export function symmetricRange(variance: number, sigmas = 5): [number, number] {
  if (!(variance > 0) || !Number.isFinite(variance))
    throw new RangeError('variance must be positive and finite');
  const h = sigmas * Math.sqrt(variance);
  return [-h, h];
}
