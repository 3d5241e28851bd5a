/**
 * What the theory overlays on the Gaussian-limit charts (THEORY.md sec. 4-5), DOM-free:
 * the infinite-width density N(0, K_L), its first finite-width correction (Gram-Charlier with
 * the leading-order kurtosis), and the leading / exact kurtosis lines against width and depth.
 */
import { resolveSpec, type ModelSpec } from '../../engine/spec.ts';
import { theoryReport, type TheoryReport } from '../../theory/report.ts';
import type { LabState } from './state.ts';

const INV_SQRT_2PI = 0.3989422804014327;

/** The engine's model for a lab state at a given width and depth (one input, q0 = 1). */
export function modelFor(state: LabState, width = state.width, depth = state.depth): ModelSpec {
  return resolveSpec({
    activation: state.activation,
    width,
    depth,
    cw: state.cw,
    cb: state.cb,
    networks: 1,
    seed: state.seed,
  }).model;
}

/** Hermite polynomial He4(u) = u^4 - 6u^2 + 3 (probabilists'). */
export function he4(u: number): number {
  const u2 = u * u;
  return u2 * u2 - 6 * u2 + 3;
}

/** N(z; 0, K). */
export function gaussianDensity(z: number, K: number): number {
  return (INV_SQRT_2PI / Math.sqrt(K)) * Math.exp((-0.5 * z * z) / K);
}

/**
 * Gram-Charlier density to first order: N(z; 0, K) [1 + (kappa4 / 24) He4(z / sqrt K)].
 * Integrates to 1 with variance K and excess kurtosis kappa4 exactly; it can dip below zero
 * in the tails when kappa4 is large (then leading order is not to be trusted anyway).
 */
export function gramCharlierDensity(z: number, K: number, kappa4: number): number {
  return gaussianDensity(z, K) * (1 + (kappa4 / 24) * he4(z / Math.sqrt(K)));
}

/** Evenly spaced grid of `points` values over [lo, hi]. */
export function linearGrid(lo: number, hi: number, points: number): Float64Array {
  const g = new Float64Array(points);
  for (let i = 0; i < points; i++) g[i] = lo + ((hi - lo) * i) / (points - 1);
  return g;
}

/** The theory numbers for the output of one model. */
export interface OutputTheory {
  K: number;
  kurtosisLeading: number | null;
  kurtosisExact: number | null;
  varianceExact: number | null;
  depthToWidth: number;
  warning: string | null;
}

export function outputTheory(report: TheoryReport): OutputTheory {
  return {
    K: report.output.K,
    kurtosisLeading: report.output.kurtosisLeading,
    kurtosisExact: report.output.kurtosisExact,
    varianceExact: report.output.varianceExact,
    depthToWidth: report.depthToWidth,
    warning: report.warning,
  };
}

export function theoryFor(state: LabState, width = state.width, depth = state.depth): OutputTheory {
  // The lab's networks are never normalized (the spec's normalization type may grow).
  return outputTheory(theoryReport({ ...modelFor(state, width, depth), normalization: 'none' }));
}

export interface Curve {
  x: number[];
  y: number[];
}

/** Infinite-width Gaussian and Gram-Charlier curves on a grid (GC empty when kappa4 is unknown). */
export function densityCurves(
  grid: ArrayLike<number>,
  t: OutputTheory,
): { gaussian: Curve; gramCharlier: Curve } {
  const x = Array.from(grid);
  const gaussian = { x, y: x.map((z) => gaussianDensity(z, t.K)) };
  const k4 = t.kurtosisLeading;
  const gramCharlier =
    k4 === null ? { x: [], y: [] } : { x, y: x.map((z) => gramCharlierDensity(z, t.K, k4)) };
  return { gaussian, gramCharlier };
}

/** Leading-order and exact kurtosis along a list of widths (fixed depth) or depths (fixed width). */
export function kurtosisLines(
  state: LabState,
  along: 'width' | 'depth',
  xs: readonly number[],
): { leading: Curve; exact: Curve } {
  const leading: Curve = { x: [], y: [] };
  const exact: Curve = { x: [], y: [] };
  for (const v of xs) {
    const t = along === 'width' ? theoryFor(state, v, sweepDepth(state)) : theoryFor(state, state.width, v);
    if (t.kurtosisLeading !== null && t.kurtosisLeading > 0) {
      leading.x.push(v);
      leading.y.push(t.kurtosisLeading);
    }
    if (t.kurtosisExact !== null && t.kurtosisExact > 0) {
      exact.x.push(v);
      exact.y.push(t.kurtosisExact);
    }
  }
  return { leading, exact };
}

/** The width sweep runs at the lab's depth, but at least 2 (at L = 1 the output is exactly Gaussian). */
export function sweepDepth(state: LabState): number {
  return Math.max(2, state.depth);
}

/** Widths 2, 4, ..., up to `max` (powers of two). */
export function sweepWidths(max: number): number[] {
  const w: number[] = [];
  for (let n = 2; n <= max; n *= 2) w.push(n);
  return w;
}

/** Depths for the depth sweep: roughly geometric from 2 to `max`. */
export function sweepDepths(max: number): number[] {
  return [2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 100].filter((d) => d <= max);
}

/** Whole numbers from lo to hi, about `perOctave` per doubling: smooth theory lines on log axes. */
export function denseLogGrid(lo: number, hi: number, perOctave = 4): number[] {
  const out = new Set<number>();
  const steps = Math.round(Math.log2(hi / lo) * perOctave);
  for (let i = 0; i <= steps; i++) out.add(Math.round(lo * 2 ** (i / perOctave)));
  out.add(hi);
  return [...out].sort((a, b) => a - b);
}
