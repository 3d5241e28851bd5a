/**
 * The "Depth & criticality" experiment without a DOM: a DepthState -> one engine run (CPU or
 * WebGPU) with per-layer statistics (RunOptions.layerStats, and gradients with the explicit engine),
 * summarized by the engine's LayerStatsCollector after every chunk -> plain snapshots for the
 * charts, beside the theory per layer (K_l, chi_par, chi_perp, and the exact log-norm law where
 * it holds). Runs in the view's compute worker (worker.ts) and in Node tests.
 *
 *   const snap = await runDepth(state, (kind) => createEngine(kind, 'cpu'), draw, signal);
 */
import { abortError, type EngineKind, type RunOptions } from '../../engine/types.ts';
import { resolveSpec, type RunSpec } from '../../engine/spec.ts';
import { criticalPreset as criticalPresetFor, networkSpecInput } from '../../lab/network-fields.ts';
import { cpuCost, cpuMethodOf } from '../../engine/cost.ts';
import { LayerStatsCollector, type ValueSummary } from '../../engine/summary/layer-stats.ts';
import { theoryReport } from '../../theory/report.ts';
import { logNormLawOf } from '../../theory/log-norm.ts';
import { chunkOptions, streamOptions } from '../../lab/chunking.ts';
import { streamRun, type StreamedRun } from '../../lab/stream-run.ts';
import type { DepthState } from './state.ts';

/** One summarized per-network quantity at one layer. */
export interface Band {
  mean: number;
  meanSE: number;
  median: number;
  q10: number;
  q90: number;
  /** Networks whose value overflowed (left out). */
  nonFinite: number;
}

export interface DepthLayer {
  /** l = 1..L (L is the output, width 1). */
  layer: number;
  width: number;
  /** |z_l(x)|^2 / n_l of the raw preactivations, over networks. */
  norm: Band;
  /** |dLoss/dW_l|_F over networks (explicit engine), else null. */
  gradient: Band | null;
}

export interface DepthTheoryLayer {
  layer: number;
  /** Infinite-width kernel K_l: the mean of |z_l|^2/n_l (exact at any width for ReLU/linear, no bias). */
  K: number;
  chiPar: number;
  chiPerp: number;
  /** exp(E log(|z_l|^2/n_l)) from the exact log-norm law (ReLU/linear, no bias/normalization), else null. */
  typical: number | null;
  /** Var log(|z_l|^2/n_l) from the same law, else null. */
  logVariance: number | null;
}

/** One of the lecture's three ensembles (ReLU, C_b = 0, C_W = c), hidden layers only. */
export interface LectureCurve {
  c: number;
  /** Networks summarized. */
  networks: number;
  /** Its C_W, c (1 - p). */
  cw: number;
  /** Per hidden layer: mean, SE and median over networks, and the exact mean c (1 - p) (c/2)^(l-1). */
  layers: { layer: number; mean: number; meanSE: number; median: number; exact: number }[];
}

export interface DepthSnapshot {
  progress: number;
  networks: number;
  engine: string;
  layers: DepthLayer[];
  theory: DepthTheoryLayer[];
  warning: string | null;
  /** With DepthState.compare: the lecture's curves done so far (c = 1, 2, 3), else null. */
  lecture: LectureCurve[] | null;
}

export const LECTURE_CS = [1, 2, 3] as const;

/**
 * The lecture's C_W for c at drop probability p: c (1 - p). Inverted dropout multiplies the
 * second moment of every hidden layer by 1/(1 - p), so the critical ReLU C_W is 2(1 - p)
 * (theory/criticality.ts); scaling all three keeps c = 1, 2, 3 vanishing, critical, exploding.
 */
export function lectureCw(c: number, dropout: number): number {
  return c * (1 - dropout);
}

/**
 * The exact mean of |z_l|^2/n_l for ReLU without bias at C_W = c (1 - p), q0 = 1: the first
 * layer sees the undropped input, K_1 = C_W, and every later one multiplies by C_W/(2(1 - p)) = c/2.
 */
export function lectureMean(c: number, dropout: number, layer: number): number {
  return lectureCw(c, dropout) * (c / 2) ** (layer - 1);
}

/** The lecture's ensemble for c at the state's width, depth, normalization, dropout, size and seed. */
export function lectureState(s: DepthState, c: number): DepthState {
  return { ...s, activation: 'relu', cb: 0, cw: lectureCw(c, s.dropout), engine: 'exact', compare: false };
}

/** The view's "Critical" button: the activation's critical point at the state's dropout, or why there is none. */
export function criticalPreset(
  s: Pick<DepthState, 'activation' | 'dropout'>,
): { cw: number; cb: number } | { none: string } {
  return criticalPresetFor(s.activation, s.dropout);
}

function lectureCurve(c: number, dropout: number, stats: LayerStatsCollector): LectureCurve {
  const layers = stats.layers().slice(0, -1);
  return {
    c,
    cw: lectureCw(c, dropout),
    networks: stats.count,
    layers: layers.map((l) => ({
      layer: l.layer,
      mean: l.preactivation.mean.value,
      meanSE: l.preactivation.mean.se,
      median: l.preactivation.median,
      exact: lectureMean(c, dropout, l.layer),
    })),
  };
}

export function depthSpec(s: DepthState): RunSpec {
  return resolveSpec({ ...networkSpecInput(s), norm: s.norm, dropout: s.dropout });
}

export function band(v: ValueSummary): Band {
  return {
    mean: v.mean.value,
    meanSE: v.mean.se,
    median: v.median,
    q10: v.q10,
    q90: v.q90,
    nonFinite: v.nonFinite,
  };
}

/** Theory per layer for a spec (normalization and dropout included in K_l and the chis). */
export function depthTheory(spec: RunSpec): { layers: DepthTheoryLayer[]; warning: string | null } {
  const m = spec.model;
  const report = theoryReport(m);
  const law = logNormLawOf(m);
  const layers = report.layers.map((t, i) => ({
    layer: t.layer,
    K: t.K,
    chiPar: t.chiPar,
    chiPerp: t.chiPerp,
    typical: law ? Math.exp(law.mean[i]) : null,
    logVariance: law ? law.variance[i] : null,
  }));
  // The 1/n-expansion warning of the report concerns the output's kurtosis, not this view.
  const overflow = report.layers.find((l) => !Number.isFinite(l.K));
  return {
    layers,
    warning: overflow
      ? `the kernel overflows at layer ${overflow.layer}: the signal explodes with depth`
      : null,
  };
}

/** The run options of a depth run with `kind`: per-layer statistics, gradients with the explicit engine. */
export function depthRunOptions(kind: EngineKind): RunOptions {
  return { layerStats: true, gradients: kind === 'explicit' };
}

/** The state's ensemble on one CPU core, in seconds (cost.ts, as the CPU engines plan it). */
export function depthCostSeconds(s: DepthState): number {
  const spec = depthSpec(s);
  const options = depthRunOptions(s.engine);
  return cpuCost(cpuMethodOf(s.engine, spec, options), spec, options).seconds;
}

function sameLecture(s: DepthState, ls: DepthState): boolean {
  return s.activation === 'relu' && s.cb === 0 && s.cw === ls.cw && s.engine === 'exact';
}

/** Per-layer facts the caption and notices state: where a band leaves a log axis, where networks overflow. */
export interface DepthFacts {
  /** First plotted layer whose 10% quantile is 0 or less (the band cannot be drawn on a log axis), else null. */
  bandZeroFrom: number | null;
  /** First plotted layer whose median is 0 (half the networks are exactly 0 there), else null. */
  medianZeroFrom: number | null;
  /** First layer where every network's norm is exactly 0, else null. */
  allZeroFrom: number | null;
  /** Most networks left out at any layer for overflow, and the first layer where any are. */
  overflowed: number;
  overflowFrom: number | null;
  /** First layer whose mean is finite but its SE is not (the squares overflow float64), else null. */
  seOverflowFrom: number | null;
  /** First plotted layer where the theory K_l is 0 or not finite (its line leaves the log axis), else null. */
  theoryGoneFrom: number | null;
}

export function depthFacts(snap: Pick<DepthSnapshot, 'layers' | 'theory'>): DepthFacts {
  const hidden = snap.layers.slice(0, Math.max(1, snap.layers.length - 1));
  const first = (pred: (l: DepthLayer) => boolean) => hidden.find(pred)?.layer ?? null;
  let overflowed = 0;
  for (const l of snap.layers) overflowed = Math.max(overflowed, l.norm.nonFinite);
  return {
    bandZeroFrom: first((l) => !(l.norm.q10 > 0)),
    medianZeroFrom: first((l) => !(l.norm.median > 0)),
    allZeroFrom: first((l) => l.norm.q90 === 0 && l.norm.mean === 0),
    overflowed,
    overflowFrom: snap.layers.find((l) => l.norm.nonFinite > 0)?.layer ?? null,
    seOverflowFrom:
      snap.layers.find((l) => Number.isFinite(l.norm.mean) && !Number.isFinite(l.norm.meanSE))?.layer ?? null,
    theoryGoneFrom:
      snap.theory
        .slice(0, Math.max(1, snap.theory.length - 1))
        .find((t) => !(t.K > 0 && Number.isFinite(t.K)))?.layer ?? null,
  };
}

/**
 * Why parts of the log-axis chart stop, in words (null when nothing does): a log axis has no 0,
 * so a band whose 10% quantile is 0 (a tenth of the networks exactly 0: every unit of some layer
 * negative or dropped) cannot be drawn from there on.
 */
export function logAxisNote(f: DepthFacts): string | null {
  const parts: string[] = [];
  if (f.bandZeroFrom !== null) {
    parts.push(
      `From layer ${f.bandZeroFrom} on at least a tenth of the networks have a norm of exactly 0 (every unit of a layer negative or dropped), and a log axis has no 0: the 10-90% band stops there`,
    );
    if (f.medianZeroFrom !== null)
      parts.push(`the median stops at layer ${f.medianZeroFrom}, where half of the networks are 0`);
    if (f.allZeroFrom !== null) parts.push(`from layer ${f.allZeroFrom} on every network is 0`);
  }
  if (f.theoryGoneFrom !== null)
    parts.push(
      `the theory line stops at layer ${f.theoryGoneFrom}, where K_l leaves floating point (it underflows to 0 or overflows)`,
    );
  if (parts.length === 0) return null;
  const text = parts.join('; ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/** The notice for overflowed networks or moments, or null. */
export function overflowNotice(f: DepthFacts, networks: number): string | null {
  if (f.overflowFrom !== null) {
    return `${f.overflowed} of ${networks} networks overflowed (their norm is beyond floating point) from layer ${f.overflowFrom} on and are left out there: the signal explodes with depth. Lower C_W towards the critical point, or the depth.`;
  }
  if (f.seOverflowFrom !== null) {
    return `From layer ${f.seOverflowFrom} on the norms are so large that their squares overflow float64: the mean's standard error is not defined there (shown as —). The signal explodes with depth.`;
  }
  return null;
}

/**
 * Run `state`, calling `onSnapshot` after chunks (at most every `snapshotMs`, always for the
 * first and the last). Rejects with an AbortError when `signal` aborts.
 */
type Run = StreamedRun<DepthState, DepthSnapshot>;

export const runDepth: Run = async (state, engines, onSnapshot, signal, snapshotMs = 100) => {
  const spec = depthSpec(state);
  const engine = await engines(state.engine);
  const base = depthRunOptions(engine.kind);
  const theory = depthTheory(spec);
  const stats = new LayerStatsCollector(spec, base);
  const { options, description } = streamOptions(engine, spec, base, signal);
  const lecture: LectureCurve[] | null = state.compare ? [] : null;
  const snapshot = (): DepthSnapshot => ({
    progress: (stats.count / spec.networks + (lecture?.length ?? 0)) / (lecture ? 1 + LECTURE_CS.length : 1),
    networks: stats.count,
    engine: description,
    layers: stats.layers().map((l) => ({
      layer: l.layer,
      width: l.width,
      norm: band(l.preactivation),
      gradient: l.gradient ? band(l.gradient) : null,
    })),
    theory: theory.layers,
    warning: theory.warning,
    lecture: lecture ? [...lecture] : null,
  });
  await streamRun(engine, spec, options, stats, () => onSnapshot(snapshot()), signal, snapshotMs);
  if (lecture) {
    // The lecture's three ensembles with the exact engine (the same norms' law, far cheaper);
    // the main run is reused when it is one of them.
    const exact = await engines('exact');
    for (const c of LECTURE_CS) {
      const ls = lectureState(state, c);
      if (sameLecture(state, ls)) {
        lecture.push(lectureCurve(c, state.dropout, stats));
      } else {
        const lspec = depthSpec(ls);
        const lstats = new LayerStatsCollector(lspec);
        const lbase: RunOptions = { layerStats: true };
        const lopts: RunOptions = { ...lbase, signal, threads: 1, ...chunkOptions(exact, lspec, lbase) };
        for await (const chunk of exact.run(lspec, lopts)) {
          if (signal?.aborted) throw abortError();
          lstats.add(chunk);
        }
        lecture.push(lectureCurve(c, state.dropout, lstats));
      }
      if (c !== LECTURE_CS[LECTURE_CS.length - 1]) onSnapshot(snapshot());
    }
  }
  if (signal?.aborted) throw abortError();
  const final = snapshot();
  onSnapshot(final);
  return final;
};
