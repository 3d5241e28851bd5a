/**
 * Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC'11), the
 * counter-based generator of Random123. Each call maps a 128-bit counter and a 64-bit key to
 * 128 random bits, so any random number of any network can be regenerated from its address
 * alone, in any order, on the CPU or in shaders/rng.wgsl (which is bit-identical).
 *
 * 32x32 -> 64-bit products are done exactly in float64 by splitting one factor into 16-bit
 * halves: JavaScript has no 64-bit integer multiply that is fast.
 */

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;
const M0_LO = M0 & 0xffff;
const M0_HI = M0 >>> 16;
const M1_LO = M1 & 0xffff;
const M1_HI = M1 >>> 16;
const INV_2_16 = 1 / 65536;

/**
 * Philox4x32-10 of counter (c0, c1, c2, c3) under key (k0, k1); the four output words are
 * written to out[offset..offset+3] as unsigned 32-bit integers.
 */
export function philox4x32(
  c0: number,
  c1: number,
  c2: number,
  c3: number,
  k0: number,
  k1: number,
  out: Uint32Array,
  offset = 0,
): void {
  c0 >>>= 0;
  c1 >>>= 0;
  c2 >>>= 0;
  c3 >>>= 0;
  k0 >>>= 0;
  k1 >>>= 0;
  for (let round = 0; round < 10; round++) {
    // hi/lo of M0 * c0 and M1 * c2.
    const p0lo = c0 * M0_LO;
    const p0hi = c0 * M0_HI + Math.floor(p0lo * INV_2_16);
    const hi0 = Math.floor(p0hi * INV_2_16) >>> 0;
    const lo0 = Math.imul(c0, M0) >>> 0;
    const p1lo = c2 * M1_LO;
    const p1hi = c2 * M1_HI + Math.floor(p1lo * INV_2_16);
    const hi1 = Math.floor(p1hi * INV_2_16) >>> 0;
    const lo1 = Math.imul(c2, M1) >>> 0;
    c0 = (hi1 ^ c1 ^ k0) >>> 0;
    c1 = lo1;
    c2 = (hi0 ^ c3 ^ k1) >>> 0;
    c3 = lo0;
    k0 = (k0 + W0) >>> 0;
    k1 = (k1 + W1) >>> 0;
  }
  out[offset] = c0;
  out[offset + 1] = c1;
  out[offset + 2] = c2;
  out[offset + 3] = c3;
}
