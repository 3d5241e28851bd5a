/**
 * The per-layer quantities a run may return beside outputs and gram, as one table. Everything
 * that moves them (collect, chunk labelling, worker replies and transfers) or summarizes them
 * (LayerStatsCollector, `widelab layers`, the depth views) loops over PER_LAYER, so a new
 * quantity is one line here plus its producer in the chunk computations.
 *
 * A chunk's array of a quantity is network-major: network slot i's values are
 * [i * perNetwork(L, k), (i + 1) * perNetwork(L, k)), L = depth (layers 1..L, L the output).
 */

/** What a layer summary reads of a quantity: one number per network and layer. */
export interface LayerStat {
  /** The LayerStats field it fills. */
  readonly field: 'preactivation' | 'gradient' | 'correlation';
  /** The value at network slot i of a chunk and layer index l = 0..L-1. */
  readonly value: (data: Float64Array, i: number, l: number, depth: number, inputs: number) => number;
  /** The layers that have a value: all, or the hidden ones (the output layer then reads null). */
  readonly layers: 'all' | 'hidden';
  /** Fewest inputs it needs (a correlation needs two); with fewer the field is left out. */
  readonly minInputs: number;
  /** 'values': summarizeValues (mean with SE, log moments); 'plain': quantiles and mean only. */
  readonly summary: 'values' | 'plain';
  /** When the summary does not ask for it: its field reads null ('null') or is left out ('omit'). */
  readonly absent: 'null' | 'omit';
  /** What the number is, in words (the `quantity` block of `widelab layers`). */
  readonly meaning: string;
  /** Said when a chunk lacks it although the summary asked for it. */
  readonly missing: string;
}

export interface PerLayerQuantity {
  /** The RunOptions flag that asks for it. */
  readonly askedBy: 'layerStats' | 'gradients';
  /** Values per network for depth L and k inputs. */
  readonly perNetwork: (depth: number, inputs: number) => number;
  readonly stat: LayerStat;
}

export const PER_LAYER = {
  /** |z_l(x_a)|^2 / n_l of every layer's raw preactivations (before normalization), at [(net * L + l - 1) * k + a]. */
  layerNorms: {
    askedBy: 'layerStats',
    perNetwork: (depth, k) => depth * k,
    stat: {
      field: 'preactivation',
      value: (d, i, l, depth, k) => d[(i * depth + l) * k],
      layers: 'all',
      minInputs: 1,
      summary: 'values',
      absent: 'null',
      meaning:
        '|z_l(x_0)|^2 / n_l of the raw preactivations (before normalization); layer L is the output, n_L = 1',
      missing: 'this chunk has no per-layer statistics: run with { layerStats: true }',
    },
  },
  /**
   * z_l(x_a) . z_l(x_b) / n_l over units, at [((net * L + l - 1) * k + a) * k + b] (its
   * diagonal is layerNorms): the measured correlation of two inputs through depth.
   */
  layerGrams: {
    askedBy: 'layerStats',
    perNetwork: (depth, k) => depth * k * k,
    stat: {
      field: 'correlation',
      value: (d, i, l, depth, k) => {
        const at = (i * depth + l) * k * k;
        return d[at + 1] / Math.sqrt(d[at] * d[at + k + 1]);
      },
      layers: 'hidden',
      minInputs: 2,
      summary: 'plain',
      absent: 'omit',
      meaning: 'per network, z_l(x_0).z_l(x_1) / (|z_l(x_0)| |z_l(x_1)|) over the units of hidden layer l',
      missing: 'this chunk has no per-layer Grams: run with { layerStats: true }',
    },
  },
  /** The Frobenius norm |dLoss/dW_l| of weight layer l, loss = sum_a z_L(x_a)^2 / 2, at [net * L + l - 1] (explicit engines). */
  gradientNorms: {
    askedBy: 'gradients',
    perNetwork: (depth) => depth,
    stat: {
      field: 'gradient',
      value: (d, i, l, depth) => d[i * depth + l],
      layers: 'all',
      minInputs: 1,
      summary: 'values',
      absent: 'null',
      meaning: '|dLoss/dW_l| (Frobenius), loss = sum over inputs of z_L(x_a)^2 / 2',
      missing:
        'this chunk has no gradient norms: run an explicit engine (CPU or WebGPU) with { gradients: true }',
    },
  },
} as const satisfies Record<string, PerLayerQuantity>;

export type PerLayerKey = keyof typeof PER_LAYER;
/** The keys in table order (the order results list them in). */
export const PER_LAYER_KEYS = Object.keys(PER_LAYER) as PerLayerKey[];

/** The per-layer arrays of a chunk or a whole run, by quantity; a quantity not asked for is absent. */
export type PerLayer = Partial<Record<PerLayerKey, Float64Array>>;

/** The quantities that `asked` (RunOptions' flags) asks for. */
export function askedPerLayer(asked: {
  readonly layerStats?: boolean;
  readonly gradients?: boolean;
}): PerLayerKey[] {
  return PER_LAYER_KEYS.filter((key) => asked[PER_LAYER[key].askedBy] === true);
}

/** The arrays of `source` that are present, in table order (undefined when none). */
export function presentPerLayer(source: PerLayer | undefined): PerLayer | undefined {
  if (!source) return undefined;
  const out: PerLayer = {};
  let any = false;
  for (const key of PER_LAYER_KEYS) {
    const values = source[key];
    if (values) {
      out[key] = values;
      any = true;
    }
  }
  return any ? out : undefined;
}

/** Concatenates chunks' per-layer arrays into whole-run arrays, each placed at its chunk's networks. */
export class PerLayerConcat {
  private readonly arrays: PerLayer = {};

  constructor(
    private readonly networks: number,
    private readonly depth: number,
    private readonly inputs: number,
  ) {}

  add(start: number, chunk: PerLayer | undefined): void {
    if (!chunk) return;
    for (const key of PER_LAYER_KEYS) {
      const values = chunk[key];
      if (!values) continue;
      const per = PER_LAYER[key].perNetwork(this.depth, this.inputs);
      const whole = (this.arrays[key] ??= new Float64Array(this.networks * per));
      whole.set(values, start * per);
    }
  }

  /** The arrays in table order. */
  result(): PerLayer {
    return presentPerLayer(this.arrays) ?? {};
  }
}
