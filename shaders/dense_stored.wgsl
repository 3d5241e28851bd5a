// The stored-weight dense layer (for training and the NTK): W is stored per network, so the
// forward and backward passes are ordinary batched matmuls. One kernel does them all:
//
//   C[net] (M x N) = sum_p A[net](m, p) B[net](p, n)  (+ bias[net][m])  (+ C[net] if accumulate)
//
// with A and B addressed through (row, column) strides, so a transpose is only a swap of
// strides (src/engine/webgpu/dense-stored.ts sets them):
//   forward   Z  = W X + b     A = W (n_out x n_in),  B = X (n_in x batch)
//   backward  dX = W^T dZ      A = W^T (strides swapped), B = dZ
//             dW = dZ X^T      A = dZ, B = X^T (strides swapped)
// and `bias_grad` sums dZ over the batch (db); `matmul_step` is a weight step fused with dW.
// Matrices are row-major per network, networks one after another (net_stride floats apart). Tiled through workgroup memory: a TILE x TILE
// workgroup computes a TILE x TILE block of C, stepping over p in TILE-wide tiles of A and B.
// TILE is an override constant (the workgroup is TILE x TILE invocations).

override TILE: u32 = 8u;

struct MatmulParams {
  m: u32,
  n: u32,
  p: u32,
  a_row: u32,       // A(m, p) = a[net * a_net + m * a_row + p * a_col]
  a_col: u32,
  a_net: u32,
  b_row: u32,       // B(p, n) = b[net * b_net + p * b_row + n * b_col]
  b_col: u32,
  b_net: u32,
  c_net: u32,       // C(m, n) = c[net * c_net + m * n_cols + n], n_cols = n
  bias_net: u32,    // bias(m) = bias[net * bias_net + m]
  use_bias: u32,
  accumulate: u32,
  net_offset: u32,  // networks of this dispatch start here (grids are limited per dimension)
  networks: u32,
  rate: f32,        // matmul_step: C -= rate (A B) + decay (C - c_target)
  decay: f32,
  towards_init: u32, // matmul_step: 1 pulls C towards `c_target`, 0 towards zero
}

@group(0) @binding(0) var<uniform> P: MatmulParams;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> c: array<f32>;
// matmul_step only: C's target under L2 (c's layout), and per network NOT_HALTED or a step
// (the trainer's diverged networks, which are left as they are).
@group(0) @binding(5) var<storage, read> c_target: array<f32>;
@group(0) @binding(6) var<storage, read> halted: array<u32>;

const NOT_HALTED: u32 = 0xffffffffu;

var<workgroup> a_tile: array<f32, TILE * TILE>;
var<workgroup> b_tile: array<f32, TILE * TILE>;

@compute @workgroup_size(TILE, TILE)
fn matmul(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let net = P.net_offset + wid.z;
  let live_net = wid.z < P.networks;
  // lid.x runs along columns n (consecutive invocations, consecutive C addresses).
  let row = wid.y * TILE + lid.y;
  let col = wid.x * TILE + lid.x;
  let a_base = net * P.a_net;
  let b_base = net * P.b_net;
  var acc = 0.0;
  for (var p0 = 0u; p0 < P.p; p0 += TILE) {
    // A tile: rows wid.y*TILE.., columns p0..; B tile: rows p0.., columns wid.x*TILE..
    let ap = p0 + lid.x;
    var av = 0.0;
    if (live_net && row < P.m && ap < P.p) { av = a[a_base + row * P.a_row + ap * P.a_col]; }
    a_tile[lid.y * TILE + lid.x] = av;
    let bp = p0 + lid.y;
    var bv = 0.0;
    if (live_net && bp < P.p && col < P.n) { bv = b[b_base + bp * P.b_row + col * P.b_col]; }
    b_tile[lid.y * TILE + lid.x] = bv;
    workgroupBarrier();
    for (var q = 0u; q < TILE; q++) { acc += a_tile[lid.y * TILE + q] * b_tile[q * TILE + lid.x]; }
    workgroupBarrier();
  }
  if (live_net && row < P.m && col < P.n) {
    let at = net * P.c_net + row * P.n + col;
    if (P.use_bias == 1u) { acc += bias[net * P.bias_net + row]; }
    if (P.accumulate == 1u) { acc += c[at]; }
    c[at] = acc;
  }
}

// The same C on the same grid without workgroup memory: each invocation runs its own dot
// product over p. For software adapters (SwiftShader), where a workgroup barrier suspends every
// invocation of the group and costs far more than the loads it saves.
@compute @workgroup_size(TILE, TILE)
fn matmul_direct(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let row = wid.y * TILE + lid.y;
  let col = wid.x * TILE + lid.x;
  if (wid.z >= P.networks || row >= P.m || col >= P.n) { return; }
  let net = P.net_offset + wid.z;
  var ai = net * P.a_net + row * P.a_row;
  var bi = net * P.b_net + col * P.b_col;
  var acc = 0.0;
  for (var q = 0u; q < P.p; q++) {
    acc += a[ai] * b[bi];
    ai += P.a_col;
    bi += P.b_row;
  }
  let at = net * P.c_net + row * P.n + col;
  if (P.use_bias == 1u) { acc += bias[net * P.bias_net + row]; }
  if (P.accumulate == 1u) { acc += c[at]; }
  c[at] = acc;
}

// db[net][m] = sum over the batch (n columns) of dZ[net](m, n), read through A's addressing
// (A = dZ); written to c at net * c_net + m (accumulated when asked). One invocation per row.
@compute @workgroup_size(TILE, TILE)
fn bias_grad(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) tid: u32) {
  let net = P.net_offset + wid.z;
  let row = wid.x * TILE * TILE + tid;
  if (wid.z >= P.networks || row >= P.m) { return; }
  let base = net * P.a_net + row * P.a_row;
  var s = 0.0;
  for (var q = 0u; q < P.p; q++) { s += a[base + q * P.a_col]; }
  let at = net * P.c_net + row;
  if (P.accumulate == 1u) { s += c[at]; }
  c[at] = s;
}

// A gradient step fused with its gradient: C -= rate (A B) + decay (C - c_target) with A B as
// matmul_direct sums it (the same products in the same order, so the same values as matmul_direct
// into a buffer and then the trainer's update), without writing or reading A B. Each invocation
// does 4 consecutive columns of a row: the A loads are shared, and a software adapter pays per
// invocation, of which the weight gradient (n_out x n_in outputs, each only a batch long) has
// most. The grid's x runs over groups of 4 columns.
@compute @workgroup_size(TILE, TILE)
fn matmul_step(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let row = wid.y * TILE + lid.y;
  let col = (wid.x * TILE + lid.x) * 4u;
  if (wid.z >= P.networks || row >= P.m || col >= P.n) { return; }
  let net = P.net_offset + wid.z;
  if (halted[net] != NOT_HALTED) { return; }
  // Columns past the end (n not a multiple of 4) read the last one's and are not written.
  let last = P.n - 1u;
  let b1 = min(col + 1u, last) * P.b_col;
  let b2 = min(col + 2u, last) * P.b_col;
  let b3 = min(col + 3u, last) * P.b_col;
  var ai = net * P.a_net + row * P.a_row;
  var bi = net * P.b_net + col * P.b_col;
  let bo = vec3<u32>(b1, b2, b3) - vec3<u32>(col * P.b_col);
  var acc = vec4<f32>(0.0);
  for (var q = 0u; q < P.p; q++) {
    let av = a[ai];
    acc += vec4<f32>(av * b[bi], av * b[bi + bo.x], av * b[bi + bo.y], av * b[bi + bo.z]);
    ai += P.a_col;
    bi += P.b_row;
  }
  let at = net * P.c_net + row * P.n + col;
  for (var j = 0u; j < min(4u, P.n - col); j++) {
    var toward = 0.0;
    if (P.towards_init == 1u) { toward = c_target[at + j]; }
    c[at + j] = c[at + j] - P.rate * acc[j] - P.decay * (c[at + j] - toward);
  }
}
