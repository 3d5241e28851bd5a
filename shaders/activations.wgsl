// The nonlinearities, normalization and dropout of a hidden layer, shared by the explicit and
// exact layers. The ACT_* and NORM_* numbers are src/engine/webgpu/codes.ts's (a test
// compares them); leaky-relu's negative slope is `slope`, gelu is exact (x Phi(x)), swish is
// x logistic(x). Evaluated without the looser built-ins where accuracy matters (erf has
// none; tanh and sin get explicit forms) so that every adapter agrees with the float64 CPU.

const ACT_LINEAR: u32 = 0u;
const ACT_RELU: u32 = 1u;
const ACT_LEAKY_RELU: u32 = 2u;
const ACT_TANH: u32 = 3u;
const ACT_ERF: u32 = 4u;
const ACT_GELU: u32 = 5u;
const ACT_SWISH: u32 = 6u;
const ACT_SIGMOID: u32 = 7u;
const ACT_SIN: u32 = 8u;

const NORM_NONE: u32 = 0u;
const NORM_LAYER: u32 = 1u;
const NORM_RMS: u32 = 2u;
// Per unit over the network's k inputs (src/engine/cpu/layer-ops.ts normalizeInPlace 'batch').
const NORM_BATCH: u32 = 3u;

// 'batch' normalization of one unit's k preactivations: (z - mean) / sqrt(popvar) over the
// inputs, leaving z - mean where popvar = 0.
fn batch_normalize(z: vec4<f32>, k: u32) -> vec4<f32> {
  var s = 0.0;
  for (var a = 0u; a < k; a++) { s += z[a]; }
  let mean = s / f32(k);
  var d = vec4<f32>(0.0);
  var v = 0.0;
  for (var a = 0u; a < k; a++) {
    d[a] = z[a] - mean;
    v += d[a] * d[a];
  }
  let popvar = v / f32(k);
  if (popvar > 0.0) { return d / sqrt(popvar); }
  return d;
}

// erf(x) to about 1.2e-7 absolute: Taylor series for |x| < 0.5, else the Chebyshev-fitted
// erfc of Numerical Recipes (fractional error < 1.2e-7).
fn erf_f32(x: f32) -> f32 {
  let ax = abs(x);
  if (ax < 0.5) {
    let x2 = x * x;
    // 2/sqrt(pi) (x - x^3/3 + x^5/10 - x^7/42 + x^9/216 - x^11/1320)
    return 1.1283791670955126 * x * (1.0 + x2 * (-1.0 / 3.0 + x2 * (1.0 / 10.0 + x2 * (-1.0 / 42.0 + x2 * (1.0 / 216.0 + x2 * (-1.0 / 1320.0))))));
  }
  let t = 1.0 / (1.0 + 0.5 * ax);
  let poly = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  let erfc = t * exp(-ax * ax + poly);
  return sign(x) * (1.0 - erfc);
}

fn logistic_f32(x: f32) -> f32 {
  if (x >= 0.0) {
    return 1.0 / (1.0 + exp(-x));
  }
  let e = exp(x);
  return e / (1.0 + e);
}

fn tanh_f32(x: f32) -> f32 {
  let ax = abs(x);
  if (ax < 0.25) {
    let x2 = x * x;
    return x * (1.0 + x2 * (-1.0 / 3.0 + x2 * (2.0 / 15.0 + x2 * (-17.0 / 315.0 + x2 * (62.0 / 2835.0)))));
  }
  if (ax > 10.0) {
    return sign(x);
  }
  return sign(x) * (1.0 - 2.0 / (exp(2.0 * ax) + 1.0));
}

// sin(x) with the reduction to [-pi/4, pi/4] done explicitly (the built-in's precision is
// only specified on [-pi, pi], to 2^-11).
fn sin_f32(x: f32) -> f32 {
  let turns = x * 0.15915494309189535;
  let q = round(turns * 4.0);
  // x - q pi/2 in two pieces (Cody-Waite) to keep the reduced angle accurate.
  let r = (x - q * 1.5707963705062866) + q * 4.371139000186243e-8;
  let r2 = r * r;
  let s = r * (1.0 + r2 * (-1.0 / 6.0 + r2 * (1.0 / 120.0 + r2 * (-1.0 / 5040.0 + r2 * (1.0 / 362880.0)))));
  let c = 1.0 + r2 * (-0.5 + r2 * (1.0 / 24.0 + r2 * (-1.0 / 720.0 + r2 * (1.0 / 40320.0 + r2 * (-1.0 / 3628800.0)))));
  let quadrant = u32(i32(q) & 3);
  switch (quadrant) {
    case 0u: { return s; }
    case 1u: { return c; }
    case 2u: { return -s; }
    default: { return -c; }
  }
}

fn activate(code: u32, slope: f32, x: f32) -> f32 {
  switch (code) {
    case ACT_LINEAR: { return x; }
    case ACT_RELU: { return max(x, 0.0); }
    case ACT_LEAKY_RELU: { return select(slope * x, x, x > 0.0); }
    case ACT_TANH: { return tanh_f32(x); }
    case ACT_ERF: { return erf_f32(x); }
    case ACT_GELU: { return x * 0.5 * (1.0 + erf_f32(x * 0.7071067811865476)); }
    case ACT_SWISH: { return x * logistic_f32(x); }
    case ACT_SIGMOID: { return logistic_f32(x); }
    case ACT_SIN, default: { return sin_f32(x); }
  }
}

// cos(x) with sin_f32's explicit reduction (a quarter turn further along).
fn cos_f32(x: f32) -> f32 {
  let q = round(x * 0.15915494309189535 * 4.0);
  let r = (x - q * 1.5707963705062866) + q * 4.371139000186243e-8;
  let r2 = r * r;
  let s = r * (1.0 + r2 * (-1.0 / 6.0 + r2 * (1.0 / 120.0 + r2 * (-1.0 / 5040.0 + r2 * (1.0 / 362880.0)))));
  let c = 1.0 + r2 * (-0.5 + r2 * (1.0 / 24.0 + r2 * (-1.0 / 720.0 + r2 * (1.0 / 40320.0 + r2 * (-1.0 / 3628800.0)))));
  switch (u32(i32(q) & 3)) {
    case 0u: { return c; }
    case 1u: { return -s; }
    case 2u: { return -c; }
    default: { return s; }
  }
}

// sigma'(x), the `df` of src/theory/activations.ts (the piecewise-linear ones take the left
// slope at 0, as there).
fn activate_deriv(code: u32, slope: f32, x: f32) -> f32 {
  switch (code) {
    case ACT_LINEAR: { return 1.0; }
    case ACT_RELU: { return select(0.0, 1.0, x > 0.0); }
    case ACT_LEAKY_RELU: { return select(slope, 1.0, x > 0.0); }
    case ACT_TANH: {
      let t = tanh_f32(x);
      return 1.0 - t * t;
    }
    case ACT_ERF: { return 1.1283791670955126 * exp(-x * x); }
    case ACT_GELU: { return 0.5 * (1.0 + erf_f32(x * 0.7071067811865476)) + x * 0.3989422804014327 * exp(-0.5 * x * x); }
    case ACT_SWISH: {
      let s = logistic_f32(x);
      return s + x * s * (1.0 - s);
    }
    case ACT_SIGMOID: {
      let s = logistic_f32(x);
      return s * (1.0 - s);
    }
    case ACT_SIN, default: { return cos_f32(x); }
  }
}

// Dropout: unit `unit` of hidden layer `layer` is kept iff its word >= threshold, where the
// host computes threshold = ceil(p 2^32 - 1/2) so that this integer test equals the CPU's
// float64 test u >= p with u = (word + 0.5) 2^-32 exactly.
fn dropout_keep(seed: u32, network: u32, layer: u32, unit: u32, threshold: u32) -> bool {
  return rng_word(seed, network, PURPOSE_DROPOUT, layer, 0u, unit) >= threshold;
}

// (mean, 1/scale) of one input's preactivations over units, from their sum and sum of squares:
// 'layer' divides by the population standard deviation, 'rms' by the root mean square; a zero
// scale leaves the (centred) values unscaled.
fn norm_stats(norm: u32, sum: f32, sumsq_centred: f32, n: f32) -> vec2<f32> {
  if (norm == NORM_LAYER) {
    let v = sumsq_centred / n;
    return vec2<f32>(sum / n, select(1.0, inverseSqrt(v), v > 0.0));
  }
  if (norm == NORM_RMS) {
    let ms = sumsq_centred / n;
    return vec2<f32>(0.0, select(1.0, inverseSqrt(ms), ms > 0.0));
  }
  return vec2<f32>(0.0, 1.0);
}
