/**
 * Collects the per-layer statistics of a run (RunOptions.layerStats / .gradients) chunk by
 * chunk and summarizes them per layer: what `widelab layers` prints and what a depth view
 * plots, with a summary available after any chunk (for progress). Keeps one value per network
 * and layer (the quantiles are exact order statistics), i.e. 8 bytes x networks x depth per
 * quantity.
 *
 *   const stats = new LayerStatsCollector(spec, { gradients: true });
 *   for await (const chunk of engine.run(spec, { layerStats: true, gradients: true })) stats.add(chunk);
 *   stats.layers(); // [{ layer, width, preactivation, gradient, correlation? }, ...]
 */
import type { EnsembleChunk } from '../types.ts';
import type { RunSpec } from '../spec.ts';
import { summarizePlain, summarizeValues, type PlainSummary, type ValueSummary } from './layer-summary.ts';

export type { Estimate, PlainSummary, ValueSummary } from './layer-summary.ts';
export { orderStatistic, summarizePlain, summarizeValues } from './layer-summary.ts';

export interface LayerStats {
  /** l = 1..L. */
  layer: number;
  /** n_l (1 for the output layer L). */
  width: number;
  /** |z_l(x_0)|^2 / n_l of the raw preactivations, over networks. */
  preactivation: ValueSummary;
  /** |dLoss/dW_l|_F over networks; null when not collected (the exact engine has no weights). */
  gradient: ValueSummary | null;
  /**
   * k >= 2: per network, z_l(x_0).z_l(x_1) / (|z_l(x_0)| |z_l(x_1)|) over the units of hidden
   * layer l; null for the output layer (one unit). Absent for one input.
   */
  correlation?: PlainSummary | null;
}

export class LayerStatsCollector {
  readonly depth: number;
  readonly inputs: number;
  /** Networks added so far. */
  count = 0;
  private readonly widths: number[];
  private readonly norms: Float64Array[];
  private readonly grads: Float64Array[] | null;
  private readonly corr: Float64Array[] | null;

  constructor(spec: RunSpec, options: { gradients?: boolean } = {}) {
    const m = spec.model;
    this.depth = m.hiddenWidths.length + 1;
    this.inputs = m.inputGram.length;
    this.widths = [...m.hiddenWidths, 1];
    const M = spec.networks;
    this.norms = Array.from({ length: this.depth }, () => new Float64Array(M));
    this.grads = options.gradients ? Array.from({ length: this.depth }, () => new Float64Array(M)) : null;
    this.corr = this.inputs >= 2 ? Array.from({ length: this.depth - 1 }, () => new Float64Array(M)) : null;
  }

  /** Add a chunk of a run that asked for layerStats (and gradients if collected). */
  add(chunk: EnsembleChunk): void {
    const { depth, inputs: k } = this;
    const ln = chunk.layerNorms;
    if (!ln) throw new Error('this chunk has no per-layer statistics: run with { layerStats: true } on a CPU engine');
    if (this.grads && !chunk.gradientNorms) {
      throw new Error('this chunk has no gradient norms: run an explicit engine (CPU or WebGPU) with { gradients: true }');
    }
    for (let i = 0; i < chunk.count; i++) {
      const net = chunk.start + i;
      for (let l = 0; l < depth; l++) {
        this.norms[l][net] = ln[(i * depth + l) * k];
        if (this.grads) this.grads[l][net] = chunk.gradientNorms![i * depth + l];
        if (this.corr && chunk.layerGrams && l < depth - 1) {
          const at = (i * depth + l) * k * k;
          const g = chunk.layerGrams;
          this.corr[l][net] = g[at + 1] / Math.sqrt(g[at] * g[at + k + 1]);
        }
      }
    }
    this.count += chunk.count;
  }

  /**
   * Per-layer summaries over the networks added so far (chunks arrive in network order, so
   * these are networks [0, count)).
   */
  layers(): LayerStats[] {
    const n = this.count;
    return this.norms.map((values, l) => ({
      layer: l + 1,
      width: this.widths[l],
      preactivation: summarizeValues(values.subarray(0, n)),
      gradient: this.grads ? summarizeValues(this.grads[l].subarray(0, n)) : null,
      ...(this.corr ? { correlation: l < this.depth - 1 ? summarizePlain(this.corr[l].subarray(0, n)) : null } : {}),
    }));
  }
}
