/** What one chunk computation returns, before it is labelled as an EnsembleChunk. */
export interface ChunkResult {
  /** outputs[i * k + a] for network start + i. */
  readonly outputs: Float64Array;
  /** gram[(i * k + a) * k + b] for network start + i. */
  readonly gram: Float64Array;
}

/** A chunk computation by name, so a worker can run it from a message. */
export type ChunkMethod = 'exact' | 'shortcut' | 'explicit';
