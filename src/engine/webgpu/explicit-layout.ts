/**
 * Where one chunk of the explicit engine keeps its activations on the GPU, shared by the
 * forward pass (explicit-webgpu.ts) and the backward pass (explicit-backward.ts), and the
 * uniform fields their kernels share.
 */
import { inputCount, type RunSpec } from '../spec.ts';
import { STORAGE } from './buffers.ts';
import type { GpuSession } from './session.ts';
import { layerParams } from './params.ts';

export const FILES = ['rng.wgsl', 'activations.wgsl', 'layer_common.wgsl', 'explicit_layer.wgsl'];
export const BACKWARD_FILES = [...FILES, 'explicit_backward.wgsl'];
export const MAX_GRID = 65535;

export interface ChunkLayout {
  spec: RunSpec;
  count: number;
  /** Units per layer: k inputs, the hidden widths, 1 output. */
  widths: number[];
  /** Uniform fields every kernel of the chunk reads. */
  base: ReturnType<typeof layerParams> & { b_scale: number };
  /** A grid over the chunk's networks (y, z). */
  gridNets: readonly [number, number];
  /** z_l, raw preactivations of layer l (l = 0: the inputs). */
  zOf(l: number): GPUBuffer;
  /** (mean, 1/scale) per network and input of layer l's normalization. */
  statsOf(l: number): GPUBuffer;
}

/**
 * Buffers of a chunk: two activation buffers in turn for the forward pass alone, one per layer
 * when the backward pass reads them all (and their normalization statistics likewise).
 */
export function chunkLayout(
  s: GpuSession,
  spec: RunSpec,
  start: number,
  count: number,
  input: GPUBuffer,
  gradients: boolean,
): ChunkLayout {
  const { model } = spec;
  const k = inputCount(model);
  const widths = [k, ...model.hiddenWidths, 1];
  const maxUnits = Math.max(k, ...model.hiddenWidths);
  const statsBuf = s.buffer('explicit.stats', 8 * count * k, STORAGE);
  const act = gradients
    ? []
    : [
        s.buffer('explicit.z0', 4 * count * maxUnits * k, STORAGE),
        s.buffer('explicit.z1', 4 * count * maxUnits * k, STORAGE),
      ];
  return {
    spec,
    count,
    widths,
    base: { ...layerParams(spec, start, count), b_scale: Math.sqrt(model.cb) },
    gridNets: [Math.min(count, MAX_GRID), Math.ceil(count / MAX_GRID)],
    zOf: (l) =>
      l === 0
        ? input
        : gradients
          ? s.buffer(`explicit.z.${l}`, 4 * count * widths[l] * k, STORAGE)
          : act[(l + 1) % 2],
    statsOf: (l) => (gradients && l > 0 ? s.buffer(`explicit.stats.${l}`, 8 * count * k, STORAGE) : statsBuf),
  };
}

/** Uniform fields of a kernel over layer l (weights W_l: n_out x n_in) and rows [rowStart, rowEnd). */
export function layerFields(c: ChunkLayout, l: number, rowStart: number, rowEnd: number) {
  const nIn = c.widths[l - 1];
  return {
    ...c.base,
    layer: l,
    n_in: nIn,
    n_out: c.widths[l],
    row_start: rowStart,
    row_end: rowEnd,
    prev_is_input: l === 1 ? 1 : 0,
    w_scale: Math.sqrt(c.spec.model.cw / nIn),
  };
}

/** Uniform fields of a per-layer reduction over layer l's own units (statistics, Grams). */
export function reductionFields(c: ChunkLayout, l: number) {
  const n = c.widths[l];
  return { ...c.base, layer: l, n_in: n, n_out: n, row_start: 0, row_end: 0, prev_is_input: 0, w_scale: 0 };
}
