/**
 * The elementary functions of the Box-Muller transform, evaluated on the 32-bit Philox word
 * itself: ln u and (cos 2 pi u, sin 2 pi u) for the uniform u = (w + 0.5) 2^-32.
 *
 * Why not Math.log / Math.cos / Math.sin:
 *  - speed: each Math call costs ~20-25 ns in V8 (a call into a generic routine that handles
 *    any double); these use only +, -, *, / and Math.clz32 on a known, tiny domain, with
 *    branch-free exponent and octant reduction, and are inlined into the fill loops
 *    (fillNormals went from ~20 to 40+ M normals/s per core).
 *  - determinism: ECMAScript leaves Math.cos/sin/log "implementation-approximated", so two
 *    engines (V8, SpiderMonkey, JavaScriptCore) may differ in the last bit. Here every step is
 *    an IEEE-754 basic operation (correctly rounded everywhere), so a seed gives the same
 *    normals, bit for bit, in every engine.
 *
 * Algorithms (fdlibm's coefficients, Sun Microsystems 1993):
 *  - log: w + 0.5 = 2^k y with y in [sqrt(1/2), sqrt(2)) (k from Math.clz32, y exact),
 *    ln y = 2s + s R(s^2), s = (y - 1)/(y + 1) (e_log.c's polynomial), ln 2 split hi + lo.
 *    Relative error of ln u measured 3.3e-16 (asserted <= 5e-16) against Math.log (tests/unit/random).
 *  - cos/sin: the angle 2 pi u = (o + f) pi/4 with octant o = w >>> 29 and f from the low 29
 *    bits, reduced EXACTLY (no rounding, unlike fl(2 pi u)) to t in (0, pi/4) (mirrored in odd
 *    octants); k_cos.c / k_sin.c polynomials in t; the octant's symmetry maps
 *    (cos t, sin t) to (cos, sin) of the angle by a sign/swap table (exact).
 *    Absolute error measured 1.1e-16 (asserted <= 2.3e-16) against Math.cos/sin of the same
 *    reduced angle, and 7.2e-16 (asserted <= 8e-16) against Math.cos(2 pi u) evaluated
 *    naively (most of which is the naive form's own rounding of 2 pi u, up to 4.4e-16).
 * The Box-Muller pair therefore differs from the Math-based expression by at most ~2.5e-15
 * absolute (|z| <= 6.7). Definition unchanged: r = sqrt(-2 ln u0), z = (r cos 2 pi u1,
 * r sin 2 pi u1).
 */

const LN2_HI = 6.9314718036912381649e-1; // high 33 bits of ln 2 (k * LN2_HI exact for |k| <= 33)
const LN2_LO = 1.90821492927058770002e-10; // ln 2 - LN2_HI
const LG1 = 6.66666666666673513e-1;
const LG2 = 3.999999999940941908e-1;
const LG3 = 2.857142874366239149e-1;
const LG4 = 2.222219843214978396e-1;
const LG5 = 1.818357216161805012e-1;
const LG6 = 1.531383769920937332e-1;
const LG7 = 1.479819860511658591e-1;

/**
 * Indexed by c = clz32(floor((w + 0.5) / sqrt 2)): w + 0.5 = 2^k y with k = 32 - c, except
 * c = 32 (only w = 0: 0.5 = 2^-1 * 1) where k = -1. SCALE[c] = 2^-k, EXPO[c] = k - 32 (the
 * exponent of u = 2^(k-32) y), so the rare w = 0 needs no branch.
 */
const SCALE = new Float64Array(33);
const EXPO = new Float64Array(33);
for (let c = 0; c <= 32; c++) {
  const k = c === 32 ? -1 : 32 - c;
  SCALE[c] = 2 ** -k;
  EXPO[c] = k - 32;
}

/** ln((w + 0.5) 2^-32) for a 32-bit word w (0 <= w < 2^32). */
export function logUniformWord(w: number): number {
  const x = w + 0.5;
  const c = Math.clz32((x * Math.SQRT1_2) >>> 0);
  const y = x * SCALE[c]; // in [sqrt(1/2), sqrt(2)), exact
  const e = EXPO[c];
  const s = (y - 1) / (y + 1);
  const z = s * s;
  // e_log.c's split into even and odd powers of z (halves the dependency chain).
  const v = z * z;
  const r = z * (LG1 + v * (LG3 + v * (LG5 + v * LG7))) + v * (LG2 + v * (LG4 + v * LG6));
  return e * LN2_HI + (2 * s + s * r + e * LN2_LO);
}

const S1 = -1.66666666666666324348e-1;
const S2 = 8.33333333332248946124e-3;
const S3 = -1.98412698298579493134e-4;
const S4 = 2.75573137070700676789e-6;
const S5 = -2.50507602534068634195e-8;
const S6 = 1.58969099521155010221e-10;
const C1 = 4.16666666666666019037e-2;
const C2 = -1.38888888888741095749e-3;
const C3 = 2.48015872894767294178e-5;
const C4 = -2.75573143513906633035e-7;
const C5 = 2.0875723212981748279e-9;
const C6 = -1.13596475577881948265e-11;
/** (pi/4) 2^-29: t = (m + 0.5) * ANGLE (one rounding; equal to (pi/4) ((m + 0.5) 2^-29)). */
const ANGLE = (Math.PI / 4) * 2 ** -29;
const LOW29 = 0x1fffffff;

/**
 * Octant o of the angle a = 2 pi u (a in [o pi/4, (o + 1) pi/4)): with t the reduced angle,
 * (cos a, sin a) = (CA[o] ct + CB[o] st, SA[o] ct + SB[o] st), ct = cos t, st = sin t, entries
 * 0 or +-1 (so the products and sums are exact).
 *   o = 0: a = t          1: pi/2 - t      2: pi/2 + t      3: pi - t
 *   o = 4: pi + t         5: 3pi/2 - t     6: 3pi/2 + t     7: 2pi - t
 */
const CA = new Float64Array([1, 0, 0, -1, -1, 0, 0, 1]);
const CB = new Float64Array([0, 1, -1, 0, 0, -1, 1, 0]);
const SA = new Float64Array([0, 1, 1, 0, 0, -1, -1, 0]);
const SB = new Float64Array([1, 0, 0, 1, -1, 0, 0, -1]);

/** Reduced angle t in (0, pi/4) of 2 pi (w + 0.5) 2^-32 in its octant w >>> 29. */
function reducedAngle(w: number): number {
  // Odd octants run backwards: m -> 2^29 - 1 - m, i.e. f -> 1 - f (exact on integers).
  const m = (w & LOW29) ^ (-((w >>> 29) & 1) & LOW29);
  return (m + 0.5) * ANGLE;
}

/** sin t for |t| <= pi/4, t2 = t * t (k_sin.c polynomial). */
function kernelSin(t: number, t2: number): number {
  // Estrin's scheme in t2 (short dependency chains, so that pairs overlap in the CPU).
  const t4 = t2 * t2;
  const p = S1 + t2 * S2 + t4 * (S3 + t2 * S4 + t4 * (S5 + t2 * S6));
  return t + t * t2 * p;
}

/** cos t for |t| <= pi/4, t2 = t * t (k_cos.c polynomial). */
function kernelCos(t2: number): number {
  const t4 = t2 * t2;
  const q = C1 + t2 * C2 + t4 * (C3 + t2 * C4 + t4 * (C5 + t2 * C6));
  return 1 - 0.5 * t2 + t4 * q;
}

/** cos(2 pi u), u = (w + 0.5) 2^-32. */
export function cos2piUniformWord(w: number): number {
  const o = w >>> 29;
  const t = reducedAngle(w);
  const t2 = t * t;
  return CA[o] * kernelCos(t2) + CB[o] * kernelSin(t, t2);
}

/** sin(2 pi u), u = (w + 0.5) 2^-32. */
export function sin2piUniformWord(w: number): number {
  const o = w >>> 29;
  const t = reducedAngle(w);
  const t2 = t * t;
  return SA[o] * kernelCos(t2) + SB[o] * kernelSin(t, t2);
}

/**
 * Box-Muller pair of words (w0, w1): out[o] = r cos(2 pi u1), out[o + 1] = r sin(2 pi u1),
 * r = sqrt(-2 ln u0). Bit-identical to Math.sqrt(-2 * logUniformWord(w0)) *
 * cos2piUniformWord(w1) (and sin), with one shared angle reduction.
 */
export function boxMuller(w0: number, w1: number, out: Float64Array, o: number): void {
  const r = Math.sqrt(-2 * logUniformWord(w0));
  const oct = w1 >>> 29;
  const t = reducedAngle(w1);
  const t2 = t * t;
  const ct = kernelCos(t2);
  const st = kernelSin(t, t2);
  out[o] = r * (CA[oct] * ct + CB[oct] * st);
  out[o + 1] = r * (SA[oct] * ct + SB[oct] * st);
}
