// The elementwise parts of a training step (src/engine/webgpu/gpu-trainer.ts), beside
// dense_stored.wgsl's batched matmuls. Weights are stored at their effective scale
// (W = sqrt(C_W / n_in) w, b = sqrt(C_b) beta, w and beta the NTK parameterization's unit
// normals), so the forward pass is a plain Z = W A + b and a gradient step on w with rate eta
// is W -= eta (C_W / n_in) dL/dW: the per-layer rates of PDLT. Concatenated after
// activations.wgsl. Arrays are per network, networks back to back, `count` floats apart.

struct StepParams {
  count: u32,         // floats per network in the arrays this dispatch touches
  networks: u32,
  act: u32,
  slope: f32,
  batch: u32,         // columns per unit (row stride): N training inputs, or N then T test inputs
  train: u32,         // residual: the first `train` columns are training inputs
  inv_train: f32,     // residual: 1 / N
  write_grad: u32,    // residual: 1 writes dL/dz_L, 0 only checks the loss (the unmasked pass under dropout)
  rate: f32,          // update: eta C_W / n_in (weights) or eta C_b (biases)
  decay: f32,         // update: eta mu (L2), 0 for none
  towards_init: u32,  // update: 1 pulls towards the initial values, 0 towards zero
  seed: u32,          // init: the run's seed
  first: u32,         // init: the chunk's first network
  purpose: u32,       // init: Purpose.Weight or Purpose.Bias (src/random/address.ts)
  layer: u32,         // init: the layer, 1-based as the CPU trainer draws it
  cols: u32,          // init: entries per row (n_in for weights, n_out for biases: one row 0)
  masked: u32,        // act_*: 1 multiplies by the layer's dropout factors, 0 leaves them out
  step: u32,          // dropout_mask: the step, the row of the mask's address (a new mask each step); residual: the step
  keep_word: u32,     // dropout_mask: a unit is kept iff its word >= keep_word (uniform >= p, exactly)
  keep_scale: f32,    // dropout_mask: 1 / (1 - p), inverted dropout's factor for a kept unit
}

@group(0) @binding(0) var<uniform> S: StepParams;
@group(0) @binding(1) var<storage, read_write> x: array<f32>;
@group(0) @binding(2) var<storage, read> y: array<f32>;
@group(0) @binding(3) var<storage, read> g: array<f32>;
// Per network and hidden unit (networks x units): 1 / (1 - p) for a kept unit, 0 for a dropped one.
@group(0) @binding(4) var<storage, read> mask: array<f32>;
// Per network: the first step whose training loss was not < 1e30 (the CPU trainer's OVERFLOW),
// or NOT_DIVERGED. The update leaves a diverged network as it was, as the CPU stops it.
@group(0) @binding(5) var<storage, read_write> diverged: array<u32>;

const NOT_DIVERGED: u32 = 0xffffffffu;
// The bits of f32(1e30) = 1.0000000150e30, the least f32 >= 1e30: for a non-negative f32 (or an
// infinity or NaN, whose bits are larger still) bits >= these iff the value is not < 1e30. Compared
// as bits so that no float comparison with NaN or infinity is involved.
const OVERFLOW_BITS: u32 = 0x7149f2cau;

override WG: u32 = 64u;

// Element i of a units x batch block is unit i / batch of its network (networks back to back),
// so i / batch indexes the mask.
fn dropout_factor(i: u32) -> f32 {
  if (S.masked == 0u) { return 1.0; }
  return mask[i / S.batch];
}

// A = m sigma(Z) over networks * count floats (count = units * batch): g holds Z (or LayerNorm's U),
// x receives A, m the dropout factor of the element's unit when masked.
@compute @workgroup_size(WG)
fn act_forward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let i = gid.x + gid.y * nw.x * WG;
  if (i >= S.count * S.networks) { return; }
  x[i] = dropout_factor(i) * activate(S.act, S.slope, g[i]);
}

// dZ = dA m sigma'(Z): x holds dA, y holds Z (or U), m as in act_forward.
@compute @workgroup_size(WG)
fn act_backward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let i = gid.x + gid.y * nw.x * WG;
  if (i >= S.count * S.networks) { return; }
  x[i] = x[i] * dropout_factor(i) * activate_deriv(S.act, S.slope, y[i]);
}

// Step `step`'s dropout factors of hidden layer `layer` (1-based), networks x count (count = units):
// unit j of network first + m is kept iff the word at (seed, first + m, Dropout, layer, step, j) is
// >= keep_word, the CPU trainer's "uniform >= p" at the same address. x receives the factors.
@compute @workgroup_size(WG)
fn dropout_mask(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let i = gid.x + gid.y * nw.x * WG;
  if (i >= S.count * S.networks) { return; }
  let m = i / S.count;
  let word = rng_word(S.seed, S.first + m, PURPOSE_DROPOUT, S.layer, S.step, i % S.count);
  x[i] = select(0.0, S.keep_scale, word >= S.keep_word);
}

// (mean, popvar) of z over the count units of one column (units `batch` apart from `base`),
// two passes as normalizeInPlace: z in the g binding.
fn column_moments(base: u32) -> vec2<f32> {
  let n = f32(S.count);
  var s = 0.0;
  for (var j = 0u; j < S.count; j++) { s += g[base + j * S.batch]; }
  let mean = s / n;
  var v = 0.0;
  for (var j = 0u; j < S.count; j++) {
    let d = g[base + j * S.batch] - mean;
    v += d * d;
  }
  return vec2<f32>(mean, v / n);
}

// LayerNorm without gain or bias over the count units of one input (one thread per network and
// column of a units x batch block): u = (z - mean) / sqrt(popvar), left as z - mean where popvar
// is 0, as src/engine/cpu/layer-ops.ts's normalizeInPlace. g holds Z, x receives U.
@compute @workgroup_size(WG)
fn layer_norm(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let i = gid.x + gid.y * nw.x * WG;
  if (i >= S.batch * S.networks) { return; }
  let base = (i / S.batch) * S.count * S.batch + i % S.batch;
  let mv = column_moments(base);
  var inv = 1.0;
  if (mv.y > 0.0) { inv = 1.0 / sqrt(mv.y); }
  for (var j = 0u; j < S.count; j++) { x[base + j * S.batch] = (g[base + j * S.batch] - mv.x) * inv; }
}

// Back through layer_norm, as normalizeBackwardInPlace: dz = (du - mean(du) - u mean(du u)) / sqrt(popvar),
// or du - mean(du) where popvar is 0. x holds dL/dU and receives dL/dZ, y holds U, g holds Z.
@compute @workgroup_size(WG)
fn layer_norm_backward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let i = gid.x + gid.y * nw.x * WG;
  if (i >= S.batch * S.networks) { return; }
  let base = (i / S.batch) * S.count * S.batch + i % S.batch;
  let n = f32(S.count);
  var sg = 0.0;
  var sgu = 0.0;
  for (var j = 0u; j < S.count; j++) {
    let k = base + j * S.batch;
    sg += x[k];
    sgu += x[k] * y[k];
  }
  let popvar = column_moments(base).y;
  var inv = 1.0;
  var gu = 0.0;
  if (popvar > 0.0) {
    inv = 1.0 / sqrt(popvar);
    gu = sgu / n;
  }
  for (var j = 0u; j < S.count; j++) {
    let k = base + j * S.batch;
    x[k] = inv * (x[k] - sg / n - y[k] * gu);
  }
}

// One invocation per network: the training loss (1/2N) sum (z_L - y)^2 over the first `train`
// columns of z_L (g, networks x batch; y the targets), recorded in `diverged` at step `step` if it
// is the first not < 1e30; with write_grad = 1 also dL/dz_L = (z_L - y) / N on the training columns and
// 0 on the test columns into x.
@compute @workgroup_size(WG)
fn residual(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let m = gid.x + gid.y * nw.x * WG;
  if (m >= S.networks) { return; }
  var sq = 0.0;
  for (var col = 0u; col < S.batch; col++) {
    let i = m * S.batch + col;
    var r = 0.0;
    if (col < S.train) {
      let e = g[i] - y[col];
      sq += e * e;
      r = e * S.inv_train;
    }
    if (S.write_grad == 1u) { x[i] = r; }
  }
  let loss = sq / (2.0 * f32(S.train));
  if ((bitcast<u32>(loss) & 0x7fffffffu) >= OVERFLOW_BITS && diverged[m] == NOT_DIVERGED) {
    diverged[m] = S.step;
  }
}

// W -= rate dW + decay (W - target): x holds W, g the gradient dW, y the initial W; a diverged
// network's W is left as it was.
@compute @workgroup_size(WG)
fn update(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let i = gid.x + gid.y * nw.x * WG;
  if (i >= S.count * S.networks || diverged[i / S.count] != NOT_DIVERGED) { return; }
  var toward = 0.0;
  if (S.towards_init == 1u && S.decay != 0.0) { toward = y[i]; }
  x[i] = x[i] - S.rate * g[i] - S.decay * (x[i] - toward);
}

// Initial values at the CPU trainer's addresses: x = rate * normal(seed, first + m, purpose,
// layer, row, col) with rate sqrt(C_W / n_in) (weights) or sqrt(C_b) (biases).
@compute @workgroup_size(WG)
fn init(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let i = gid.x + gid.y * nw.x * WG;
  if (i >= S.count * S.networks) { return; }
  let m = i / S.count;
  let k = i % S.count;
  x[i] = S.rate * rng_normal(S.seed, S.first + m, S.purpose, S.layer, k / S.cols, k % S.cols);
}

// The weight change's two sums per network: x[2 m] = |W - W_0|_F^2 and x[2 m + 1] = |W_0|_F^2
// over the count floats of network m (g holds W, y holds W_0), one workgroup per network. Each
// invocation sums a strided share in runs of 256 terms, the runs into its total (so f32 rounding
// grows with 256 + count / (256 WG) terms, not count / WG), then the workgroup adds the totals
// pairwise. Only O(networks) floats come back to the host instead of both copies of W.
var<workgroup> change_sums: array<vec2<f32>, WG>;

@compute @workgroup_size(WG)
fn weight_change(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>,
                 @builtin(local_invocation_index) lid: u32) {
  let m = wid.x + wid.y * nw.x;
  if (m >= S.networks) { return; }
  let base = m * S.count;
  var total = vec2<f32>(0.0);
  var run = vec2<f32>(0.0);
  var terms = 0u;
  for (var k = lid; k < S.count; k += WG) {
    let w0 = y[base + k];
    let d = g[base + k] - w0;
    run += vec2<f32>(d * d, w0 * w0);
    terms++;
    if (terms == 256u) {
      total += run;
      run = vec2<f32>(0.0);
      terms = 0u;
    }
  }
  change_sums[lid] = total + run;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) { change_sums[lid] += change_sums[lid + s]; }
    workgroupBarrier();
  }
  if (lid == 0u) {
    x[2u * m] = change_sums[0].x;
    x[2u * m + 1u] = change_sums[0].y;
  }
}
