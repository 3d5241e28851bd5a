/**
 * The exact engine's per-network computation (Gaussian conditioning, THEORY.md sec. 5, as the
 * team brief fixes it). Given layer l's conditional covariance G_l (k x k), the
 * preactivations of its n_l units are iid N(0, G_l) across units: z_j = C xi_j with C the
 * Cholesky factor of G_l and xi_j the standard normals at (seed, net, Unit, l, row 0,
 * index j k + a). Then normalization, nonlinearity, dropout, and
 * G_{l+1} = C_b + (C_W / n_l) sum_j y_j y_j^T. O(L n k^2) per network, exact in
 * distribution for any activation.
 */
import { Purpose } from '../../random/address.ts';
import type { RunSpec } from '../spec.ts';
import {
  activateInPlace,
  choleskyPsd,
  dropoutInPlace,
  gramInto,
  normalizeInPlace,
  recordLayer,
} from './layer-ops.ts';
import type { ChunkOptions, ChunkResult } from './chunk-result.ts';
import { NORMALS_PAD, normalSource } from './normal-source.ts';

/**
 * Networks [start, start + count) by the full Gaussian-conditioning path; with
 * options.layerStats also |z_l(x_a)|^2 / n_l of every layer (the output layer's from its sample).
 */
export function exactChunk(spec: RunSpec, start: number, count: number, options?: ChunkOptions): ChunkResult {
  const { model, seed } = spec;
  const { activation, normalization, dropout, cw, cb } = model;
  const k = model.inputGram.length;
  const widths = model.hiddenWidths;
  const depth = widths.length + 1;
  let maxWidth = 1;
  for (const n of widths) maxWidth = Math.max(maxWidth, n);

  // Work buffers, reused for every network of the chunk. v (a layer's n k values) lives in
  // the normal source's buffer, so the normals land where they are used.
  const source = normalSource();
  const v = source.buffer(maxWidth * k + NORMALS_PAD);
  const scratch = new Float64Array(maxWidth);
  const useSourceTanh = activation.name === 'tanh' && source.tanh !== undefined;
  const g = new Float64Array(k * k);
  const c = new Float64Array(k * k);
  const g1 = new Float64Array(k * k);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) g1[a * k + b] = cb + cw * model.inputGram[a][b];

  const outputs = new Float64Array(count * k);
  const gram = new Float64Array(count * k * k);
  const layerNorms = options?.layerStats ? new Float64Array(count * depth * k) : undefined;
  const layerGrams = options?.layerStats ? new Float64Array(count * depth * k * k) : undefined;
  for (let i = 0; i < count; i++) {
    const net = start + i;
    g.set(g1);
    for (let l = 1; l < depth; l++) {
      const n = widths[l - 1];
      source.fill(seed, net, Purpose.Unit, l, 0, n * k, 0);
      if (k === 1) {
        // The 1 x 1 Cholesky factor, as choleskyPsd would give it (a zero variance gives 0).
        const s = g[0] > 0 ? Math.sqrt(g[0]) : g[0] <= 0 ? 0 : NaN;
        // |z|^2 = s^2 |xi|^2, read before the normals are overwritten.
        if (layerNorms && layerGrams)
          layerNorms[i * depth + l - 1] = layerGrams[i * depth + l - 1] = (s * s * sumSquares(v, n)) / n;
        // sum_j y_j^2: the source's tanh returns it, unless dropout changes y afterwards.
        let sq: number | undefined;
        if (useSourceTanh && normalization === 'none') {
          sq = source.tanh!(0, n, s); // y = tanh(s xi) in one pass
        } else {
          for (let j = 0; j < n; j++) v[j] *= s;
          normalizeInPlace(normalization, v, n, 1);
          if (useSourceTanh) sq = source.tanh!(0, n);
          else activateInPlace(activation, v, n);
        }
        if (dropout > 0) {
          dropoutInPlace(seed, net, l, dropout, v, n, 1, scratch);
          sq = undefined;
        }
        sq ??= source.sumSquares ? source.sumSquares(0, n) : sumSquares(v, n);
        g[0] = cb + (cw / n) * sq;
        continue;
      }
      choleskyPsd(g, k, c);
      // z_j(a) = sum_{b <= a} C[a][b] xi_j(b), in place: a descends so xi_j(b <= a) is still unread.
      for (let j = 0; j < n; j++) {
        const o = j * k;
        for (let a = k - 1; a >= 0; a--) {
          let s = 0;
          for (let b = 0; b <= a; b++) s += c[a * k + b] * v[o + b];
          v[o + a] = s;
        }
      }
      if (layerNorms && layerGrams) recordLayer(v, n, k, (i * depth + l - 1) * k, layerNorms, layerGrams);
      // Steps 1-3 of layer-ops' hiddenLayerInPlace, with the source's faster tanh if it has one.
      normalizeInPlace(normalization, v, n, k);
      if (useSourceTanh) source.tanh!(0, n * k);
      else activateInPlace(activation, v, n * k);
      if (dropout > 0) dropoutInPlace(seed, net, l, dropout, v, n, k, scratch);
      gramInto(v, n, k, cb, cw, g);
    }
    gram.set(g, i * k * k);
    choleskyPsd(g, k, c);
    // The last layer's values are done with: its buffer takes the k output normals.
    source.fill(seed, net, Purpose.Output, depth, 0, k, 0);
    for (let a = 0; a < k; a++) {
      let s = 0;
      for (let b = 0; b <= a; b++) s += c[a * k + b] * v[b];
      outputs[i * k + a] = s;
    }
    if (layerNorms && layerGrams)
      recordLayer(
        outputs.subarray(i * k, i * k + k),
        1,
        k,
        (i * depth + depth - 1) * k,
        layerNorms,
        layerGrams,
      );
  }
  return layerNorms && layerGrams
    ? { outputs, gram, perLayer: { layerNorms, layerGrams } }
    : { outputs, gram };
}

function sumSquares(v: Float64Array, n: number): number {
  let s = 0;
  for (let j = 0; j < n; j++) s += v[j] * v[j];
  return s;
}
