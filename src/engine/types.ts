/**
 * The interface every engine implements: a run description in, a stream of per-network
 * results out, in chunks, with progress and cancellation between chunks.
 */
import type { RunSpec } from './spec.ts';

export type EngineKind = 'exact' | 'explicit';
export type Backend = 'cpu' | 'webgpu';

/** Results for networks [start, start + count). */
export interface EnsembleChunk {
  readonly start: number;
  readonly count: number;
  /** Number of inputs k. */
  readonly inputs: number;
  /** Output unit 0 of each network for each input: outputs[net * k + a] = z_L(x_a). */
  readonly outputs: Float64Array;
  /**
   * The output layer's conditional covariance G_L of each network (k x k, row-major):
   * given the last hidden layer, z_L ~ N(0, G_L) exactly. Used for Rao-Blackwellized
   * densities and moments (E z^4 = 3 E G^2).
   */
  readonly gram: Float64Array;
  /**
   * Only when the run asked for RunOptions.layerStats (CPU engines): |z_l(x_a)|^2 / n_l of
   * every layer's raw preactivations (before normalization), l = 1..L (n_L = 1: the output),
   * at layerNorms[(net * L + l - 1) * k + a].
   */
  readonly layerNorms?: Float64Array;
  /**
   * With layerStats, the k x k Gram of every layer's raw preactivations over units,
   * z_l(x_a) . z_l(x_b) / n_l, at layerGrams[((net * L + l - 1) * k + a) * k + b] (its diagonal
   * is layerNorms): the measured correlation of two inputs through depth.
   */
  readonly layerGrams?: Float64Array;
  /**
   * Only when the run asked for RunOptions.gradients (the explicit engines, CPU and WebGPU): the Frobenius
   * norm |dLoss/dW_l| of each weight layer l = 1..L, loss = sum_a z_L(x_a)^2 / 2, at
   * gradientNorms[net * L + l - 1].
   */
  readonly gradientNorms?: Float64Array;
}

export interface RunOptions {
  signal?: AbortSignal;
  /**
   * Called after each chunk with networks done and total. The explicit CPU engine, whose chunk
   * can be one network of many seconds, also calls it after each layer when it runs in this
   * thread, with a fractional `done` (networks finished plus the share of layers of the next).
   */
  onProgress?: (done: number, total: number) => void;
  /** Networks per chunk; engines pick a size that keeps a chunk short when absent. */
  chunkNetworks?: number;
  /** Worker threads for CPU engines in Node (default: one per core). */
  threads?: number;
  /**
   * Also return EnsembleChunk.layerNorms (CPU engines; others ignore it). The exact engine then
   * takes the full Gaussian-conditioning path, never the scale-invariant shortcut: the
   * shortcut draws each layer's factor M_l without the units, and |z_l|^2 is not independent
   * of M_l (for ReLU both count the same positive units), so it cannot be added as a draw.
   */
  layerStats?: boolean;
  /** Also return EnsembleChunk.gradientNorms (the explicit engines, CPU and WebGPU; the exact engines ignore it). */
  gradients?: boolean;
}

export interface Engine {
  readonly kind: EngineKind;
  readonly backend: Backend;
  /** A short description of what runs: 'exact (Gaussian conditioning), cpu'. */
  describe(spec: RunSpec): string;
  run(spec: RunSpec, options?: RunOptions): AsyncGenerator<EnsembleChunk, void, undefined>;
}

/** The error a cancelled run throws, matching the platform's AbortSignal convention. */
export function abortError(): Error {
  const e = new Error('the run was cancelled');
  e.name = 'AbortError';
  return e;
}
