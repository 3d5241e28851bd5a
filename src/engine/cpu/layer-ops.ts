/**
 * The per-layer operations that every engine applies to a hidden layer's preactivations, in
 * the order the team brief fixes (normalization, nonlinearity, dropout), plus the k x k
 * pieces (Gram accumulation, PSD-safe Cholesky). Both CPU engines call these and the WebGPU
 * shaders mirror them line by line, so a change here is a change of the model.
 *
 * Layout: a layer's values for k inputs are unit-major, v[j * k + a] = unit j, input a.
 */
import type { Activation } from '../../theory/activations.ts';
import { erf, normalCdf } from '../../theory/special.ts';
import { fillUniforms } from '../../random/normals.ts';
import { Purpose } from '../../random/address.ts';
import type { Normalization } from '../spec.ts';

/**
 * Normalize over units, separately for each input a. 'layer': (z - mean) / sqrt(popvar),
 * leaving z - mean where popvar = 0; 'rms': z / sqrt(mean z^2), leaving 0 where that is 0.
 * 'batch': per unit j, over the k inputs of the network, (z - mean) / sqrt(popvar) as for
 * 'layer' (with k = 2 this gives +-1: the sign of z_j(0) - z_j(1)).
 */
export function normalizeInPlace(kind: Normalization, z: Float64Array, n: number, k: number): void {
  if (kind === 'none') return;
  if (kind === 'batch') {
    for (let j = 0; j < n; j++) {
      const o = j * k;
      let s = 0;
      for (let a = 0; a < k; a++) s += z[o + a];
      const mean = s / k;
      let v = 0;
      for (let a = 0; a < k; a++) {
        const d = z[o + a] - mean;
        z[o + a] = d;
        v += d * d;
      }
      const popvar = v / k;
      if (popvar > 0) {
        const inv = 1 / Math.sqrt(popvar);
        for (let a = 0; a < k; a++) z[o + a] *= inv;
      }
    }
    return;
  }
  for (let a = 0; a < k; a++) {
    if (kind === 'layer') {
      let s = 0;
      for (let j = 0; j < n; j++) s += z[j * k + a];
      const mean = s / n;
      let v = 0;
      for (let j = 0; j < n; j++) {
        const d = z[j * k + a] - mean;
        z[j * k + a] = d;
        v += d * d;
      }
      const popvar = v / n;
      if (popvar > 0) {
        const inv = 1 / Math.sqrt(popvar);
        for (let j = 0; j < n; j++) z[j * k + a] *= inv;
      }
    } else {
      let v = 0;
      for (let j = 0; j < n; j++) v += z[j * k + a] * z[j * k + a];
      const ms = v / n;
      if (ms > 0) {
        const inv = 1 / Math.sqrt(ms);
        for (let j = 0; j < n; j++) z[j * k + a] *= inv;
      }
    }
  }
}

/**
 * tanh through expm1: as accurate as Math.tanh (it is fdlibm's own formula) and about 1.5x
 * faster in V8, which matters because the nonlinearity is a third of the exact engine's time.
 */
export function tanh(x: number): number {
  const e = Math.expm1(-2 * Math.abs(x));
  const t = -e / (2 + e);
  return x < 0 ? -t : t;
}

/**
 * Apply the nonlinearity to v[0..count) in place. One tight loop per activation (selected once
 * per call by its name), so the hot loop has no indirect call.
 */
export function activateInPlace(act: Activation, v: Float64Array, count: number): void {
  switch (act.name) {
    case 'linear':
      return;
    case 'relu':
      for (let i = 0; i < count; i++) if (v[i] < 0) v[i] = 0; // NaN stays NaN, as in act.f
      return;
    case 'leaky-relu': {
      const a = act.slope;
      for (let i = 0; i < count; i++) if (v[i] < 0) v[i] *= a;
      return;
    }
    case 'tanh':
      for (let i = 0; i < count; i++) v[i] = tanh(v[i]);
      return;
    case 'erf':
      for (let i = 0; i < count; i++) v[i] = erf(v[i]);
      return;
    case 'gelu': // x Phi(x)
      for (let i = 0; i < count; i++) v[i] = v[i] * normalCdf(v[i]);
      return;
    case 'swish': // x / (1 + e^-x), written to avoid overflow of e^-x for x << 0
      for (let i = 0; i < count; i++) {
        const x = v[i];
        v[i] = x >= 0 ? x / (1 + Math.exp(-x)) : (x * Math.exp(x)) / (1 + Math.exp(x));
      }
      return;
    case 'sigmoid':
      for (let i = 0; i < count; i++) {
        const x = v[i];
        v[i] = x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
      }
      return;
    case 'sin':
      for (let i = 0; i < count; i++) v[i] = Math.sin(v[i]);
      return;
    default:
      // An activation added to theory/activations.ts but not here: slow but correct.
      for (let i = 0; i < count; i++) v[i] = act.f(v[i]);
  }
}

/**
 * Dropout with drop probability p: unit j of layer `layer` is kept iff its uniform
 * u(seed, net, Dropout, layer, row 0, index j) >= p; kept values are scaled by 1/(1-p),
 * dropped ones set to 0, the same mask for every input. `u` is scratch of length >= n.
 * Returns the number of kept units.
 */
export function dropoutInPlace(
  seed: number,
  net: number,
  layer: number,
  p: number,
  y: Float64Array,
  n: number,
  k: number,
  u: Float64Array,
): number {
  if (p <= 0) return n;
  fillUniforms(seed, net, Purpose.Dropout, layer, 0, u, n);
  const scale = 1 / (1 - p);
  let kept = 0;
  for (let j = 0; j < n; j++) {
    const keep = u[j] >= p;
    if (keep) kept++;
    const f = keep ? scale : 0;
    for (let a = 0; a < k; a++) y[j * k + a] *= f;
  }
  return kept;
}

/** Steps 1-3 of a hidden layer (normalization, nonlinearity, dropout), in place on z. */
export function hiddenLayerInPlace(
  act: Activation,
  normalization: Normalization,
  dropout: number,
  seed: number,
  net: number,
  layer: number,
  z: Float64Array,
  n: number,
  k: number,
  scratch: Float64Array,
): void {
  normalizeInPlace(normalization, z, n, k);
  activateInPlace(act, z, n * k);
  if (dropout > 0) dropoutInPlace(seed, net, layer, dropout, z, n, k, scratch);
}

/** out[a * k + b] = cb + (cw / n) sum_j y_j(a) y_j(b): the next layer's conditional covariance. */
export function gramInto(
  y: Float64Array,
  n: number,
  k: number,
  cb: number,
  cw: number,
  out: Float64Array,
): void {
  const f = cw / n;
  if (k === 1) {
    let s = 0;
    for (let j = 0; j < n; j++) s += y[j] * y[j];
    out[0] = cb + f * s;
    return;
  }
  for (let a = 0; a < k; a++) {
    for (let b = 0; b <= a; b++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += y[j * k + a] * y[j * k + b];
      out[a * k + b] = out[b * k + a] = cb + f * s;
    }
  }
}

/**
 * Lower Cholesky factor of a symmetric positive semi-definite k x k matrix (row-major) into
 * out. A pivot <= 1e-12 x (largest diagonal) gives a zero column, so a singular Gram (two
 * identical inputs, a dead layer) factors without NaN. Non-finite input propagates
 * (Infinity/NaN), so an overflowing network is visible in its outputs rather than hidden.
 */
export function choleskyPsd(g: ArrayLike<number>, k: number, out: Float64Array): void {
  let scale = 0;
  for (let a = 0; a < k; a++) scale = Math.max(scale, Math.abs(g[a * k + a]));
  const tol = Number.isFinite(scale) ? 1e-12 * scale : 0;
  for (let j = 0; j < k; j++) {
    let d = g[j * k + j];
    for (let m = 0; m < j; m++) d -= out[j * k + m] * out[j * k + m];
    for (let i = 0; i < j; i++) out[i * k + j] = 0;
    if (d <= tol) {
      for (let i = j; i < k; i++) out[i * k + j] = 0;
      continue;
    }
    const c = Math.sqrt(d);
    out[j * k + j] = c;
    for (let i = j + 1; i < k; i++) {
      let s = g[i * k + j];
      for (let m = 0; m < j; m++) s -= out[i * k + m] * out[j * k + m];
      out[i * k + j] = s / c;
    }
  }
}

/**
 * Backward pass of normalizeInPlace: given the raw preactivations z, their normalized values
 * u (what normalizeInPlace made of z) and dL/du in g, overwrite g with dL/dz. For a group of
 * m values normalized together (units of one input for 'layer'/'rms', inputs of one unit for
 * 'batch') with u = (z - mean)/s: dz = (g - mean(g) - u mean(g u)) / s; for 'rms', u = z/r:
 * dz = (g - u mean(g u)) / r. Where the normalizer was 0 (left as z - mean, or 0): the
 * derivative of what was done, g - mean(g) ('layer'/'batch') and 0 ('rms', z = 0 there).
 */
export function normalizeBackwardInPlace(
  kind: Normalization,
  z: Float64Array,
  u: Float64Array,
  g: Float64Array,
  n: number,
  k: number,
): void {
  if (kind === 'none') return;
  // A group is m values at offset + t * stride, t < m.
  const group = (offset: number, stride: number, m: number): void => {
    let sz = 0;
    let szz = 0;
    let sg = 0;
    let sgu = 0;
    for (let t = 0; t < m; t++) {
      const i = offset + t * stride;
      sz += z[i];
      szz += z[i] * z[i];
      sg += g[i];
      sgu += g[i] * u[i];
    }
    if (kind === 'rms') {
      const ms = szz / m;
      const inv = ms > 0 ? 1 / Math.sqrt(ms) : 0;
      for (let t = 0; t < m; t++) {
        const i = offset + t * stride;
        g[i] = inv * (g[i] - (u[i] * sgu) / m);
      }
      return;
    }
    const mean = sz / m;
    let v = 0;
    for (let t = 0; t < m; t++) v += (z[offset + t * stride] - mean) ** 2;
    const popvar = v / m;
    const inv = popvar > 0 ? 1 / Math.sqrt(popvar) : 1;
    const gu = popvar > 0 ? sgu / m : 0;
    for (let t = 0; t < m; t++) {
      const i = offset + t * stride;
      g[i] = inv * (g[i] - sg / m - u[i] * gu);
    }
  };
  if (kind === 'batch') for (let j = 0; j < n; j++) group(j * k, 1, k);
  else for (let a = 0; a < k; a++) group(a, k, n);
}

/**
 * Record a layer's raw preactivations z (n units x k inputs) for RunOptions.layerStats:
 * grams[at * k + a * k + b] = z(a) . z(b) / n and norms[at + a] = z(a) . z(a) / n, where
 * at = (net * L + l - 1) * k.
 */
export function recordLayer(
  z: Float64Array,
  n: number,
  k: number,
  at: number,
  norms: Float64Array,
  grams: Float64Array,
): void {
  for (let a = 0; a < k; a++) {
    for (let b = 0; b <= a; b++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += z[j * k + a] * z[j * k + b];
      grams[(at + a) * k + b] = grams[(at + b) * k + a] = s / n;
    }
    norms[at + a] = grams[(at + a) * k + a];
  }
}
