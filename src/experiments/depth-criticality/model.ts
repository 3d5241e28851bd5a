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
import { networkSpecInput } from '../../lab/network-fields.ts';
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
  layers: { layer: number; mean: number; meanSE: number; median: number }[];
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

/** The lecture's ensemble for c at the state's width, depth, normalization, dropout, size and seed. */
export function lectureState(s: DepthState, c: number): DepthState {
  return { ...s, activation: 'relu', cb: 0, cw: c, engine: 'exact', compare: false };
}

function lectureCurve(c: number, stats: LayerStatsCollector): LectureCurve {
  const layers = stats.layers().slice(0, -1);
  return {
    c,
    networks: stats.count,
    layers: layers.map((l) => ({
      layer: l.layer,
      mean: l.preactivation.mean.value,
      meanSE: l.preactivation.mean.se,
      median: l.preactivation.median,
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
      if (state.activation === 'relu' && state.cb === 0 && state.cw === c && state.engine === 'exact') {
        lecture.push(lectureCurve(c, stats));
      } else {
        const lspec = depthSpec(ls);
        const lstats = new LayerStatsCollector(lspec);
        const lbase: RunOptions = { layerStats: true };
        const lopts: RunOptions = { ...lbase, signal, threads: 1, ...chunkOptions(exact, lspec, lbase) };
        for await (const chunk of exact.run(lspec, lopts)) {
          if (signal?.aborted) throw abortError();
          lstats.add(chunk);
        }
        lecture.push(lectureCurve(c, lstats));
      }
      if (c !== LECTURE_CS[LECTURE_CS.length - 1]) onSnapshot(snapshot());
    }
  }
  if (signal?.aborted) throw abortError();
  const final = snapshot();
  onSnapshot(final);
  return final;
};
