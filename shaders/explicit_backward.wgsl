// The explicit engine's backward pass (RunOptions.gradients), twin of
// src/engine/explicit-backprop.ts: loss = sum_a z_L(x_a)^2 / 2, so delta_L = z_L, and per layer
//
//   |dLoss/dW_l|_F^2 = sum_ab D_l(a, b) Y_{l-1}(a, b),  D, Y the k x k Grams over units of
//                      delta_l and y_{l-1} (y_0 = x): O(n k^2), never the n x n gradient;
//   delta_{l-1} = norm'(sigma'(u_{l-1}) mask_{l-1} (sqrt(cw / n_{l-1}) W_l^T delta_l)),
//
// with W_l regenerated from the same Philox blocks as dense_forward (row i = unit of layer l,
// block j >> 2, lane j & 3) and mask the same dropout words. Concatenated after
// explicit_layer.wgsl, whose DenseParams P (set as for layer l's forward step), bindings 0-3,
// `tile` and prev_value it uses: `prev` is z_{l-1} (raw preactivations kept for the whole
// chunk), `prev_stats` their (mean, 1/scale), `out` the new delta_{l-1}.

// delta_l, [network][unit][input] with P.n_out units (the output layer's z_L for l = L).
@group(0) @binding(5) var<storage, read> delta: array<f32>;
// |dLoss/dW_l|_F at grad_norms[network * P.depth + l - 1].
@group(0) @binding(6) var<storage, read_write> grad_norms: array<f32>;

// The backward of 'batch' normalization for one unit's k inputs (normalizeBackwardInPlace):
// dz = (g - mean(g) - u mean(g u)) / s, or g - mean(g) where popvar = 0.
fn batch_backward(z: vec4<f32>, u: vec4<f32>, g: vec4<f32>, k: u32) -> vec4<f32> {
  var sz = 0.0;
  var sg = 0.0;
  var sgu = 0.0;
  for (var a = 0u; a < k; a++) {
    sz += z[a];
    sg += g[a];
    sgu += g[a] * u[a];
  }
  let m = f32(k);
  let mean = sz / m;
  var v = 0.0;
  for (var a = 0u; a < k; a++) { v += (z[a] - mean) * (z[a] - mean); }
  let popvar = v / m;
  let inv = select(1.0, 1.0 / sqrt(popvar), popvar > 0.0);
  let gu = select(0.0, sgu / m, popvar > 0.0);
  var out = vec4<f32>(0.0);
  for (var a = 0u; a < k; a++) { out[a] = inv * (g[a] - sg / m - u[a] * gu); }
  return out;
}

// delta_{l-1} for units [row_start, row_end) of layer l - 1 (columns of W_l; row_start a
// multiple of 4), before 'layer'/'rms' normalization's backward (norm_backward, a per-network
// reduction). Workgroup (block of 4 WG columns, network); each thread takes four consecutive
// columns, so each weight row costs it exactly one Philox block, as in dense_forward. delta_l
// goes through workgroup memory in tiles of WG rows.
@compute @workgroup_size(WG)
fn dense_backward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) tid: u32) {
  let local_net = wid.y + wid.z * 65535u;
  let live_net = local_net < P.networks;
  let net = P.net_offset + local_net;
  let c4 = P.row_start + (wid.x * WG + tid) * 4u;
  let live = live_net && c4 < P.row_end;
  let k = P.k;
  var acc: array<vec4<f32>, 4>; // [input a][lane]: sum_i W[i][c4 + lane] delta_i(a)
  for (var i0 = 0u; i0 < P.n_out; i0 += WG) {
    for (var t = tid; t < WG * k; t += WG) {
      let i = i0 + t / k;
      var v = 0.0;
      if (live_net && i < P.n_out) { v = delta[(local_net * P.n_out + i) * k + t % k]; }
      tile[t] = v;
    }
    workgroupBarrier();
    if (live) {
      let count = min(WG, P.n_out - i0);
      for (var ii = 0u; ii < count; ii++) {
        let w = rng_normal4(P.seed, net, PURPOSE_WEIGHT, P.layer, i0 + ii, c4 >> 2u);
        for (var a = 0u; a < k; a++) { acc[a] += w * tile[ii * k + a]; }
      }
    }
    workgroupBarrier();
  }
  if (!live) { return; }
  let end = min(P.row_end, P.n_in);
  for (var lane = 0u; lane < 4u; lane++) {
    let j = c4 + lane;
    if (j >= end) { break; }
    var z = vec4<f32>(0.0);
    for (var a = 0u; a < k; a++) { z[a] = prev[(local_net * P.n_in + j) * k + a]; }
    // u_{l-1}: what prev_value hands to the nonlinearity.
    var u = z;
    if (P.norm == NORM_BATCH) {
      u = batch_normalize(z, k);
    } else if (P.norm != NORM_NONE) {
      for (var a = 0u; a < k; a++) {
        let st = prev_stats[local_net * k + a];
        u[a] = (z[a] - st.x) * st.y;
      }
    }
    var f = P.w_scale;
    if (P.drop_threshold > 0u) {
      f = select(0.0, f * P.drop_scale, dropout_keep(P.seed, net, P.layer - 1u, j, P.drop_threshold));
    }
    var g = vec4<f32>(0.0);
    for (var a = 0u; a < k; a++) { g[a] = f * acc[a][lane] * activate_deriv(P.code, P.slope, u[a]); }
    if (P.norm == NORM_BATCH) { g = batch_backward(z, u, g, k); }
    for (var a = 0u; a < k; a++) { out[(local_net * P.n_in + j) * k + a] = g[a]; }
  }
}

// The backward of 'layer'/'rms' normalization of layer l - 1 (n_in units), in place on `out`
// (dL/du from dense_backward), one workgroup per network: per input a, over units,
// 'layer': dz = (g - mean(g) - u mean(g u)) / s (or g - mean(g) where popvar = 0);
// 'rms':   dz = (g - u mean(g u)) / r (or 0 where r = 0). The centred sum of squares is formed
// as in layer_stats (same mean, same reduction), so popvar > 0 decides as it did there.
@compute @workgroup_size(WG)
fn norm_backward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) tid: u32) {
  let local_net = wid.x + wid.y * 65535u;
  let live = local_net < P.networks;
  let k = P.k;
  let n = P.n_in;
  var sg = vec4<f32>(0.0);
  var sgu = vec4<f32>(0.0);
  var sdd = vec4<f32>(0.0);
  if (live) {
    for (var j = tid; j < n; j += WG) {
      for (var a = 0u; a < k; a++) {
        let st = prev_stats[local_net * k + a];
        let d = prev[(local_net * n + j) * k + a] - st.x; // st.x = 0 for 'rms'
        let g = out[(local_net * n + j) * k + a];
        sg[a] += g;
        sgu[a] += g * d * st.y;
        sdd[a] += d * d;
      }
    }
  }
  for (var a = 0u; a < 4u; a++) {
    red[tid][a] = sg[a];
    red[tid][4u + a] = sgu[a];
    red[tid][8u + a] = sdd[a];
  }
  workgroupBarrier();
  reduce_red(tid, 12u);
  if (!live) { return; }
  let m = f32(n);
  for (var a = 0u; a < k; a++) {
    let st = prev_stats[local_net * k + a];
    let v = red[0][8u + a] / m;
    let gu = red[0][4u + a] / m;
    var inv = select(0.0, 1.0 / sqrt(v), v > 0.0);
    var shift = 0.0;
    var gu_used = gu;
    if (P.norm == NORM_LAYER) {
      inv = select(1.0, inv, v > 0.0);
      shift = red[0][a] / m;
      gu_used = select(0.0, gu, v > 0.0);
    }
    for (var j = tid; j < n; j += WG) {
      let i = (local_net * n + j) * k + a;
      let u = (prev[i] - st.x) * st.y;
      out[i] = inv * (out[i] - shift - u * gu_used);
    }
  }
}

// Add v(a) v(b) for the lower triangle (b <= a), row by row, to acc.
fn add_pairs(acc: ptr<function, array<f32, 10>>, v: vec4<f32>, k: u32) {
  var p = 0u;
  for (var a = 0u; a < k; a++) {
    for (var b = 0u; b <= a; b++) {
      (*acc)[p] += v[a] * v[b];
      p++;
    }
  }
}

// |dLoss/dW_l|_F from the Grams of delta_l (P.n_out units) and y_{l-1} (P.n_in units, through
// prev_value: the inputs for l = 1), one workgroup per network, one reduction after the other.
@compute @workgroup_size(WG)
fn grad_norm(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) tid: u32) {
  let local_net = wid.x + wid.y * 65535u;
  let live = local_net < P.networks;
  let net = P.net_offset + local_net;
  let k = P.k;
  var acc: array<f32, 10>; // lower triangle (a, b <= a), row by row
  if (live) {
    for (var i = tid; i < P.n_out; i += WG) {
      var d = vec4<f32>(0.0);
      for (var a = 0u; a < k; a++) { d[a] = delta[(local_net * P.n_out + i) * k + a]; }
      add_pairs(&acc, d, k);
    }
  }
  for (var p = 0u; p < 10u; p++) { red[tid][p] = acc[p]; }
  workgroupBarrier();
  reduce_red(tid, 10u);
  var dgram: array<f32, 10>;
  for (var p = 0u; p < 10u; p++) {
    dgram[p] = red[0][p];
    acc[p] = 0.0;
  }
  workgroupBarrier();
  if (live) {
    for (var j = tid; j < P.n_in; j += WG) {
      var y = vec4<f32>(0.0);
      for (var a = 0u; a < k; a++) { y[a] = prev_value(local_net, net, j, a); }
      add_pairs(&acc, y, k);
    }
  }
  for (var p = 0u; p < 10u; p++) { red[tid][p] = acc[p]; }
  workgroupBarrier();
  reduce_red(tid, 10u);
  if (tid == 0u && live) {
    var s = 0.0;
    var p = 0u;
    for (var a = 0u; a < k; a++) {
      for (var b = 0u; b <= a; b++) {
        s += select(2.0, 1.0, a == b) * dgram[p] * red[0][p];
        p++;
      }
    }
    grad_norms[local_net * P.depth + P.layer - 1u] = sqrt(max(s, 0.0));
  }
}
