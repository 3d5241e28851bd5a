/**
 * Gaussian expectations E f(z), z ~ N(mean, K), and E[f(u) g(v)] over a 2x2 Gaussian.
 *
 * Two kinds of rule:
 * - ACCURATE (default): adaptive Gauss-Legendre on the standardized variable x = (z - mean)/sqrt K
 *   over [-X, X] (X = 13: phi(13) ~ 1e-37, far below 1e-10 of any activation moment, which grow
 *   at most polynomially), split at every "special point" (kinks of the integrand and the origin
 *   z = 0, where tanh/sigmoid/erf become step-like at large K). Each piece is refined by
 *   comparing the m-point rule with the two half-interval rules until the difference is below
 *   tol times the L1 norm of the integrand. Robust for kinks, steps and tiny or huge K.
 *   Vector-valued, so several moments share one set of function evaluations.
 *   Smooth integrands first try a self-checked pair of Gauss-Hermite rules (orders 64 and 96),
 *   which is exact to rounding for moderate K and keeps nested integrals cheap.
 * - FAST: tensor Gauss-Hermite of moderate order for two-input expectations of smooth functions
 *   (phase diagrams: 100 x 100 grid points times 50 layers). Accuracy depends on how smooth f is
 *   at the scale sqrt K. Measured for tanh, error relative to <tanh^2>_K, worst over
 *   c in {0.5, 0.9, 0.99}: order 32: 5e-6 at K = 1, 2e-4 at K = 2, 3e-3 at K = 4; order 64:
 *   4e-9, 1e-6, 7e-5. Cost ~ order^2 evaluations: about 8 us per call at order 20 and 18 us at
 *   order 32 in Node on this machine, so 500k calls take seconds. Use the accurate rule where
 *   the numbers are reported rather than drawn.
 *
 * The Gauss-Hermite and Gauss-Legendre rules themselves are in gauss-rules.ts.
 *
 * One module of ~450 lines on purpose: the one- and two-variable expectations share the adaptive
 * integrator, its breakpoints and its tolerance logic, which no other module should call.
 */

import { gaussHermite, gaussLegendre } from './gauss-rules.ts';

export { gaussHermite, gaussLegendre, MAX_HERMITE, type QuadratureRule } from './gauss-rules.ts';

export type RealFn = (z: number) => number;

/** Half-width of the standardized integration range. */
const X_MAX = 13;
/** Gauss-Legendre order of the adaptive rule. */
const GL_ORDER = 10;
/** Cap on adaptive pieces (each costs 2 x GL_ORDER evaluations). */
const MAX_PIECES = 600;
/** Each segment between breakpoints starts as this many pieces (a first look at the density). */
const PRESPLIT = 2;

// ---------------------------------------------------------------------------------------------
// Adaptive vector integrator over the standardized variable

/** Writes the integrand's components at standardized x (density weight NOT included). */
type VecIntegrand = (x: number, out: Float64Array) => void;

const PHI0 = 0.3989422804014327;

/**
 * Integrate phi(x) * F(x) over [-X_MAX, X_MAX] with breakpoints; F has `dim` components.
 * Global adaptive: every piece carries its refined value (sum of the two half rules) and the
 * error estimate |halves - whole|, normalized per component by that component's L1 norm; the
 * piece with the largest error is split until the summed error is below tol or MAX_PIECES is
 * reached (a step narrower than the resolution then costs accuracy, never time).
 */
function integrateStandard(
  fn: VecIntegrand,
  dim: number,
  breaks: readonly number[],
  tol: number,
  floor?: ArrayLike<number>,
): Float64Array {
  const rule = gaussLegendre(GL_ORDER);
  const pts = [-X_MAX, X_MAX];
  for (const b of breaks) if (Number.isFinite(b) && b > -X_MAX && b < X_MAX) pts.push(b);
  pts.sort((a, b) => a - b);
  const buf = new Float64Array(dim);

  // One m-point rule on [a, b]: integrals into res[0..dim), L1 norms into res[dim..2 dim).
  const rulePiece = (a: number, b: number, res: Float64Array): void => {
    res.fill(0);
    const h = 0.5 * (b - a);
    const c = 0.5 * (a + b);
    for (let i = 0; i < GL_ORDER; i++) {
      const x = c + h * rule.nodes[i];
      const wt = h * rule.weights[i] * PHI0 * Math.exp(-0.5 * x * x);
      fn(x, buf);
      for (let d = 0; d < dim; d++) {
        res[d] += wt * buf[d];
        res[dim + d] += wt * Math.abs(buf[d]);
      }
    }
  };

  interface Piece {
    a: number;
    b: number;
    left: Float64Array;
    right: Float64Array;
    rawErr: Float64Array;
    err: number;
  }
  const makePiece = (a: number, b: number, whole: Float64Array): Piece => {
    const mid = 0.5 * (a + b);
    const left = new Float64Array(2 * dim);
    const right = new Float64Array(2 * dim);
    rulePiece(a, mid, left);
    rulePiece(mid, b, right);
    const rawErr = new Float64Array(dim);
    for (let d = 0; d < dim; d++) rawErr[d] = Math.abs(left[d] + right[d] - whole[d]);
    return { a, b, left, right, rawErr, err: 0 };
  };

  // Initial pieces: each segment pre-split so the first estimate sees the density.
  const pieces: Piece[] = [];
  const l1 = new Float64Array(dim);
  for (let i = 0; i + 1 < pts.length; i++) {
    const a0 = pts[i];
    const b0 = pts[i + 1];
    if (!(b0 > a0)) continue;
    const w = (b0 - a0) / PRESPLIT;
    for (let k = 0; k < PRESPLIT; k++) {
      const a = a0 + k * w;
      const b = k === PRESPLIT - 1 ? b0 : a + w;
      const whole = new Float64Array(2 * dim);
      rulePiece(a, b, whole);
      const p = makePiece(a, b, whole);
      for (let d = 0; d < dim; d++) l1[d] += p.left[dim + d] + p.right[dim + d];
      pieces.push(p);
    }
  }
  // Errors count relative to each component's L1 norm, or to a caller's floor where that is
  // larger (an inner integral whose value is tiny only needs the outer integral's accuracy).
  const scale = Float64Array.from(l1, (v, d) => {
    const s = Math.max(v, floor ? floor[d] : 0);
    return s > 0 ? 1 / s : 0;
  });
  const normErr = (p: Piece): number => {
    let e = 0;
    for (let d = 0; d < dim; d++) e = Math.max(e, p.rawErr[d] * scale[d]);
    return e;
  };
  // Binary max-heap on err.
  const heap: Piece[] = [];
  let totalErr = 0;
  const push = (p: Piece): void => {
    p.err = normErr(p);
    totalErr += p.err;
    heap.push(p);
    let i = heap.length - 1;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (heap[up].err >= heap[i].err) break;
      [heap[up], heap[i]] = [heap[i], heap[up]];
      i = up;
    }
  };
  const pop = (): Piece => {
    const top = heap[0];
    const last = heap.pop() as Piece;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && heap[l].err > heap[m].err) m = l;
        if (r < heap.length && heap[r].err > heap[m].err) m = r;
        if (m === i) break;
        [heap[m], heap[i]] = [heap[i], heap[m]];
        i = m;
      }
    }
    totalErr -= top.err;
    return top;
  };
  for (const p of pieces) push(p);
  // Errors at the rounding level (1e-16 of the L1 norm per piece) cannot be reduced further.
  const settled: Piece[] = [];
  while (totalErr > tol && heap.length > 0 && heap.length + settled.length < MAX_PIECES) {
    const p = pop();
    if (p.err < 1e-16 || p.b - p.a < 1e-12) {
      // Resolved to rounding: keep it, but out of the error budget.
      p.err = 0;
      settled.push(p);
      continue;
    }
    const mid = 0.5 * (p.a + p.b);
    push(makePiece(p.a, mid, p.left));
    push(makePiece(mid, p.b, p.right));
  }
  const total = new Float64Array(dim);
  for (const list of [heap, settled]) {
    for (const p of list) for (let d = 0; d < dim; d++) total[d] += p.left[d] + p.right[d];
  }
  return total;
}

/** Orders of the self-checking Gauss-Hermite pair used for smooth integrands. */
const GH_LOW = 64;
const GH_HIGH = 96;
/** Largest variance for which the Gauss-Hermite shortcut is tried. */
const HERMITE_MAX_K = 4;

/**
 * Smooth (analytic) integrands: Gauss-Hermite of orders GH_LOW and GH_HIGH over the standard
 * normal; if they agree to tol (relative to L1, or the floor) the higher one is returned, else
 * null and the caller falls back to the adaptive rule (steps at large K, near-singular cases).
 * A fixed rule also keeps a nested inner integral a smooth function of the outer variable.
 */
function tryHermite(
  fn: VecIntegrand,
  dim: number,
  tol: number,
  floor?: ArrayLike<number>,
): Float64Array | null {
  const buf = new Float64Array(dim);
  const lo = new Float64Array(dim);
  const hi = new Float64Array(dim);
  const l1 = new Float64Array(dim);
  const low = gaussHermite(GH_LOW);
  for (let i = 0; i < GH_LOW; i++) {
    fn(low.nodes[i], buf);
    for (let d = 0; d < dim; d++) lo[d] += low.weights[i] * buf[d];
  }
  const high = gaussHermite(GH_HIGH);
  for (let i = 0; i < GH_HIGH; i++) {
    fn(high.nodes[i], buf);
    for (let d = 0; d < dim; d++) {
      hi[d] += high.weights[i] * buf[d];
      l1[d] += high.weights[i] * Math.abs(buf[d]);
    }
  }
  for (let d = 0; d < dim; d++) {
    const scale = Math.max(l1[d], floor ? floor[d] : 0);
    if (!(Math.abs(hi[d] - lo[d]) <= tol * scale)) return null;
  }
  return hi;
}

/**
 * Breakpoints around a special point at `center` (standardized units) for features narrower than
 * the Gaussian itself: a step of width w (w < 1) would fall between the nodes of the first
 * pieces and be missed entirely (the error estimate cannot see it either), so pieces ending at
 * w/4, w, 4w and 16w are laid around it.
 */
function gradedBreaks(center: number, widths: readonly number[], out: number[]): void {
  out.push(center);
  for (const w of widths) {
    if (!(w > 0 && w < 1)) continue;
    // Up to 16 w: a Gaussian-CDF step is flat to e^-128 there, a tanh-like one to 1e-14.
    for (const d of [0.25 * w, w, 4 * w, 16 * w]) out.push(center - d, center + d);
  }
}

export interface ExpectationOptions {
  /** Mean of z (default 0). */
  readonly mean?: number;
  /** Points in z where the integrand has a kink or a step-like transition (0 is always added). */
  readonly points?: readonly number[];
  /** Relative tolerance, per component, against the L1 norm (default 1e-13). */
  readonly tol?: number;
  /** Per-component absolute scale: errors below tol * floor[i] are accepted even if relatively large. */
  readonly floor?: ArrayLike<number>;
  /**
   * The functions are analytic (no kinks): try a self-checked Gauss-Hermite pair first, which is
   * cheaper and exact to rounding for moderate K; falls back to the adaptive rule otherwise.
   */
  readonly smooth?: boolean;
}

/**
 * E f_i(z), z ~ N(mean, K), for several functions at once (shared evaluations).
 * K = 0 gives f_i(mean).
 */
export function gaussianExpectations(
  fs: readonly RealFn[],
  K: number,
  opts: ExpectationOptions = {},
): Float64Array {
  const dim = fs.length;
  return gaussianVectorExpectation(
    (z, out) => {
      for (let d = 0; d < dim; d++) out[d] = fs[d](z);
    },
    dim,
    K,
    opts,
  );
}

/**
 * E F(z), z ~ N(mean, K), for a vector-valued F that writes its `dim` components into `out`
 * (one call per node: shared work such as sigma(z) is computed once).
 */
export function gaussianVectorExpectation(
  F: (z: number, out: Float64Array) => void,
  dim: number,
  K: number,
  opts: ExpectationOptions = {},
): Float64Array {
  if (!(K >= 0)) throw new RangeError(`variance must be non-negative, got ${K}`);
  const mean = opts.mean ?? 0;
  if (K === 0) {
    const out = new Float64Array(dim);
    F(mean, out);
    return out;
  }
  const s = Math.sqrt(K);
  const fn: VecIntegrand = (x, out) => F(mean + s * x, out);
  const tol = opts.tol ?? 1e-13;
  // Only where the integrand's features (width ~1 in z, 1/s in x) are wider than the node
  // spacing of the rules; a narrower step can fall between all nodes of BOTH rules.
  if (opts.smooth && K <= HERMITE_MAX_K) {
    const gh = tryHermite(fn, dim, tol, opts.floor);
    if (gh) return gh;
  }
  // Special points of the integrand (z units): its natural width there is ~1 in z, 1/s in x.
  const breaks: number[] = [];
  for (const p of [0, ...(opts.points ?? [])]) gradedBreaks((p - mean) / s, [1 / s], breaks);
  return integrateStandard(fn, dim, breaks, tol, opts.floor);
}

/** E f(z), z ~ N(mean, K). */
export function gaussianExpectation(f: RealFn, K: number, opts: ExpectationOptions = {}): number {
  return gaussianExpectations([f], K, opts)[0];
}

export interface PairExpectationOptions {
  /** Special points (kinks, steps) of the first and second functions, in their own variables. */
  readonly pointsU?: readonly number[];
  readonly pointsV?: readonly number[];
  readonly tol?: number;
  /** Both functions analytic: self-checked Gauss-Hermite first (see ExpectationOptions.smooth). */
  readonly smooth?: boolean;
}

/**
 * E[f_i(u) g_i(v)] for (u, v) ~ N(0, [[kaa, kab], [kab, kbb]]), several pairs at once.
 * Nested: u = sqrt(kaa) x, v = sqrt(kbb) (c x + s y), c = kab / sqrt(kaa kbb), s = sqrt(1 - c^2);
 * the inner expectation over y is a shifted one-dimensional Gaussian expectation (split at g's
 * points), the outer one is split at f's points and where the inner mean crosses g's points,
 * which keeps correlations near +-1 (inner variance -> 0) accurate.
 */
export function gaussianPairExpectations(
  pairs: readonly (readonly [RealFn, RealFn])[],
  kaa: number,
  kab: number,
  kbb: number,
  opts: PairExpectationOptions = {},
): Float64Array {
  if (!(kaa >= 0 && kbb >= 0)) throw new RangeError('variances must be non-negative');
  const dim = pairs.length;
  const tol = opts.tol ?? 1e-11;
  // The inner rule's adaptive choices make h(x) jump at the level of its tolerance; the outer
  // rule must not chase that noise, so the inner tolerance sits well below the outer one.
  const innerTol = Math.max(tol * 1e-3, 1e-15);
  const pu = opts.pointsU ?? [];
  const pv = opts.pointsV ?? [];
  const gs = pairs.map((p) => p[1]);
  if (kaa === 0 || kbb === 0) {
    // One side is deterministic (zero): the expectation factorizes.
    const ef =
      kaa === 0
        ? pairs.map((p) => p[0](0))
        : Array.from(
            gaussianExpectations(
              pairs.map((p) => p[0]),
              kaa,
              { points: pu, tol },
            ),
          );
    const eg =
      kbb === 0 ? gs.map((g) => g(0)) : Array.from(gaussianExpectations(gs, kbb, { points: pv, tol }));
    return Float64Array.from(ef, (v, i) => v * eg[i]);
  }
  const su = Math.sqrt(kaa);
  const sv = Math.sqrt(kbb);
  let c = kab / (su * sv);
  // Rounding in su * sv must not turn kab = kaa = kbb into c = 1 - 1e-16 (a spurious 1e-9
  // change of a step-step expectation): within a few ulps of +-1, c is +-1.
  if (c > 1 - 4e-16) c = 1;
  if (c < -1 + 4e-16) c = -1;
  const sInner = Math.sqrt(Math.max(0, 1 - c * c));
  const innerVar = kbb * sInner * sInner;
  // Inner errors matter on the scale of E|g(v)|, not of the (possibly tiny) inner value.
  const gAbs = gaussianExpectations(
    gs.map((g) => (z: number) => Math.abs(g(z))),
    kbb,
    { points: pv, tol: 1e-6 },
  );
  const breaks: number[] = [0];
  for (const p of [0, ...pu]) gradedBreaks(p / su, [1 / su], breaks);
  // Where the inner mean sv c x crosses one of g's points, h(x) changes over a width set by the
  // inner spread (sInner/|c| in x) and by g's own scale (1/(sv |c|)).
  if (c !== 0)
    for (const p of [0, ...pv])
      gradedBreaks(p / (sv * c), [sInner / Math.abs(c), 1 / (sv * Math.abs(c))], breaks);
  const smooth = opts.smooth ?? false;
  const outer: VecIntegrand = (x, out) => {
    const mean = sv * c * x;
    const inner =
      innerVar > 0
        ? gaussianExpectations(gs, innerVar, { mean, points: pv, tol: innerTol, floor: gAbs, smooth })
        : gs.map((g) => g(mean));
    const u = su * x;
    for (let d = 0; d < dim; d++) out[d] = pairs[d][0](u) * inner[d];
  };
  if (smooth && kaa <= HERMITE_MAX_K && kbb <= HERMITE_MAX_K) {
    const gh = tryHermite(outer, dim, tol);
    if (gh) return gh;
  }
  return integrateStandard(outer, dim, breaks, tol);
}

/** E[f(u) g(v)] over the 2x2 Gaussian (accurate rule). */
export function gaussianPairExpectation(
  f: RealFn,
  g: RealFn,
  kaa: number,
  kab: number,
  kbb: number,
  opts: PairExpectationOptions = {},
): number {
  return gaussianPairExpectations([[f, g]], kaa, kab, kbb, opts)[0];
}

// ---------------------------------------------------------------------------------------------
// Fast Gauss-Hermite rules (smooth integrands)

/** E f(z), z ~ N(0, K), by an n-point Gauss-Hermite rule (smooth f only). */
export function gaussHermiteExpectation(f: RealFn, K: number, order = 100): number {
  const { nodes, weights } = gaussHermite(order);
  const s = Math.sqrt(K);
  let sum = 0;
  for (let i = 0; i < order; i++) sum += weights[i] * f(s * nodes[i]);
  return sum;
}

/**
 * FAST E[f(u) g(v)] over the 2x2 Gaussian by a tensor Gauss-Hermite rule of the given order:
 * order^2 evaluations of g, order of f. For smooth f, g and moderate K (phase diagrams).
 */
export function gaussHermitePairExpectation(
  f: RealFn,
  g: RealFn,
  kaa: number,
  kab: number,
  kbb: number,
  order = 32,
): number {
  const { nodes, weights } = gaussHermite(order);
  const su = Math.sqrt(kaa);
  const sv = Math.sqrt(kbb);
  let c = su > 0 && sv > 0 ? kab / (su * sv) : 0;
  c = Math.max(-1, Math.min(1, c));
  const s = Math.sqrt(1 - c * c);
  let total = 0;
  for (let i = 0; i < order; i++) {
    const x = nodes[i];
    const fu = f(su * x);
    if (fu === 0) continue;
    const m = sv * c * x;
    let inner = 0;
    for (let j = 0; j < order; j++) inner += weights[j] * g(m + sv * s * nodes[j]);
    total += weights[i] * fu * inner;
  }
  return total;
}
