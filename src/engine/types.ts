/**
 * The interface every engine implements: a run description in, a stream of per-network
 * results out, in chunks, with progress and cancellation between chunks.
 */
import type { RunSpec } from './spec.ts';
import type { PerLayer } from './per-layer.ts';
import type { AdapterReport } from './webgpu/device.ts';

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
   * The per-layer quantities the run asked for (RunOptions.layerStats: layerNorms and
   * layerGrams; RunOptions.gradients on an explicit engine: gradientNorms), laid out as
   * PER_LAYER (per-layer.ts) describes; absent when none was asked for.
   */
  readonly perLayer?: PerLayer;
}

/**
 * Engine.estimateCost: nanoseconds on one CPU core for the CPU engines (cost.ts, what they
 * plan chunks and threads with); for the WebGPU engines the pacer's work units, which it
 * converts to time from measured submissions (no fixed time is meaningful across adapters).
 */
export interface CpuCostEstimate {
  readonly unit: 'cpu-ns';
  /** One network on one CPU core, in nanoseconds. */
  readonly nanosPerNetwork: number;
  /** The whole ensemble (spec.networks) on one CPU core, in seconds. */
  readonly seconds: number;
}

export interface GpuCostEstimate {
  readonly unit: 'gpu-units';
  /** The pacer's work units (draws plus fixed per-layer costs) of one network. */
  readonly unitsPerNetwork: number;
}

export type CostEstimate = CpuCostEstimate | GpuCostEstimate;

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
   * Also return EnsembleChunk.perLayer's layerNorms and layerGrams. The exact CPU engine then
   * takes the full Gaussian-conditioning path, never the scale-invariant shortcut: the
   * shortcut draws each layer's factor M_l without the units, and |z_l|^2 is not independent
   * of M_l (for ReLU both count the same positive units), so it cannot be added as a draw.
   */
  layerStats?: boolean;
  /** Also return EnsembleChunk.perLayer.gradientNorms (the explicit engines, CPU and WebGPU; the exact engines ignore it). */
  gradients?: boolean;
}

export interface Engine {
  readonly kind: EngineKind;
  readonly backend: Backend;
  /** A short description of what runs with these options: 'exact (Gaussian conditioning), cpu'. */
  describe(spec: RunSpec, options?: RunOptions): string;
  /**
   * What the run costs, from cost.ts: nanoseconds on one CPU core for the CPU engines (what
   * they plan chunks and threads with), the pacer's work units for the WebGPU engines.
   */
  estimateCost(spec: RunSpec, options?: RunOptions): CostEstimate;
  run(spec: RunSpec, options?: RunOptions): AsyncGenerator<EnsembleChunk, void, undefined>;
  /** The GPU adapter a WebGPU engine runs on (absent on the CPU engines). */
  adapterInfo?(): AdapterReport | undefined;
}

/** The error a cancelled run throws, matching the platform's AbortSignal convention. */
export function abortError(): Error {
  const e = new Error('the run was cancelled');
  e.name = 'AbortError';
  return e;
}
