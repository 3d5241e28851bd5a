/**
 * The explicit engine's per-network computation: real weights, drawn from the generator at
 * W_l[i][j] = sqrt(C_W / n_{l-1}) normal(seed, net, Weight, l, row i, index j) and
 * b_l[i] = sqrt(C_b) normal(seed, net, Bias, l, row 0, index i), one row at a time, applied
 * to all k inputs at once. Memory O(n k) per network; no n x n matrix is ever stored.
 */
import { Purpose } from '../random/address.ts';
import type { ModelSpec, RunSpec } from './spec.ts';
import { choleskyPsd, gramInto, hiddenLayerInPlace } from './layer-ops.ts';
import type { ChunkOptions, ChunkResult } from './chunk-result.ts';
import { explicitStatsChunk } from './explicit-backprop.ts';
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
 * Networks [start, start + count) with real weights. Per-layer norms or gradient norms, when
 * asked for, come from explicit-backprop.ts (same forward values, plus a stored pass).
 */
export function explicitChunk(spec: RunSpec, start: number, count: number, options?: ChunkOptions): ChunkResult {
  if (options?.layerStats || options?.gradients) return explicitStatsChunk(spec, start, count, options);
  const { model, seed } = spec;
  const { activation, normalization, dropout, cw, cb } = model;
  const k = model.inputGram.length;
  const widths = model.hiddenWidths;
  const depth = widths.length + 1;
  let maxWidth = k;
  for (const n of widths) maxWidth = Math.max(maxWidth, n);

  const x = explicitInputs(model);
  let prev = new Float64Array(maxWidth * k);
  let cur = new Float64Array(maxWidth * k);
  // One weight row at [0, maxWidth + pad) and the biases after it, in the normal source's buffer.
  const source = normalSource();
  const biasAt = 4 * Math.ceil((maxWidth + NORMALS_PAD) / 4);
  const buf = source.buffer(biasAt + maxWidth + NORMALS_PAD);
  const acc = new Float64Array(k);
  const scratch = new Float64Array(maxWidth);
  const g = new Float64Array(k * k);
  const outputs = new Float64Array(count * k);
  const gram = new Float64Array(count * k * k);
  const out = new Float64Array(k);

  for (let i = 0; i < count; i++) {
    const net = start + i;
    prev.set(x);
    let nIn = k;
    for (let l = 1; l < depth; l++) {
      const n = widths[l - 1];
      denseLayer(seed, net, l, prev, nIn, n, k, cw, cb, source, buf, biasAt, acc, cur);
      hiddenLayerInPlace(activation, normalization, dropout, seed, net, l, cur, n, k, scratch);
      const t = prev;
      prev = cur;
      cur = t;
      nIn = n;
    }
    if (depth === 1) {
      for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) g[a * k + b] = cb + cw * model.inputGram[a][b];
    } else {
      gramInto(prev, nIn, k, cb, cw, g);
    }
    gram.set(g, i * k * k);
    denseLayer(seed, net, depth, prev, nIn, 1, k, cw, cb, source, buf, biasAt, acc, out);
    outputs.set(out, i * k);
  }
  return { outputs, gram };
}
