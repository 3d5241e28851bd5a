// The exact engine (Gaussian conditioning, THEORY.md sec. 5) on the GPU: one workgroup per
// network runs hidden layers [layer_start, layer_end) of that network, keeping the k x k
// conditional covariance G in `grams` between dispatches; `exact_output` draws the output
// from G_L. Pipelines concatenate it with rng.wgsl, activations.wgsl and layer_common.wgsl
// (WG, `red`, reduce_red). k <= 4.
//
// Per layer l: C = cholesky(G); unit j's k normals are elements j k .. j k + k - 1 of the row
// (seed, network, Unit, l, 0); z_j = C xi_j; normalization over units; y = sigma(z); dropout;
// G' = cb + cw / n sum_j y_j y_j^T (a workgroup reduction). With P.stats = 1 the layer's raw
// preactivation Gram z(a) . z(b) / n also goes to `layer_grams` (RunOptions.layerStats).

const PAIRS: u32 = 10u; // lower triangle of a 4 x 4 matrix
// The pair sums of the activations, then of the preactivations (P.stats).
const RED_LANES: u32 = 2u * PAIRS;

struct ExactParams {
  seed: u32,
  net_offset: u32,
  networks: u32,
  k: u32,
  layer_start: u32,
  layer_end: u32,
  depth: u32,
  code: u32,
  slope: f32,
  cw: f32,
  cb: f32,
  norm: u32,
  drop_threshold: u32,
  drop_scale: f32,
  stats: u32,
}

@group(0) @binding(0) var<uniform> P: ExactParams;
// Hidden widths n_1..n_{L-1} at index l - 1.
@group(0) @binding(1) var<storage, read> widths: array<u32>;
// G of each network of the chunk, k x k row-major, read and written in place.
@group(0) @binding(2) var<storage, read_write> grams: array<f32>;
@group(0) @binding(3) var<storage, read_write> outputs: array<f32>;
// With P.stats: [network][layer l - 1][a][b] = z_l(a) . z_l(b) / n_l, hidden layers (depth rows
// per network; the output row is filled on the CPU from the outputs).
@group(0) @binding(4) var<storage, read_write> layer_grams: array<f32>;

var<workgroup> g_sh: array<f32, 16>;

// Lower Cholesky factor of the k x k matrix g (row-major, 4 x 4 storage). A pivot at or below
// 1e-6 of the largest diagonal gives a zero column (G is only positive semi-definite when
// inputs coincide).
fn cholesky4(g: array<f32, 16>, k: u32) -> array<f32, 16> {
  var c: array<f32, 16>;
  var scale = 0.0;
  for (var i = 0u; i < k; i++) { scale = max(scale, g[i * 4u + i]); }
  let tiny = 1e-6 * scale;
  for (var j = 0u; j < k; j++) {
    var d = g[j * 4u + j];
    for (var p = 0u; p < j; p++) { d -= c[j * 4u + p] * c[j * 4u + p]; }
    if (d <= tiny) { continue; }
    let cjj = sqrt(d);
    c[j * 4u + j] = cjj;
    for (var i = j + 1u; i < k; i++) {
      var s = g[i * 4u + j];
      for (var p = 0u; p < j; p++) { s -= c[i * 4u + p] * c[j * 4u + p]; }
      c[i * 4u + j] = s / cjj;
    }
  }
  return c;
}

// Units per "slot", the work of one invocation step: a Philox block holds 4 normals, i.e. the
// draws of 4 / k units for k = 1, 2, 4 (unit j's normals are elements j k .. j k + k - 1, so
// slot s = block s covers units s (4 / k) ..). For k = 3 blocks straddle units: one unit per
// slot, drawn element by element.
fn units_per_slot(k: u32) -> u32 {
  if (k == 1u) { return 4u; }
  if (k == 2u) { return 2u; }
  return 1u;
}

// The preactivations z = C xi of the units of slot s (z[i] for unit s * units_per_slot + i).
fn slot_preactivations(net: u32, layer: u32, s: u32, c: array<f32, 16>) -> array<vec4<f32>, 4> {
  let k = P.k;
  var z: array<vec4<f32>, 4>;
  if (k == 1u) {
    let q = c[0] * rng_normal4(P.seed, net, PURPOSE_UNIT, layer, 0u, s);
    z[0].x = q.x;
    z[1].x = q.y;
    z[2].x = q.z;
    z[3].x = q.w;
    return z;
  }
  var xi: array<vec4<f32>, 4>;
  if (k == 2u) {
    let q = rng_normal4(P.seed, net, PURPOSE_UNIT, layer, 0u, s);
    xi[0] = vec4<f32>(q.xy, 0.0, 0.0);
    xi[1] = vec4<f32>(q.zw, 0.0, 0.0);
  } else if (k == 4u) {
    xi[0] = rng_normal4(P.seed, net, PURPOSE_UNIT, layer, 0u, s);
  } else {
    for (var b = 0u; b < k; b++) { xi[0][b] = rng_normal(P.seed, net, PURPOSE_UNIT, layer, 0u, s * k + b); }
  }
  for (var i = 0u; i < units_per_slot(k); i++) {
    for (var a = 0u; a < k; a++) {
      var acc = 0.0;
      for (var b = 0u; b <= a; b++) { acc += c[a * 4u + b] * xi[i][b]; }
      z[i][a] = acc;
    }
  }
  return z;
}

@compute @workgroup_size(WG)
fn exact_layers(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) tid: u32) {
  // One workgroup per network; the grid may be 2-D when a chunk has more than 65535 networks.
  let local_net = wid.x + wid.y * 65535u;
  let live = local_net < P.networks;
  let net = P.net_offset + local_net;
  let k = P.k;
  if (tid < k * k && live) { g_sh[(tid / k) * 4u + tid % k] = grams[local_net * k * k + tid]; }
  workgroupBarrier();
  for (var layer = P.layer_start; layer < P.layer_end; layer++) {
    let n = widths[layer - 1u];
    let ups = units_per_slot(k);
    let slots = (n + ups - 1u) / ups;
    var g: array<f32, 16>;
    for (var i = 0u; i < 16u; i++) { g[i] = g_sh[i]; }
    let c = cholesky4(g, k);
    // Normalization statistics (a first pass over the units, redrawing the same normals).
    var mean = vec4<f32>(0.0);
    var inv = vec4<f32>(1.0);
    if (P.norm == NORM_LAYER || P.norm == NORM_RMS) {
      var s = vec4<f32>(0.0);
      var s2 = vec4<f32>(0.0);
      if (live) {
        for (var sl = tid; sl < slots; sl += WG) {
          let z = slot_preactivations(net, layer, sl, c);
          for (var i = 0u; i < min(ups, n - sl * ups); i++) {
            s += z[i];
            s2 += z[i] * z[i];
          }
        }
      }
      for (var a = 0u; a < k; a++) { red[tid][a] = s[a]; red[tid][k + a] = s2[a]; }
      workgroupBarrier();
      reduce_red(tid, 2u * k);
      let nf = f32(n);
      for (var a = 0u; a < k; a++) {
        let sum = red[0][a];
        // Centred sum of squares from the raw one: sum z^2 - (sum z)^2 / n.
        let centred = select(red[0][k + a], red[0][k + a] - sum * sum / nf, P.norm == NORM_LAYER);
        let st = norm_stats(P.norm, sum, max(centred, 0.0), nf);
        mean[a] = st.x;
        inv[a] = st.y;
      }
      workgroupBarrier();
    }
    var acc: array<f32, PAIRS>;
    var zacc: array<f32, PAIRS>;
    if (live) {
      for (var sl = tid; sl < slots; sl += WG) {
        let z = slot_preactivations(net, layer, sl, c);
        let j0 = sl * ups;
        // The slot's units lie in one block of the dropout row (ups divides 4).
        var drop = vec4<u32>(0xffffffffu);
        if (P.drop_threshold > 0u) { drop = rng_block(P.seed, net, PURPOSE_DROPOUT, layer, 0u, j0 >> 2u); }
        for (var i = 0u; i < min(ups, n - j0); i++) {
          let keep = select(0.0, P.drop_scale, drop[(j0 + i) & 3u] >= P.drop_threshold);
          var zi = z[i];
          if (P.stats == 1u) {
            var q = 0u;
            for (var a = 0u; a < k; a++) {
              for (var b = 0u; b <= a; b++) {
                zacc[q] += zi[a] * zi[b];
                q++;
              }
            }
          }
          if (P.norm == NORM_BATCH) { zi = batch_normalize(zi, k); }
          var y = vec4<f32>(0.0);
          for (var a = 0u; a < k; a++) { y[a] = keep * activate(P.code, P.slope, (zi[a] - mean[a]) * inv[a]); }
          var p = 0u;
          for (var a = 0u; a < k; a++) {
            for (var b = 0u; b <= a; b++) {
              acc[p] += y[a] * y[b];
              p++;
            }
          }
        }
      }
    }
    // Only the k (k + 1) / 2 pairs in use are reduced (1 for k = 1).
    let pairs = k * (k + 1u) / 2u;
    for (var p = 0u; p < pairs; p++) {
      red[tid][p] = acc[p];
      red[tid][pairs + p] = zacc[p];
    }
    workgroupBarrier();
    reduce_red(tid, select(pairs, 2u * pairs, P.stats == 1u));
    if (tid == 0u) {
      var p = 0u;
      for (var a = 0u; a < k; a++) {
        for (var b = 0u; b <= a; b++) {
          let v = P.cb + P.cw / f32(n) * red[0][p];
          g_sh[a * 4u + b] = v;
          g_sh[b * 4u + a] = v;
          if (P.stats == 1u && live) {
            let zz = red[0][pairs + p] / f32(n);
            let at = (local_net * P.depth + layer - 1u) * k;
            layer_grams[(at + a) * k + b] = zz;
            layer_grams[(at + b) * k + a] = zz;
          }
          p++;
        }
      }
    }
    workgroupBarrier();
  }
  if (tid < k * k && live) { grams[local_net * k * k + tid] = g_sh[(tid / k) * 4u + tid % k]; }
}

// outputs[a] = sum_b C[a][b] xi_b with C = cholesky(G_L), xi_a = normal(seed, net, Output, L, 0, a).
@compute @workgroup_size(WG)
fn exact_output(@builtin(global_invocation_id) gid: vec3<u32>) {
  let local_net = gid.x + gid.y * 65535u * WG;
  if (local_net >= P.networks) { return; }
  let net = P.net_offset + local_net;
  let k = P.k;
  var g: array<f32, 16>;
  for (var a = 0u; a < k; a++) {
    for (var b = 0u; b < k; b++) { g[a * 4u + b] = grams[local_net * k * k + a * k + b]; }
  }
  let c = cholesky4(g, k);
  let xi = rng_normal4(P.seed, net, PURPOSE_OUTPUT, P.depth, 0u, 0u);
  for (var a = 0u; a < k; a++) {
    var s = 0.0;
    for (var b = 0u; b <= a; b++) { s += c[a * 4u + b] * xi[b]; }
    outputs[local_net * k + a] = s;
  }
}
