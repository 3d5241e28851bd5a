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
  // Which invocation loads which element of a tile: consecutive invocations (lid.x) take
  // consecutive addresses, so a transposed operand (A = W^T or X^T: a_row = 1; B = X^T: b_row = 1)
  // is read along its contiguous index instead of one stride apart per invocation. The tiles
  // hold the same values either way.
  let a_down = P.a_row == 1u && P.a_col != 1u;
  let b_down = P.b_row == 1u && P.b_col != 1u;
  for (var p0 = 0u; p0 < P.p; p0 += TILE) {
    // A tile: rows wid.y*TILE.., columns p0.. (a_tile[row * TILE + p]).
    var ar = vec2<u32>(lid.y, lid.x);
    if (a_down) { ar = vec2<u32>(lid.x, lid.y); }
    let am = wid.y * TILE + ar.x;
    let ap = p0 + ar.y;
    var av = 0.0;
    if (live_net && am < P.m && ap < P.p) { av = a[a_base + am * P.a_row + ap * P.a_col]; }
    a_tile[ar.x * TILE + ar.y] = av;
    // B tile: rows p0.., columns wid.x*TILE.. (b_tile[p * TILE + column]).
    var bq = vec2<u32>(lid.y, lid.x);
    if (b_down) { bq = vec2<u32>(lid.x, lid.y); }
    let bp = p0 + bq.x;
    let bn = wid.x * TILE + bq.y;
    var bv = 0.0;
    if (live_net && bp < P.p && bn < P.n) { bv = b[b_base + bp * P.b_row + bn * P.b_col]; }
    b_tile[bq.x * TILE + bq.y] = bv;
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

// The same C without workgroup memory, for software adapters (SwiftShader), where a workgroup
// barrier suspends every invocation of the group and costs far more than the loads it saves,
// and where each invocation has its cost: an invocation runs the dot products over p of 4
// consecutive columns of one row (sharing the A loads), and the TILE x TILE invocations of a
// workgroup take consecutive (row, group of 4 columns) cells, so a C a few columns wide (the
// batch) leaves no invocation idle. Workgroups run over x then y (direct_grid in
// dense-stored.ts), networks over z.

struct Cell {
  net: u32,
  row: u32,
  col: u32,   // the first of the cell's (up to) 4 columns
  at: u32,    // C(row, col)'s index in c
  live: bool, // false past the end of C or of the dispatch's networks
}

// The cell of invocation `lid` of workgroup wid.
fn direct_cell(wid: vec3<u32>, nw: vec3<u32>, lid: u32) -> Cell {
  let groups = (P.n + 3u) / 4u;
  let i = (wid.y * nw.x + wid.x) * TILE * TILE + lid;
  let row = i / groups;
  let col = (i % groups) * 4u;
  let net = P.net_offset + wid.z;
  return Cell(net, row, col, net * P.c_net + row * P.n + col, wid.z < P.networks && row < P.m);
}

// C(row, col + j) for j = 0..3, each summed over p in order as matmul's single dot product;
// columns past n read the last one's (and are not written).
fn dot4(net: u32, row: u32, col: u32) -> vec4<f32> {
  let last = P.n - 1u;
  let bo = vec3<u32>(min(col + 1u, last), min(col + 2u, last), min(col + 3u, last)) * P.b_col
    - vec3<u32>(col * P.b_col);
  var ai = net * P.a_net + row * P.a_row;
  var bi = net * P.b_net + col * P.b_col;
  var acc = vec4<f32>(0.0);
  for (var q = 0u; q < P.p; q++) {
    let av = a[ai];
    acc += vec4<f32>(av * b[bi], av * b[bi + bo.x], av * b[bi + bo.y], av * b[bi + bo.z]);
    ai += P.a_col;
    bi += P.b_row;
  }
  return acc;
}

@compute @workgroup_size(TILE, TILE)
fn matmul_direct(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nw: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let e = direct_cell(wid, nw, lid);
  if (!e.live) { return; }
  let acc = dot4(e.net, e.row, e.col);
  for (var j = 0u; j < min(4u, P.n - e.col); j++) {
    var v = acc[j];
    if (P.use_bias == 1u) { v += bias[e.net * P.bias_net + e.row]; }
    if (P.accumulate == 1u) { v += c[e.at + j]; }
    c[e.at + j] = v;
  }
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
// into a buffer and then the trainer's update), without writing or reading A B, on
// matmul_direct's grid. The trainer's weight step on every adapter: the gradient's n_out x n_in
// outputs are each only a batch long, so tiling gains nothing, and fusing saves writing dW and
// reading it back (a software adapter also pays per invocation, and this has most of them).
@compute @workgroup_size(TILE, TILE)
fn matmul_step(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nw: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let e = direct_cell(wid, nw, lid);
  if (!e.live || halted[e.net] != NOT_HALTED) { return; }
  let acc = dot4(e.net, e.row, e.col);
  for (var j = 0u; j < min(4u, P.n - e.col); j++) {
    let at = e.at + j;
    var toward = 0.0;
    // Without L2 (decay 0) the target is never read: one pass over the weights fewer.
    if (P.towards_init == 1u && P.decay != 0.0) { toward = c_target[at]; }
    c[at] = c[at] - P.rate * acc[j] - P.decay * (c[at] - toward);
  }
}
