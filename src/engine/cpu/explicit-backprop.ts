/**
 * The explicit engine with per-layer statistics: the same forward pass as explicitChunk (same
 * weights, same operations, so the same outputs value by value), keeping every hidden layer's
 * raw preactivations z_l, normalized u_l and outputs y_l (O(L n k) per network), then, when
 * gradients are asked for, a backward pass for loss = sum_a z_L(x_a)^2 / 2:
 *
 *   delta_L(a) = z_L(a);  dLoss/dW_l[i][j] = sum_a delta_l,i(a) y_{l-1},j(a)  (y_0 = x)
 *   dy_{l-1} = W_l^T delta_l, with row i of W_l regenerated from the generator (never n x n);
 *   then back through dropout (same mask), sigma' and the normalization: delta_{l-1}.
 *
 * |dLoss/dW_l|_F^2 = sum_ij (sum_a delta_i(a) y_j(a))^2 = trace(D Y), D and Y the k x k Gram
 * matrices of delta_l and y_{l-1} over units: O(n k^2) instead of O(n^2 k).
 */
import { Purpose } from '../../random/address.ts';
import { fillUniforms } from '../../random/normals.ts';
import type { RunSpec } from '../spec.ts';
import {
  activateInPlace,
  dropoutInPlace,
  gramInto,
  normalizeBackwardInPlace,
  normalizeInPlace,
  recordLayer,
} from './layer-ops.ts';
import type { ChunkOptions, ChunkResult } from './chunk-result.ts';
import { presentPerLayer } from '../per-layer.ts';
import { ExplicitForward } from './explicit-kernel.ts';

/** sum_ab (sum_i p_i(a) p_i(b)) (sum_j q_j(a) q_j(b)), p with np units, q with nq units. */
function frobeniusSquared(
  p: Float64Array,
  np: number,
  q: Float64Array,
  nq: number,
  k: number,
  gp: Float64Array,
  gq: Float64Array,
): number {
  gramInto(p, np, k, 0, np, gp);
  gramInto(q, nq, k, 0, nq, gq);
  let s = 0;
  for (let i = 0; i < k * k; i++) s += gp[i] * gq[i];
  return s;
}

export function explicitStatsChunk(
  spec: RunSpec,
  start: number,
  count: number,
  options: ChunkOptions,
): ChunkResult {
  const { model, seed } = spec;
  const { activation, normalization, dropout, cw } = model;
  const forward = new ExplicitForward(spec);
  const { k, widths, depth, maxWidth, x, source, buf, scratch } = forward;
  // Per hidden layer l (index l - 1): raw z, normalized u, output y.
  const z = widths.map((n) => new Float64Array(n * k));
  const u = widths.map((n) => new Float64Array(n * k));
  const y = widths.map((n) => new Float64Array(n * k));
  const gp = new Float64Array(k * k);
  const gq = new Float64Array(k * k);
  let delta = new Float64Array(maxWidth * k);
  let back = new Float64Array(maxWidth * k);

  const outputs = new Float64Array(count * k);
  const gram = new Float64Array(count * k * k);
  const layerNorms = options.layerStats ? new Float64Array(count * depth * k) : undefined;
  const layerGrams = options.layerStats ? new Float64Array(count * depth * k * k) : undefined;
  const gradientNorms = options.gradients ? new Float64Array(count * depth) : undefined;

  const zInto = (l: number) => z[l - 1];
  // hiddenLayerInPlace's steps, keeping the intermediate values.
  const hidden = (net: number, l: number, zl: Float64Array, n: number, slot: number) => {
    if (layerNorms && layerGrams) recordLayer(zl, n, k, (slot * depth + l - 1) * k, layerNorms, layerGrams);
    const ul = u[l - 1];
    ul.set(zl);
    normalizeInPlace(normalization, ul, n, k);
    const yl = y[l - 1];
    yl.set(ul);
    activateInPlace(activation, yl, n * k);
    if (dropout > 0) dropoutInPlace(seed, net, l, dropout, yl, n, k, scratch);
    return yl;
  };

  for (let i = 0; i < count; i++) {
    const net = start + i;
    const out = forward.network(net, i, zInto, hidden, outputs, gram);
    if (layerNorms && layerGrams) recordLayer(out, 1, k, (i * depth + depth - 1) * k, layerNorms, layerGrams);
    if (!gradientNorms) continue;

    // Backward. delta holds dLoss/dz_l (n_l x k), starting with the output layer's.
    delta.set(out);
    for (let l = depth; l >= 1; l--) {
      const nOut = l === depth ? 1 : widths[l - 1];
      const input = l === 1 ? x : y[l - 2];
      const n = l === 1 ? k : widths[l - 2];
      gradientNorms[i * depth + l - 1] = Math.sqrt(
        Math.max(0, frobeniusSquared(delta, nOut, input, n, k, gp, gq)),
      );
      if (l === 1) break;
      // dy_{l-1} = W_l^T delta_l, one regenerated weight row at a time.
      const scale = Math.sqrt(cw / n);
      back.fill(0, 0, n * k);
      for (let r = 0; r < nOut; r++) {
        source.fill(seed, net, Purpose.Weight, l, r, n, 0);
        for (let a = 0; a < k; a++) {
          const d = scale * delta[r * k + a];
          if (d === 0) continue;
          for (let j = 0; j < n; j++) back[j * k + a] += buf[j] * d;
        }
      }
      // Through dropout (the same mask as forward), sigma' at the normalized values, the norm.
      if (dropout > 0) {
        fillUniforms(seed, net, Purpose.Dropout, l - 1, 0, scratch, n);
        const keep = 1 / (1 - dropout);
        for (let j = 0; j < n; j++) {
          const f = scratch[j] >= dropout ? keep : 0;
          for (let a = 0; a < k; a++) back[j * k + a] *= f;
        }
      }
      const ul = u[l - 2];
      for (let t = 0; t < n * k; t++) back[t] *= activation.df(ul[t]);
      normalizeBackwardInPlace(normalization, z[l - 2], ul, back, n, k);
      const swap = delta;
      delta = back;
      back = swap;
    }
  }
  const perLayer = presentPerLayer({ layerNorms, layerGrams, gradientNorms });
  return perLayer ? { outputs, gram, perLayer } : { outputs, gram };
}
