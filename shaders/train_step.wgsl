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
  batch: u32,         // residual: columns of z_L (training then test inputs)
  train: u32,         // residual: the first `train` columns are training inputs
  inv_train: f32,     // residual: 1 / N
  rate: f32,          // update: eta C_W / n_in (weights) or eta C_b (biases)
  decay: f32,         // update: eta mu (L2), 0 for none
  towards_init: u32,  // update: 1 pulls towards the initial values, 0 towards zero
  seed: u32,          // init: the run's seed
  first: u32,         // init: the chunk's first network
  purpose: u32,       // init: Purpose.Weight or Purpose.Bias (src/random/address.ts)
  layer: u32,         // init: the layer, 1-based as the CPU trainer draws it
  cols: u32,          // init: entries per row (n_in for weights, n_out for biases: one row 0)
}

@group(0) @binding(0) var<uniform> S: StepParams;
@group(0) @binding(1) var<storage, read_write> x: array<f32>;
@group(0) @binding(2) var<storage, read> y: array<f32>;
@group(0) @binding(3) var<storage, read> g: array<f32>;

override WG: u32 = 64u;

// A = sigma(Z) over networks * count floats: g holds Z, x receives A.
@compute @workgroup_size(WG)
fn act_forward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let i = gid.x + gid.y * nw.x * WG;
  if (i >= S.count * S.networks) { return; }
  x[i] = activate(S.act, S.slope, g[i]);
}

// dZ = dA sigma'(Z): x holds dA, y holds Z.
@compute @workgroup_size(WG)
fn act_backward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let i = gid.x + gid.y * nw.x * WG;
  if (i >= S.count * S.networks) { return; }
  x[i] = x[i] * activate_deriv(S.act, S.slope, y[i]);
}

// dL/dz_L = (z_L - y) / N on the training columns, 0 on the test columns: g holds z_L
// (networks x batch), y the targets (batch), x receives the residual.
@compute @workgroup_size(WG)
fn residual(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let i = gid.x + gid.y * nw.x * WG;
  if (i >= S.batch * S.networks) { return; }
  let col = i % S.batch;
  if (col < S.train) { x[i] = (g[i] - y[col]) * S.inv_train; } else { x[i] = 0.0; }
}

// W -= rate dW + decay (W - target): x holds W, g the gradient dW, y the initial W.
@compute @workgroup_size(WG)
fn update(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let i = gid.x + gid.y * nw.x * WG;
  if (i >= S.count * S.networks) { return; }
  var toward = 0.0;
  if (S.towards_init == 1u) { toward = y[i]; }
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
