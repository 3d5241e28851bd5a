/**
 * Collects the per-layer statistics of a run (RunOptions.layerStats / .gradients) chunk by
 * chunk and summarizes them per layer: what `widelab layers` prints and what a depth view
 * plots, with a summary available after any chunk (for progress). Which quantities it keeps
 * and how it reads and summarizes them is PER_LAYER's `stat` (per-layer.ts). Keeps one value
 * per network and layer (the quantiles are exact order statistics), i.e. 8 bytes x networks x
 * depth per quantity.
 *
 *   const stats = new LayerStatsCollector(spec, { gradients: true });
 *   for await (const chunk of engine.run(spec, { layerStats: true, gradients: true })) stats.add(chunk);
 *   stats.layers(); // [{ layer, width, preactivation, gradient, correlation? }, ...]
 */
import type { EnsembleChunk } from '../types.ts';
import { askedPerLayer, PER_LAYER, PER_LAYER_KEYS, type LayerStat, type PerLayerKey } from '../per-layer.ts';
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

/** One quantity the collector keeps: per layer, one value per network. */
interface Kept {
  readonly key: PerLayerKey;
  readonly stat: LayerStat;
  /** values[l][net]; only the layers the stat has a value at. */
  readonly values: Float64Array[];
}

export class LayerStatsCollector {
  readonly depth: number;
  readonly inputs: number;
  /** Networks added so far. */
  count = 0;
  private readonly widths: number[];
  private readonly kept: Kept[];
  /** The LayerStats fields that read null (their quantity was not asked for). */
  private readonly nulls: LayerStat['field'][];

  /** Keeps every PER_LAYER quantity that layerStats (always) or `options` asks for and the inputs allow. */
  constructor(spec: RunSpec, options: { gradients?: boolean } = {}) {
    const m = spec.model;
    this.depth = m.hiddenWidths.length + 1;
    this.inputs = m.inputGram.length;
    this.widths = [...m.hiddenWidths, 1];
    const asked = askedPerLayer({ layerStats: true, gradients: options.gradients });
    this.kept = [];
    this.nulls = [];
    for (const key of PER_LAYER_KEYS) {
      const stat: LayerStat = PER_LAYER[key].stat;
      if (asked.includes(key) && this.inputs >= stat.minInputs) {
        const layers = stat.layers === 'all' ? this.depth : this.depth - 1;
        this.kept.push({
          key,
          stat,
          values: Array.from({ length: layers }, () => new Float64Array(spec.networks)),
        });
      } else if (stat.absent === 'null') {
        this.nulls.push(stat.field);
      }
    }
  }

  /** Add a chunk of a run that asked for layerStats (and gradients if collected). */
  add(chunk: EnsembleChunk): void {
    const { depth, inputs: k } = this;
    for (const { key, stat, values } of this.kept) {
      const data = chunk.perLayer?.[key];
      if (!data) throw new Error(stat.missing);
      for (let l = 0; l < values.length; l++) {
        const column = values[l];
        for (let i = 0; i < chunk.count; i++) column[chunk.start + i] = stat.value(data, i, l, depth, k);
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
    return this.widths.map((width, l) => {
      const fields: Partial<Record<LayerStat['field'], ValueSummary | PlainSummary | null>> = {};
      for (const { stat, values } of this.kept) {
        const column = values[l]?.subarray(0, n);
        fields[stat.field] = !column
          ? null
          : stat.summary === 'values'
            ? summarizeValues(column)
            : summarizePlain(column);
      }
      for (const field of this.nulls) fields[field] = null;
      // Every field of LayerStats is filled above: preactivation is always kept, gradient kept or null.
      return { layer: l + 1, width, ...fields } as LayerStats;
    });
  }
}
