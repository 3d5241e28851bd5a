/** What one chunk computation returns, before it is labelled as an EnsembleChunk. */
export interface ChunkResult {
  /** outputs[i * k + a] for network start + i. */
  readonly outputs: Float64Array;
  /** gram[(i * k + a) * k + b] for network start + i. */
  readonly gram: Float64Array;
  /** layerNorms[(i * L + l - 1) * k + a] = |z_l(x_a)|^2 / n_l, when asked for. */
  readonly layerNorms?: Float64Array;
  /** layerGrams[((i * L + l - 1) * k + a) * k + b] = z_l(x_a) . z_l(x_b) / n_l, with layerNorms. */
  readonly layerGrams?: Float64Array;
  /** gradientNorms[i * L + l - 1] = |dLoss/dW_l|_F, when asked for (explicit engine). */
  readonly gradientNorms?: Float64Array;
}

/** What a chunk computation is asked to return beside outputs and gram. */
export interface ChunkOptions {
  readonly layerStats?: boolean;
  readonly gradients?: boolean;
  /**
   * Called after each hidden layer of each network (slot = its index in the chunk). Only for a
   * chunk computed in this thread: a function cannot travel to a worker, so pool tasks drop it.
   */
  readonly onLayer?: (slot: number, layer: number) => void;
}

/** A chunk computation by name, so a worker can run it from a message. */
export type ChunkMethod = 'exact' | 'shortcut' | 'explicit';
