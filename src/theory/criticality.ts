/**
 * Criticality (THEORY sec. 3): the susceptibilities, the critical (C_b, C_W) of every
 * activation, the order/chaos boundary, the correlation map and the depth scales.
 *
 *   chi_par(K)  = C_W d<sigma^2>_K/dK = C_W <sigma^2 (z^2 - K)>_K / (2K^2)
 *   chi_perp(K) = C_W <sigma'^2>_K
 * (C_W -> C_W/(1-p) with dropout.) Critical: a fixed point K* of K -> C_b + C_W <sigma^2>_K with
 * chi_par = chi_perp = 1.
 */
import type { Activation } from './activations.ts';
import { effectiveCw, isBatchNormalized, isNormalized, type LayerOptions } from './kernels.ts';
import { linearSlope, pairMoments, singleMoments } from './moments.ts';
import { gaussHermiteExpectation, gaussHermitePairExpectation } from './quadrature.ts';
import { illinois } from './roots.ts';

export interface CriticalPoint {
  cw: number;
  cb: number;
  /**
   * The critical fixed point K*. 0 for the K* = 0 class; NaN for the scale-invariant class,
   * where every K is a fixed point at (C_b, C_W) = (0, 1/A2) (JSON prints NaN as null).
   */
  kStar: number;
  universality: 'scale-invariant' | 'k-star-zero' | 'nonzero-k-star';
  /** The drop probability p this point is for (C_W is the weight variance before the 1/(1-p) of inverted dropout). */
  dropout: number;
}

/**
 * Parallel susceptibility at K. Under normalization the next kernel does not depend on K at
 * all (sigma sees unit variance), so chi_par = 0.
 */
export function chiPar(act: Activation, K: number, o: LayerOptions): number {
  if (isNormalized(o)) return 0;
  return effectiveCw(o) * singleMoments(act, K).ds2;
}

/**
 * Perpendicular susceptibility at K: d K_{l+1,ab} / d K_{l,ab} at coincident inputs. Under
 * normalization sigma sees z / sqrt(K), so it is C_W' <sigma'^2>_1 / K.
 */
export function chiPerp(act: Activation, K: number, o: LayerOptions): number {
  if (isBatchNormalized(o)) return NaN; // not derived for batch norm
  if (isNormalized(o)) return (effectiveCw(o) * singleMoments(act, 1).dd) / K;
  return effectiveCw(o) * singleMoments(act, K).dd;
}

const criticalCache = new Map<string, CriticalPoint | null>();

/** sigma'''(0) by a central difference of sigma'' (only its sign and rough size matter). */
function thirdDerivativeAtZero(act: Activation): number {
  const h = 1e-4;
  return (act.d2f(h) - act.d2f(-h)) / (2 * h);
}

/**
 * The activation's critical point at drop probability `dropout` (default 0), or null where none
 * exists (sigmoid). Cached per activation.
 * - scale-invariant (linear, ReLU, leaky): (C_b, C_W) = (0, 1/A2), A2 = (1 + a^2)/2;
 * - K* = 0 class: sigma(0) = 0, sigma'(0) != 0 and a1 = (3/4) s2^2/s1^2 + s3/s1 < 0
 *   (tanh, erf, sin): (0, 1/sigma'(0)^2);
 * - otherwise (GELU, SWISH) a nonzero K* solving <sigma sigma''>_{K*} = 0, where chi_par =
 *   C_W <sigma'^2 + sigma sigma''> = chi_perp; C_W = 1/<sigma'^2>_{K*},
 *   C_b = K* - C_W <sigma^2>_{K*}, which must be >= 0.
 */
export function criticalPoint(act: Activation, dropout = 0): CriticalPoint | null {
  let base = criticalCache.get(act.id);
  if (base === undefined) {
    base = computeCriticalPoint(act);
    criticalCache.set(act.id, base);
  }
  return base && withDropout(base, dropout);
}

/**
 * Inverted dropout with drop probability p multiplies every hidden layer's second moment by
 * 1/(1-p), so the recursions see C_W' = C_W/(1-p) (effectiveCw): the critical C_W' of the
 * activation is reached at C_W = (1-p) C_W' (ReLU: 2(1-p)), with the same C_b and K*. The first
 * layer sees the input, which is never dropped, so K_1 = C_b + C_W q0 uses C_W itself.
 */
function withDropout(base: CriticalPoint, dropout: number): CriticalPoint {
  if (!(dropout >= 0 && dropout < 1)) throw new RangeError(`dropout must be in [0, 1), got ${dropout}`);
  return dropout === 0 ? base : { ...base, cw: base.cw * (1 - dropout), dropout };
}

function computeCriticalPoint(act: Activation): CriticalPoint | null {
  const a = linearSlope(act);
  if (a !== null)
    return { cw: 2 / (1 + a * a), cb: 0, kStar: NaN, universality: 'scale-invariant', dropout: 0 };
  const s0 = act.f(0);
  const s1 = act.df(0);
  if (Math.abs(s0) < 1e-15 && s1 !== 0) {
    const s2 = act.d2f(0);
    const a1 = (0.75 * s2 * s2) / (s1 * s1) + thirdDerivativeAtZero(act) / s1;
    if (a1 < 0) return { cw: 1 / (s1 * s1), cb: 0, kStar: 0, universality: 'k-star-zero', dropout: 0 };
  }
  // Nonzero K*: scan <sigma sigma''>_K on a log grid for sign changes, refine, check C_b >= 0.
  const g = (K: number): number => singleMoments(act, K).sdd;
  const grid: number[] = [];
  for (let e = -4; e <= 4 + 1e-9; e += 0.125) grid.push(10 ** e);
  let prevK = grid[0];
  let prevG = g(prevK);
  for (let i = 1; i < grid.length; i++) {
    const K = grid[i];
    const gK = g(K);
    if (prevG * gK < 0) {
      const kStar = illinois(g, prevK, K, prevG, gK, 1e-15);
      const m = singleMoments(act, kStar);
      const cw = 1 / m.dd;
      const cb = kStar - cw * m.s2;
      if (cb >= -1e-12 * kStar)
        return { cw, cb: Math.max(0, cb), kStar, universality: 'nonzero-k-star', dropout: 0 };
    }
    prevK = K;
    prevG = gK;
  }
  return null;
}

export interface SolveOptions {
  readonly dropout?: number;
  /** Starting kernel of the iteration whose limit is sought (default 1). */
  readonly k0?: number;
  /** Gauss-Hermite instead of adaptive quadrature (phase diagrams; smooth activations). */
  readonly fast?: boolean;
}

function secondMoment(act: Activation, K: number, fast: boolean): number {
  if (fast && linearSlope(act) === null && act.name !== 'erf') {
    return gaussHermiteExpectation((z) => act.f(z) ** 2, K, 64);
  }
  return singleMoments(act, K).s2;
}

/**
 * The fixed point q* that the single-input recursion K -> C_b + C_W' <sigma^2>_K reaches from
 * k0: the map is increasing, so the iterates move monotonically to the nearest fixed point in
 * the direction of F(k0) = map(k0) - k0. Returns 0 if they decay to 0 and Infinity if they grow
 * without bound.
 */
export function fixedPointKernel(act: Activation, cw: number, cb: number, o: SolveOptions = {}): number {
  const cwEff = effectiveCw({ cw, cb, dropout: o.dropout });
  const k0 = o.k0 ?? 1;
  const fast = o.fast ?? false;
  const F = (K: number): number => cb + cwEff * secondMoment(act, K, fast) - K;
  const f0 = F(k0);
  if (Math.abs(f0) <= 1e-14 * k0) return k0;
  if (f0 > 0) {
    let lo = k0;
    let flo = f0;
    for (let K = 2 * k0; K < 1e15; K *= 2) {
      const fK = F(K);
      if (fK <= 0) return illinois(F, lo, K, flo, fK);
      lo = K;
      flo = fK;
    }
    return Infinity;
  }
  let hi = k0;
  let fhi = f0;
  const floor = 1e-14 * Math.max(k0, 1);
  for (let K = k0 / 2; K > floor; K /= 2) {
    const fK = F(K);
    if (fK >= 0) return illinois(F, K, hi, fK, fhi);
    hi = K;
    fhi = fK;
  }
  return cb > 0 ? illinois(F, 0, hi, F(0), fhi) : 0;
}

/**
 * The correlation map at the fixed point q: c -> (C_b + C_W' <sigma(u) sigma(v)>) / q with
 * (u, v) ~ N(0, q [[1, c], [c, 1]]).
 */
export function correlationMap(
  act: Activation,
  cw: number,
  cb: number,
  q: number,
  c: number,
  o: SolveOptions = {},
): number {
  const cwEff = effectiveCw({ cw, cb, dropout: o.dropout });
  if (q === 0) return 1;
  let ss: number;
  if (o.fast && linearSlope(act) === null && act.name !== 'erf') {
    ss = gaussHermitePairExpectation(act.f, act.f, q, c * q, q, 32);
  } else {
    ss = pairMoments(act, q, c * q, q).ss;
  }
  return (cb + cwEff * ss) / q;
}

export interface CorrelationFixedPoint {
  /** Single-input fixed point reached from k0. */
  readonly qStar: number;
  /** Stable fixed point of the correlation map: 1 in the ordered phase, < 1 in the chaotic one. */
  readonly cStar: number;
  /** chi_perp(q*) = slope of the correlation map at c = 1: < 1 ordered, > 1 chaotic. */
  readonly chiPerp: number;
  /** chi_par(q*): the rate at which K_l approaches q*. */
  readonly chiPar: number;
  /** chi_c = C_W' <sigma'(u) sigma'(v)> at (q*, c*): the rate at which c_l approaches c*. */
  readonly chiC: number;
  /** Depth scales xi = -1/ln chi (Infinity at chi = 1: power-law rather than exponential). */
  readonly xiQ: number;
  readonly xiC: number;
}

function depthScale(chi: number): number {
  return chi >= 1 ? Infinity : chi <= 0 ? 0 : -1 / Math.log(chi);
}

/** q*, c*, the susceptibilities there and the depth scales (Schoenholz et al. 2017). */
export function depthScales(
  act: Activation,
  cw: number,
  cb: number,
  o: SolveOptions = {},
): CorrelationFixedPoint {
  const lo: LayerOptions = { cw, cb, dropout: o.dropout };
  const qStar = fixedPointKernel(act, cw, cb, o);
  if (!Number.isFinite(qStar)) {
    return { qStar, cStar: NaN, chiPerp: NaN, chiPar: NaN, chiC: NaN, xiQ: NaN, xiC: NaN };
  }
  const cp = chiPerp(act, qStar, lo);
  const cq = chiPar(act, qStar, lo);
  let cStar = 1;
  if (cp > 1 && qStar > 0) {
    const h = (c: number): number => correlationMap(act, cw, cb, qStar, c, o) - c;
    let hi = 1 - 1e-4;
    while (h(hi) >= 0 && hi < 1 - 1e-12) hi = 1 - (1 - hi) / 10;
    const hHi = h(hi);
    if (hHi < 0) {
      const hLo = h(-1);
      cStar = hLo <= 0 ? -1 : illinois(h, -1, hi, hLo, hHi, 1e-13);
    }
  }
  const chiC = cStar === 1 ? cp : effectiveCw(lo) * pairMoments(act, qStar, cStar * qStar, qStar).dd;
  return { qStar, cStar, chiPerp: cp, chiPar: cq, chiC, xiQ: depthScale(cq), xiC: depthScale(chiC) };
}

/**
 * The order/chaos boundary at bias variance cb: the C_W with chi_perp(q*(C_W, C_b)) = 1, or null
 * if there is none in C_W in (0.01, 100]. Scale-invariant activations: C_W = (1-p)/A2 for all
 * C_b (chi_perp does not depend on K).
 */
export function orderChaosBoundary(act: Activation, cb: number, o: SolveOptions = {}): number | null {
  const p = o.dropout ?? 0;
  const a = linearSlope(act);
  if (a !== null) return (2 * (1 - p)) / (1 + a * a);
  const h = (cw: number): number => {
    const q = fixedPointKernel(act, cw, cb, o);
    if (!Number.isFinite(q)) return 1;
    return chiPerp(act, q, { cw, cb, dropout: p }) - 1;
  };
  let prev = 0.01;
  let hPrev = h(prev);
  for (let cw = 0.0125; cw <= 100; cw *= 1.25) {
    const hc = h(cw);
    if (hPrev * hc <= 0) return hc === 0 ? cw : illinois(h, prev, cw, hPrev, hc, 1e-12);
    prev = cw;
    hPrev = hc;
  }
  return null;
}
