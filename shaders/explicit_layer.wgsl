// The explicit engine's layers (real weights, never stored): W_l[i][j] =
// sqrt(cw / n_{l-1}) normal(seed, net, Weight, l, i, j), b_l[i] = sqrt(cb) normal(seed, net,
// Bias, l, 0, i). Pipelines concatenate it with rng.wgsl, activations.wgsl and layer_common.wgsl
// (WG, MAX_K, `red`, reduce_red).
//
// Activations are [network][unit][input] (k inputs innermost). The previous layer is read
// through `prev_value`, which applies that layer's normalization, nonlinearity and dropout on
// the fly (or reads the inputs x, shared by all networks, for layer 1), so only
// preactivations are stored: O(networks x n x k) floats, never O(n^2).

// output_layer's 4 outputs and 10 pairs of the lower triangle.
const RED_LANES: u32 = 14u;

struct DenseParams {
  seed: u32,
  net_offset: u32,
  networks: u32,
  k: u32,
  layer: u32,      // l, 1-based (the weights' address)
  n_in: u32,
  n_out: u32,
  row_start: u32,  // rows [row_start, row_end) in this dispatch
  row_end: u32,
  prev_is_input: u32,
  code: u32,
  slope: f32,
  norm: u32,       // normalization of the previous layer
  drop_threshold: u32,
  drop_scale: f32,
  w_scale: f32,    // sqrt(cw / n_in)
  b_scale: f32,    // sqrt(cb)
  cw: f32,
  cb: f32,
  depth: u32,      // L (layer_gram's row stride)
}

@group(0) @binding(0) var<uniform> P: DenseParams;
@group(0) @binding(1) var<storage, read> prev: array<f32>;
// (mean, 1/scale) of the previous layer per network and input.
@group(0) @binding(2) var<storage, read> prev_stats: array<vec2<f32>>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;
// Final pass only: the output layer's conditional covariance per network (k x k).
@group(0) @binding(4) var<storage, read_write> grams: array<f32>;

var<workgroup> tile: array<f32, WG * MAX_K>;

// y_{l-1}(j, a): the previous layer's output for unit j and input a of network slot local_net.
fn prev_value(local_net: u32, net: u32, j: u32, a: u32) -> f32 {
  if (P.prev_is_input == 1u) {
    return prev[j * P.k + a];
  }
  let z = prev[(local_net * P.n_in + j) * P.k + a];
  var zn = z;
  if (P.norm == NORM_BATCH) {
    var zu = vec4<f32>(0.0);
    for (var b = 0u; b < P.k; b++) { zu[b] = prev[(local_net * P.n_in + j) * P.k + b]; }
    zn = batch_normalize(zu, P.k)[a];
  } else if (P.norm != NORM_NONE) {
    let st = prev_stats[local_net * P.k + a];
    zn = (z - st.x) * st.y;
  }
  var y = activate(P.code, P.slope, zn);
  if (P.drop_threshold > 0u) {
    y = select(0.0, y * P.drop_scale, dropout_keep(P.seed, net, P.layer - 1u, j, P.drop_threshold));
  }
  return y;
}

// z_l = b_l + W_l y_{l-1} for a block of WG rows of one network (workgroup (row block, network)).
// The previous layer's values go through workgroup memory in tiles of WG units; every thread
// draws its own row's weights, four at a time (one Philox block).
@compute @workgroup_size(WG)
fn dense_forward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) tid: u32) {
  let local_net = wid.y + wid.z * 65535u;
  let live_net = local_net < P.networks;
  let net = P.net_offset + local_net;
  let row = P.row_start + wid.x * WG + tid;
  let live = live_net && row < P.row_end;
  let k = P.k;
  var acc = vec4<f32>(0.0);
  for (var j0 = 0u; j0 < P.n_in; j0 += WG) {
    // Cooperative load of units j0 .. j0 + WG - 1 (all k inputs).
    for (var t = tid; t < WG * k; t += WG) {
      let j = j0 + t / k;
      var v = 0.0;
      if (live_net && j < P.n_in) { v = prev_value(local_net, net, j, t % k); }
      tile[t] = v;
    }
    workgroupBarrier();
    if (live) {
      let count = min(WG, P.n_in - j0);
      for (var jj = 0u; jj < count; jj += 4u) {
        // j0 is a multiple of WG, itself a multiple of 4: blocks align with the tile.
        let w = rng_normal4(P.seed, net, PURPOSE_WEIGHT, P.layer, row, (j0 + jj) >> 2u);
        let lanes = min(4u, count - jj);
        for (var lane = 0u; lane < lanes; lane++) {
          let base = (jj + lane) * k;
          for (var a = 0u; a < k; a++) { acc[a] += w[lane] * tile[base + a]; }
        }
      }
    }
    workgroupBarrier();
  }
  if (live) {
    let b = P.b_scale * rng_normal(P.seed, net, PURPOSE_BIAS, P.layer, 0u, row);
    for (var a = 0u; a < k; a++) { out[(local_net * P.n_out + row) * k + a] = b + P.w_scale * acc[a]; }
  }
}

// Normalization statistics of a hidden layer's preactivations (`prev` here is that layer, with
// n_in units): one workgroup per network, two passes (mean, then centred squares). Writes to
// `out` as (mean, 1/scale) pairs per input.
@compute @workgroup_size(WG)
fn layer_stats(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) tid: u32) {
  let local_net = wid.x + wid.y * 65535u;
  let live = local_net < P.networks;
  let k = P.k;
  let n = P.n_in;
  var s = vec4<f32>(0.0);
  if (live) {
    for (var j = tid; j < n; j += WG) {
      for (var a = 0u; a < k; a++) { s[a] += prev[(local_net * n + j) * k + a]; }
    }
  }
  for (var a = 0u; a < 4u; a++) { red[tid][a] = s[a]; }
  workgroupBarrier();
  reduce_red(tid, 4u);
  var mean = vec4<f32>(0.0);
  if (P.norm == NORM_LAYER) {
    for (var a = 0u; a < 4u; a++) { mean[a] = red[0][a] / f32(n); }
  }
  workgroupBarrier();
  var s2 = vec4<f32>(0.0);
  if (live) {
    for (var j = tid; j < n; j += WG) {
      for (var a = 0u; a < k; a++) {
        let d = prev[(local_net * n + j) * k + a] - mean[a];
        s2[a] += d * d;
      }
    }
  }
  for (var a = 0u; a < 4u; a++) { red[tid][a] = s2[a]; }
  workgroupBarrier();
  reduce_red(tid, 4u);
  if (tid < k && live) {
    let st = norm_stats(P.norm, mean[tid] * f32(n), red[0][tid], f32(n));
    out[(local_net * k + tid) * 2u] = st.x;
    out[(local_net * k + tid) * 2u + 1u] = st.y;
  }
}

// The output layer (one unit) and its conditional covariance, one workgroup per network:
// out[a] = b + w_scale sum_j W[0][j] y(j, a), grams = cb + cw / n_in sum_j y(j, a) y(j, b).
@compute @workgroup_size(WG)
fn output_layer(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) tid: u32) {
  let local_net = wid.x + wid.y * 65535u;
  let live = local_net < P.networks;
  let net = P.net_offset + local_net;
  let k = P.k;
  var acc: array<f32, 14>; // 4 outputs, then the 10 pairs of the lower triangle
  if (live) {
    // Thread t takes Philox blocks t, t + WG, ... (four units each).
    for (var j4 = tid * 4u; j4 < P.n_in; j4 += WG * 4u) {
      let w = rng_normal4(P.seed, net, PURPOSE_WEIGHT, P.layer, 0u, j4 >> 2u);
      let lanes = min(4u, P.n_in - j4);
      for (var lane = 0u; lane < lanes; lane++) {
        var y = vec4<f32>(0.0);
        for (var a = 0u; a < k; a++) { y[a] = prev_value(local_net, net, j4 + lane, a); }
        var p = 4u;
        for (var a = 0u; a < k; a++) {
          acc[a] += w[lane] * y[a];
          for (var b = 0u; b <= a; b++) {
            acc[p] += y[a] * y[b];
            p++;
          }
        }
      }
    }
  }
  for (var p = 0u; p < 14u; p++) { red[tid][p] = acc[p]; }
  workgroupBarrier();
  reduce_red(tid, 14u);
  if (tid == 0u && live) {
    let b = P.b_scale * rng_normal(P.seed, net, PURPOSE_BIAS, P.layer, 0u, 0u);
    var p = 4u;
    for (var a = 0u; a < k; a++) {
      out[local_net * k + a] = b + P.w_scale * red[0][a];
      for (var c = 0u; c <= a; c++) {
        let v = P.cb + P.cw / f32(P.n_in) * red[0][p];
        grams[(local_net * k + a) * k + c] = v;
        grams[(local_net * k + c) * k + a] = v;
        p++;
      }
    }
  }
}

// RunOptions.layerStats: the raw preactivation Gram of hidden layer P.layer (`prev`, n_in units)
// of each network, one workgroup per network:
// out[((local_net L + l - 1) k + a) k + b] = sum_j z(j, a) z(j, b) / n_l.
@compute @workgroup_size(WG)
fn layer_gram(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) tid: u32) {
  let local_net = wid.x + wid.y * 65535u;
  let live = local_net < P.networks;
  let k = P.k;
  let n = P.n_in;
  var acc: array<f32, 10>;
  if (live) {
    for (var j = tid; j < n; j += WG) {
      var z = vec4<f32>(0.0);
      for (var a = 0u; a < k; a++) { z[a] = prev[(local_net * n + j) * k + a]; }
      var p = 0u;
      for (var a = 0u; a < k; a++) {
        for (var b = 0u; b <= a; b++) {
          acc[p] += z[a] * z[b];
          p++;
        }
      }
    }
  }
  for (var p = 0u; p < 10u; p++) { red[tid][p] = acc[p]; }
  workgroupBarrier();
  reduce_red(tid, 10u);
  if (tid == 0u && live) {
    let at = (local_net * P.depth + P.layer - 1u) * k;
    var p = 0u;
    for (var a = 0u; a < k; a++) {
      for (var b = 0u; b <= a; b++) {
        let v = red[0][p] / f32(n);
        out[(at + a) * k + b] = v;
        out[(at + b) * k + a] = v;
        p++;
      }
    }
  }
}
