/**
 * How every random number in the lab is addressed. Philox key = (seed, network); counter =
 * (block, row, layer, purpose). One Philox call gives 4 words, hence 4 uniforms or 4 normals
 * (Box-Muller on lanes (0,1) and (2,3)); element i of a row lives in block i >> 2, lane i & 3.
 *
 * The same layout is used by shaders/rng.wgsl, so a weight drawn inside a matmul shader equals
 * the one the CPU engine draws for the same (seed, network, layer, row, col).
 */
export const Purpose = {
  /** Weight W_l[row][col] of the explicit engine. */
  Weight: 0,
  /** Bias b_l[row] of the explicit engine (row = 0, index = unit). */
  Bias: 1,
  /** Exact engine: the k standard normals of unit `row` in layer `layer` (index = input). */
  Unit: 2,
  /** Dropout keep/drop uniforms of layer `layer` (row = 0, index = unit). */
  Dropout: 3,
  /** Sequential stream of the width-independent shortcut sampler (row = 0). */
  Shortcut: 4,
  /** Output-layer draw of the exact engine (row = output unit, index = input). */
  Output: 5,
  /** Nearly-Gaussian sums view: the terms of sum `network` (row = 0, layer = 0, index = term). */
  Sum: 6,
  /** Gaussian-integrals view: standard normal pairs of sample chunk `row` (network 0, layer 0). */
  Gaussian: 7,
} as const;
export type Purpose = (typeof Purpose)[keyof typeof Purpose];

/** 2^-32: maps a 32-bit word x to the open interval (0, 1) as (x + 0.5) * 2^-32. */
export const U32_TO_UNIT = 2.3283064365386963e-10;
export const TWO_PI = 6.283185307179586;
