import type { PerLayer } from '../per-layer.ts';

/** What one chunk computation returns, before it is labelled as an EnsembleChunk. */
export interface ChunkResult {
  /** outputs[i * k + a] for network start + i. */
  readonly outputs: Float64Array;
  /** gram[(i * k + a) * k + b] for network start + i. */
  readonly gram: Float64Array;
  /** The per-layer quantities asked for (per-layer.ts), for networks start + i; absent when none. */
  readonly perLayer?: PerLayer;
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
