/**
 * Uniforms and standard normals at addresses (see address.ts). These are the reference
 * definitions that shaders/rng.wgsl reproduces; keep the two in step.
 */
import { philox4x32, philox4x32Blocks } from './philox.ts';
import { U32_TO_UNIT, type Purpose } from './address.ts';
import { boxMuller } from './elementary.ts';

/** Blocks of Philox words generated per pass before they are transformed (fits in L1). */
const CHUNK_BLOCKS = 512;
const words = new Uint32Array(4 * CHUNK_BLOCKS);
/** The 4 normals of a row's last, partial block (only `count` of them are copied out). */
const tail = new Float64Array(4);

/** Uniform in (0, 1) from a 32-bit word. */
export function wordToUniform(x: number): number {
  return (x + 0.5) * U32_TO_UNIT;
}

/**
 * The smallest word w with wordToUniform(w) >= p (0 for p <= its smallest value, 2^32 when no
 * word reaches p): "uniform >= p" is then "word >= w", an integer comparison that a shader
 * makes exactly (shaders/train_step.wgsl's dropout), with no f32 rounding of the uniform.
 * wordToUniform is exact in f64 ((w + 0.5) has 33 bits, the scale is a power of 2), so the
 * two tests agree on every word.
 */
export function uniformThresholdWord(p: number): number {
  if (!(p > wordToUniform(0))) return 0;
  if (p > wordToUniform(0xffffffff)) return 2 ** 32;
  // A guess within a word or two, then exact steps on the f64 comparison itself.
  let w = Math.min(0xffffffff, Math.max(0, Math.ceil(p * 2 ** 32 - 0.5)));
  while (w > 0 && wordToUniform(w - 1) >= p) w--;
  while (wordToUniform(w) < p) w++;
  return w;
}

/**
 * Fill out[outOffset .. outOffset + count) with the standard normals of one row: element i is
 * lane i & 3 of block i >> 2 at counter (block, row, layer, purpose) under key (seed, network);
 * lanes (0, 1) and (2, 3) are Box-Muller pairs: r = sqrt(-2 ln u0), z0 = r cos(2 pi u1),
 * z1 = r sin(2 pi u1).
 *
 * The logarithm, cosine and sine are evaluated by elementary.ts (arithmetic only: ~2x faster
 * than Math.log/cos/sin, and bit-identical in every JS engine); they differ from the
 * Math-based expression by at most ~2.5e-15 absolute.
 *
 * Performance: the Philox words are generated in chunks by philox4x32Blocks (two blocks
 * interleaved), then transformed by boxMuller (inlined by the optimizing compiler).
 */
export function fillNormals(
  seed: number,
  network: number,
  purpose: Purpose,
  layer: number,
  row: number,
  out: Float64Array,
  count = out.length,
  outOffset = 0,
): void {
  const totalBlocks = (count + 3) >>> 2;
  for (let first = 0; first < totalBlocks; first += CHUNK_BLOCKS) {
    const blocks = Math.min(CHUNK_BLOCKS, totalBlocks - first);
    philox4x32Blocks(first, row, layer, purpose, seed, network, blocks, words, 0);
    // Elements of this chunk that fit: whole blocks except possibly the row's last one.
    const n = Math.min(4 * blocks, count - 4 * first);
    const full = n & ~3;
    let o = outOffset + 4 * first;
    for (let w = 0; w < full; w += 4, o += 4) {
      boxMuller(words[w], words[w + 1], out, o);
      boxMuller(words[w + 2], words[w + 3], out, o + 2);
    }
    const rest = n - full;
    if (rest > 0) {
      boxMuller(words[full], words[full + 1], tail, 0);
      boxMuller(words[full + 2], words[full + 3], tail, 2);
      for (let i = 0; i < rest; i++) out[o + i] = tail[i];
    }
  }
}

/** Fill out[outOffset .. outOffset + count) with uniforms in (0, 1), addressed like fillNormals. */
export function fillUniforms(
  seed: number,
  network: number,
  purpose: Purpose,
  layer: number,
  row: number,
  out: Float64Array,
  count = out.length,
  outOffset = 0,
): void {
  const totalBlocks = (count + 3) >>> 2;
  for (let first = 0; first < totalBlocks; first += CHUNK_BLOCKS) {
    const blocks = Math.min(CHUNK_BLOCKS, totalBlocks - first);
    philox4x32Blocks(first, row, layer, purpose, seed, network, blocks, words, 0);
    const n = Math.min(4 * blocks, count - 4 * first);
    const o = outOffset + 4 * first;
    for (let w = 0; w < n; w++) out[o + w] = (words[w] + 0.5) * U32_TO_UNIT;
  }
}

/**
 * Fill out[outOffset .. outOffset + count) with the raw 32-bit words of one row (element i is
 * lane i & 3 of block i >> 2), for integer consumers and for tests of the WGSL twin.
 */
export function fillWords(
  seed: number,
  network: number,
  purpose: Purpose,
  layer: number,
  row: number,
  out: Uint32Array,
  count = out.length,
  outOffset = 0,
): void {
  const fullBlocks = count >>> 2;
  philox4x32Blocks(0, row, layer, purpose, seed, network, fullBlocks, out, outOffset);
  const rest = count - 4 * fullBlocks;
  if (rest > 0) {
    const tail = words.subarray(0, 4);
    philox4x32(fullBlocks, row, layer, purpose, seed, network, tail, 0);
    for (let lane = 0; lane < rest; lane++) out[outOffset + 4 * fullBlocks + lane] = tail[lane];
  }
}

/**
 * A sequential stream over consecutive blocks of one address, for samplers that consume a
 * variable number of draws (rejection samplers of the shortcut engine). Deterministic given
 * its address; independent of every other address.
 */
export class CounterStream {
  private readonly buffer = new Uint32Array(4);
  private lane = 4;
  private block = 0;
  private spareNormal = NaN;
  private readonly pair = new Float64Array(2);

  constructor(
    readonly seed: number,
    readonly network: number,
    readonly purpose: Purpose,
    readonly layer: number,
    readonly row = 0,
  ) {}

  /** Next raw 32-bit word. */
  nextWord(): number {
    if (this.lane === 4) {
      philox4x32(this.block++, this.row, this.layer, this.purpose, this.seed, this.network, this.buffer, 0);
      this.lane = 0;
    }
    return this.buffer[this.lane++];
  }

  /** Uniform in (0, 1). */
  uniform(): number {
    return (this.nextWord() + 0.5) * U32_TO_UNIT;
  }

  /**
   * Standard normal by Box-Muller on consecutive word pairs (the same transform as
   * fillNormals): r cos(2 pi u1), then r sin(2 pi u1).
   */
  normal(): number {
    if (!Number.isNaN(this.spareNormal)) {
      const z = this.spareNormal;
      this.spareNormal = NaN;
      return z;
    }
    const w0 = this.nextWord();
    const w1 = this.nextWord();
    boxMuller(w0, w1, this.pair, 0);
    this.spareNormal = this.pair[1];
    return this.pair[0];
  }
}
