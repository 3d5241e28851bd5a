/**
 * The explicit engine's per-network computation: real weights, drawn from the generator at
 * W_l[i][j] = sqrt(C_W / n_{l-1}) normal(seed, net, Weight, l, row i, index j) and
 * b_l[i] = sqrt(C_b) normal(seed, net, Bias, l, row 0, index i), one row at a time, applied
 * to all k inputs at once. Memory O(n k) per network; no n x n matrix is ever stored.
 */
import { Purpose } from '../../random/address.ts';
import type { ModelSpec, RunSpec } from '../spec.ts';
import { choleskyPsd, gramInto } from './layer-ops.ts';
import { NORMALS_PAD, normalSource, type NormalSource } from './normal-source.ts';

/**
 * The k inputs as vectors in R^k, unit-major (x[j * k + a] = x_a[j]):
 * x_a = sqrt(k) (row a of cholesky(inputGram)), so that x_a . x_b / k = inputGram[a][b].
 */
export function explicitInputs(model: ModelSpec): Float64Array {
  const k = model.inputGram.length;
  const g = new Float64Array(k * k);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) g[a * k + b] = model.inputGram[a][b];
  const c = new Float64Array(k * k);
  choleskyPsd(g, k, c);
  const x = new Float64Array(k * k);
  const r = Math.sqrt(k);
  for (let a = 0; a < k; a++) for (let j = 0; j < k; j++) x[j * k + a] = r * c[a * k + j];
  return x;
}

/**
 * out[i k + a] = bias_i + scale * sum_j W[i][j] prev[j k + a] for i < nOut, with the weight
 * row i drawn into buf[0 .. nIn) just before use; the biases go to buf[biasAt ..).
 */
export function denseLayer(
  seed: number,
  net: number,
  layer: number,
  prev: Float64Array,
  nIn: number,
  nOut: number,
  k: number,
  cw: number,
  cb: number,
  source: NormalSource,
  buf: Float64Array,
  biasAt: number,
  acc: Float64Array,
  out: Float64Array,
): void {
  const scale = Math.sqrt(cw / nIn);
  const biasScale = Math.sqrt(cb);
  const row = buf;
  if (cb > 0) source.fill(seed, net, Purpose.Bias, layer, 0, nOut, biasAt);
  for (let i = 0; i < nOut; i++) {
    source.fill(seed, net, Purpose.Weight, layer, i, nIn, 0);
    const b = cb > 0 ? biasScale * buf[biasAt + i] : 0;
    if (k === 1) {
      let s = 0;
      for (let j = 0; j < nIn; j++) s += row[j] * prev[j];
      out[i] = b + scale * s;
    } else {
      acc.fill(0, 0, k);
      for (let j = 0; j < nIn; j++) {
        const w = row[j];
        const o = j * k;
        for (let a = 0; a < k; a++) acc[a] += w * prev[o + a];
      }
      for (let a = 0; a < k; a++) out[i * k + a] = b + scale * acc[a];
    }
  }
}

/**
 * The constants and buffers of one chunk of explicit forward passes, and the pass itself, shared
 * by explicitChunk and explicitStatsChunk so that both compute the same values the same way.
 */
export class ExplicitForward {
  readonly k: number;
  readonly widths: readonly number[];
  readonly depth: number;
  readonly maxWidth: number;
  /** The inputs, unit-major (explicitInputs). */
  readonly x: Float64Array;
  readonly source: NormalSource;
  /** The normal source's buffer: one weight row at [0, maxWidth + pad), the biases after it. */
  readonly buf: Float64Array;
  /** maxWidth floats for dropout masks. */
  readonly scratch: Float64Array;
  private readonly biasAt: number;
  private readonly acc: Float64Array;
  private readonly g: Float64Array;
  private readonly out: Float64Array;

  constructor(private readonly spec: RunSpec) {
    const { model } = spec;
    this.k = model.inputGram.length;
    this.widths = model.hiddenWidths;
    this.depth = this.widths.length + 1;
    let maxWidth = this.k;
    for (const n of this.widths) maxWidth = Math.max(maxWidth, n);
    this.maxWidth = maxWidth;
    this.x = explicitInputs(model);
    this.source = normalSource();
    this.biasAt = 4 * Math.ceil((maxWidth + NORMALS_PAD) / 4);
    this.buf = this.source.buffer(this.biasAt + maxWidth + NORMALS_PAD);
    this.acc = new Float64Array(this.k);
    this.scratch = new Float64Array(maxWidth);
    this.g = new Float64Array(this.k * this.k);
    this.out = new Float64Array(this.k);
  }

  /**
   * Network `net`'s forward pass. Hidden layer l's preactivations z_l = W_l y_{l-1} + b_l go to
   * zInto(l) (n_l k floats, not the array holding y_{l-1}); hidden(net, l, z_l, n_l, slot)
   * applies the layer's normalization, nonlinearity and dropout and returns the array holding
   * y_l (z_l's own when done in place). Writes G_L = cb + cw Gram(y_{L-1}) to gram and z_L
   * to outputs at slot `slot`, and returns z_L (valid until the next call).
   */
  network(
    net: number,
    slot: number,
    zInto: (layer: number) => Float64Array,
    hidden: (net: number, layer: number, z: Float64Array, n: number, slot: number) => Float64Array,
    outputs: Float64Array,
    gram: Float64Array,
  ): Float64Array {
    const { model, seed } = this.spec;
    const { cw, cb } = model;
    const { k, depth, widths, source, buf, biasAt, acc, g, out } = this;
    let prev = this.x;
    let nIn = k;
    for (let l = 1; l < depth; l++) {
      const n = widths[l - 1];
      const z = zInto(l);
      denseLayer(seed, net, l, prev, nIn, n, k, cw, cb, source, buf, biasAt, acc, z);
      prev = hidden(net, l, z, n, slot);
      nIn = n;
    }
    if (depth === 1) {
      for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) g[a * k + b] = cb + cw * model.inputGram[a][b];
    } else {
      gramInto(prev, nIn, k, cb, cw, g);
    }
    gram.set(g, slot * k * k);
    denseLayer(seed, net, depth, prev, nIn, 1, k, cw, cb, source, buf, biasAt, acc, out);
    outputs.set(out, slot * k);
    return out;
  }
}
