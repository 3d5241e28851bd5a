/**
 * Uniforms and standard normals at addresses (see address.ts). These are the reference
 * definitions that shaders/rng.wgsl reproduces; keep the two in step.
 */
import { philox4x32 } from './philox.ts';
import { TWO_PI, U32_TO_UNIT, type Purpose } from './address.ts';

const words = new Uint32Array(4);

/** Uniform in (0, 1) from a 32-bit word. */
export function wordToUniform(x: number): number {
  return (x + 0.5) * U32_TO_UNIT;
}

/**
 * Fill out[0..count) with the standard normals of one row: element i is lane i & 3 of block
 * i >> 2 at counter (block, row, layer, purpose) under key (seed, network).
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
  for (let i = 0, block = 0; i < count; i += 4, block++) {
    philox4x32(block, row, layer, purpose, seed, network, words, 0);
    const r01 = Math.sqrt(-2 * Math.log((words[0] + 0.5) * U32_TO_UNIT));
    const t01 = TWO_PI * (words[1] + 0.5) * U32_TO_UNIT;
    const r23 = Math.sqrt(-2 * Math.log((words[2] + 0.5) * U32_TO_UNIT));
    const t23 = TWO_PI * (words[3] + 0.5) * U32_TO_UNIT;
    const o = outOffset + i;
    const n = count - i;
    out[o] = r01 * Math.cos(t01);
    if (n > 1) out[o + 1] = r01 * Math.sin(t01);
    if (n > 2) out[o + 2] = r23 * Math.cos(t23);
    if (n > 3) out[o + 3] = r23 * Math.sin(t23);
  }
}

/** Fill out[0..count) with uniforms in (0, 1), addressed like fillNormals. */
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
  for (let i = 0, block = 0; i < count; i += 4, block++) {
    philox4x32(block, row, layer, purpose, seed, network, words, 0);
    const n = Math.min(4, count - i);
    for (let lane = 0; lane < n; lane++) out[outOffset + i + lane] = (words[lane] + 0.5) * U32_TO_UNIT;
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

  /** Standard normal by Box-Muller on consecutive word pairs. */
  normal(): number {
    if (!Number.isNaN(this.spareNormal)) {
      const z = this.spareNormal;
      this.spareNormal = NaN;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(this.uniform()));
    const t = TWO_PI * this.uniform();
    this.spareNormal = r * Math.sin(t);
    return r * Math.cos(t);
  }
}
