// Philox4x32-10 and the lab's addressing of random numbers, bit-identical to
// src/random/philox.ts and src/random/normals.ts (see src/random/address.ts):
//   key = (seed, network), counter = (block, row, layer, purpose),
//   element i of a row is lane i & 3 of block i >> 2,
//   uniform u = (word + 0.5) * 2^-32,
//   normals by Box-Muller on lanes (0,1) and (2,3):
//     r = sqrt(-2 ln u0), z0 = r cos(2 pi u1), z1 = r sin(2 pi u1).
// WGSL has no 64-bit integers: the high word of a 32x32 product is built from 16-bit halves.
// ln, cos and sin are evaluated here from the integer words (not with the built-ins, whose
// precision the WebGPU spec leaves loose, e.g. 2^-11 absolute for sin/cos) so that every
// adapter gives the CPU's values to about 1e-7 relative.

const PHILOX_M0: u32 = 0xd2511f53u;
const PHILOX_M1: u32 = 0xcd9e8d57u;
const PHILOX_W0: u32 = 0x9e3779b9u;
const PHILOX_W1: u32 = 0xbb67ae85u;

// Purposes (src/random/address.ts).
const PURPOSE_WEIGHT: u32 = 0u;
const PURPOSE_BIAS: u32 = 1u;
const PURPOSE_UNIT: u32 = 2u;
const PURPOSE_DROPOUT: u32 = 3u;
const PURPOSE_SHORTCUT: u32 = 4u;
const PURPOSE_OUTPUT: u32 = 5u;

// (hi, lo) of the 64-bit product a * b.
fn mulhilo32(a: u32, b: u32) -> vec2<u32> {
  let al = a & 0xffffu;
  let ah = a >> 16u;
  let bl = b & 0xffffu;
  let bh = b >> 16u;
  let ll = al * bl;
  let lh = al * bh;
  let hl = ah * bl;
  let hh = ah * bh;
  let mid = (ll >> 16u) + (lh & 0xffffu) + (hl & 0xffffu);
  let hi = hh + (lh >> 16u) + (hl >> 16u) + (mid >> 16u);
  return vec2<u32>(hi, a * b);
}

fn philox4x32(counter: vec4<u32>, key: vec2<u32>) -> vec4<u32> {
  var c = counter;
  var k = key;
  for (var round = 0u; round < 10u; round++) {
    let p0 = mulhilo32(c.x, PHILOX_M0);
    let p1 = mulhilo32(c.z, PHILOX_M1);
    c = vec4<u32>(p1.x ^ c.y ^ k.x, p1.y, p0.x ^ c.w ^ k.y, p0.y);
    k = k + vec2<u32>(PHILOX_W0, PHILOX_W1);
  }
  return c;
}

// The four words of block `block` at (row, layer, purpose) under key (seed, network).
fn rng_block(seed: u32, network: u32, purpose: u32, layer: u32, row: u32, block: u32) -> vec4<u32> {
  return philox4x32(vec4<u32>(block, row, layer, purpose), vec2<u32>(seed, network));
}

// Uniform in (0, 1) from one word (f32: exact to rounding).
fn word_to_uniform(w: u32) -> f32 {
  // Split so that w + 0.5 is formed without the rounding of f32(w) for large w mattering
  // more than one f32 ulp of the result.
  return (f32(w >> 8u) * 256.0 + (f32(w & 0xffu) + 0.5)) * 2.3283064365386963e-10;
}

// ln(m) for m in [sqrt(1/2), sqrt(2)] via 2 atanh(s), s = (m - 1) / (m + 1), |s| <= 0.1716.
fn rng_log_reduced(m: f32) -> f32 {
  let s = (m - 1.0) / (m + 1.0);
  let s2 = s * s;
  let p = 1.0 + s2 * (1.0 / 3.0 + s2 * (1.0 / 5.0 + s2 * (1.0 / 7.0 + s2 * (1.0 / 9.0 + s2 * (1.0 / 11.0)))));
  return 2.0 * s * p;
}

// -2 ln(u) for u = (w + 0.5) 2^-32, to about 1e-7 relative for every word w.
fn minus_two_log_uniform(w: u32) -> f32 {
  if (w >= 0x80000000u) {
    // u >= 1/2: -ln(u) = -ln(1 - v) with v = (~w + 0.5) 2^-32 <= 1/2 exact to f32 rounding;
    // -ln(1 - v) = 2 atanh(v / (2 - v)), series in t = v / (2 - v) <= 1/3.
    let v = (f32(~w) + 0.5) * 2.3283064365386963e-10;
    let t = v / (2.0 - v);
    let t2 = t * t;
    var p = 1.0 / 19.0;
    p = 1.0 / 17.0 + t2 * p;
    p = 1.0 / 15.0 + t2 * p;
    p = 1.0 / 13.0 + t2 * p;
    p = 1.0 / 11.0 + t2 * p;
    p = 1.0 / 9.0 + t2 * p;
    p = 1.0 / 7.0 + t2 * p;
    p = 1.0 / 5.0 + t2 * p;
    p = 1.0 / 3.0 + t2 * p;
    p = 1.0 + t2 * p;
    return 4.0 * t * p;
  }
  let u = word_to_uniform(w);
  let fr = frexp(u); // u = fr.fract * 2^fr.exp, fract in [0.5, 1)
  var m = fr.fract;
  var e = f32(fr.exp);
  if (m < 0.70710678) {
    m = m * 2.0;
    e = e - 1.0;
  }
  return -2.0 * (e * 0.6931471805599453 + rng_log_reduced(m));
}

// (cos, sin) of 2 pi (w + 0.5) 2^-32, reduced exactly in integers to an angle in [-pi/4, pi/4].
fn cos_sin_turn(w: u32) -> vec2<f32> {
  let quadrant = ((w + 0x20000000u) >> 30u) & 3u; // nearest multiple of a quarter turn
  let rest = bitcast<i32>(w - (((w + 0x20000000u) >> 30u) << 30u)); // in [-2^29, 2^29)
  let theta = (f32(rest) + 0.5) * (6.283185307179586 * 2.3283064365386963e-10);
  let t2 = theta * theta;
  let s = theta * (1.0 + t2 * (-1.0 / 6.0 + t2 * (1.0 / 120.0 + t2 * (-1.0 / 5040.0 + t2 * (1.0 / 362880.0 + t2 * (-1.0 / 39916800.0))))));
  let c = 1.0 + t2 * (-0.5 + t2 * (1.0 / 24.0 + t2 * (-1.0 / 720.0 + t2 * (1.0 / 40320.0 + t2 * (-1.0 / 3628800.0)))));
  switch (quadrant) {
    case 0u: { return vec2<f32>(c, s); }
    case 1u: { return vec2<f32>(-s, c); }
    case 2u: { return vec2<f32>(-c, -s); }
    default: { return vec2<f32>(s, -c); }
  }
}

// The four standard normals of one block (Box-Muller on lanes (0,1) and (2,3)).
fn words_to_normals(w: vec4<u32>) -> vec4<f32> {
  let r01 = sqrt(minus_two_log_uniform(w.x));
  let r23 = sqrt(minus_two_log_uniform(w.z));
  let cs01 = cos_sin_turn(w.y);
  let cs23 = cos_sin_turn(w.w);
  return vec4<f32>(r01 * cs01.x, r01 * cs01.y, r23 * cs23.x, r23 * cs23.y);
}

fn rng_normal4(seed: u32, network: u32, purpose: u32, layer: u32, row: u32, block: u32) -> vec4<f32> {
  return words_to_normals(rng_block(seed, network, purpose, layer, row, block));
}

// Element `index` of a row of normals (one Philox call: use rng_normal4 when a thread
// consumes a whole block).
fn rng_normal(seed: u32, network: u32, purpose: u32, layer: u32, row: u32, index: u32) -> f32 {
  return rng_normal4(seed, network, purpose, layer, row, index >> 2u)[index & 3u];
}

fn rng_word(seed: u32, network: u32, purpose: u32, layer: u32, row: u32, index: u32) -> u32 {
  return rng_block(seed, network, purpose, layer, row, index >> 2u)[index & 3u];
}

fn rng_uniform(seed: u32, network: u32, purpose: u32, layer: u32, row: u32, index: u32) -> f32 {
  return word_to_uniform(rng_word(seed, network, purpose, layer, row, index));
}
