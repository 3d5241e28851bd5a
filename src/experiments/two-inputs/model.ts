/**
 * The "Two inputs" experiment without a DOM: two inputs of the same norm with correlation rho
 * go through an ensemble (CPU or WebGPU engine, RunOptions.layerStats); the per-network correlation
 * z_l(x_0).z_l(x_1)/(|z_l(x_0)||z_l(x_1)|) of every hidden layer, summarized by the engine's
 * LayerStatsCollector, is compared with the infinite-width recursion c_l (theory's
 * correlationFlow). Separately, the order/chaos phase diagram (c_L on a (C_b, C_W) grid and
 * the critical line chi_perp(q*) = 1), computed row by row so a worker can stream and abort it.
 *
 *   await runTwoInputs(state, engines, draw, signal);
 *   for await (const part of phaseDiagramRows(grid, signal)) draw(part);
 */
import { abortError, type RunOptions } from '../../engine/types.ts';
import { resolveSpec, type RunSpec } from '../../engine/spec.ts';
import { networkSpecInput } from '../../lab/network-fields.ts';
import { LayerStatsCollector } from '../../engine/summary/layer-stats.ts';
import { makeActivation } from '../../theory/activations.ts';
import { correlationFlow, phaseDiagram } from '../../theory/phase-diagram.ts';
import { depthScales } from '../../theory/criticality.ts';
import { streamOptions } from '../../lab/chunking.ts';
import { streamRun, type StreamedRun } from '../../lab/stream-run.ts';
import type { TwoInputsState } from './state.ts';

export interface CorrelationLayer {
  /** Hidden layer l = 1..L-1 (the output has one unit: no correlation over units). */
  layer: number;
  mean: number;
  meanSE: number;
  median: number;
  q10: number;
  q90: number;
}

export interface TwoInputsSnapshot {
  progress: number;
  networks: number;
  engine: string;
  measured: CorrelationLayer[];
  /** Infinite-width c_l, l = 1..L (index l - 1). */
  theory: number[];
  /** The single-input fixed point q* at the chosen (C_W, C_b), or none. */
  fixedPoint: FixedPointSummary;
}

export type FixedPointSummary =
  | {
      kind: 'fixed';
      qStar: number;
      /** chi_perp(q*): below 1 ordered, above 1 chaotic. */
      chiPerp: number;
      phase: 'ordered' | 'critical' | 'chaotic';
    }
  /** K_l grows without bound from K_1 = 1 (C_W above the critical line of an unbounded activation). */
  | { kind: 'none' };

/** chi_perp within this of 1 reads as critical (the critical line itself, e.g. ReLU at C_W = 2). */
const CRITICAL_TOLERANCE = 1e-9;

/**
 * The fixed point q* of K -> C_b + C_W <sigma^2>_K reached from q0 = 1, the susceptibility
 * chi_perp there and the phase; 'none' where the kernel grows without bound (ReLU above C_W = 2:
 * there is no fixed point to be ordered or chaotic about).
 */
export function fixedPointAt(s: Pick<TwoInputsState, 'activation' | 'cw' | 'cb'>): FixedPointSummary {
  const fp = depthScales(makeActivation(s.activation), s.cw, s.cb);
  if (!Number.isFinite(fp.qStar) || !Number.isFinite(fp.chiPerp)) return { kind: 'none' };
  const phase =
    Math.abs(fp.chiPerp - 1) <= CRITICAL_TOLERANCE ? 'critical' : fp.chiPerp < 1 ? 'ordered' : 'chaotic';
  return { kind: 'fixed', qStar: fp.qStar, chiPerp: fp.chiPerp, phase };
}

export function twoInputsSpec(s: TwoInputsState): RunSpec {
  return resolveSpec({ ...networkSpecInput(s), inputsCorrelation: s.rho });
}

export function theoryCorrelation(
  s: Pick<TwoInputsState, 'activation' | 'cw' | 'cb' | 'depth' | 'rho'>,
): number[] {
  return Array.from(correlationFlow(makeActivation(s.activation), s.cw, s.cb, s.depth, s.rho).c);
}

type Run = StreamedRun<TwoInputsState, TwoInputsSnapshot>;

export const runTwoInputs: Run = async (state, engines, onSnapshot, signal, snapshotMs = 100) => {
  const spec = twoInputsSpec(state);
  const engine = await engines(state.engine);
  const theory = theoryCorrelation(state);
  const fixedPoint = fixedPointAt(state);
  const stats = new LayerStatsCollector(spec);
  const base: RunOptions = { layerStats: true };
  const { options, description } = streamOptions(engine, spec, base, signal);
  const snapshot = (): TwoInputsSnapshot => ({
    progress: stats.count / spec.networks,
    networks: stats.count,
    engine: description,
    measured: stats.layers().flatMap((l) =>
      l.correlation
        ? [
            {
              layer: l.layer,
              mean: l.correlation.mean.value,
              meanSE: l.correlation.mean.se,
              median: l.correlation.median,
              q10: l.correlation.q10,
              q90: l.correlation.q90,
            },
          ]
        : [],
    ),
    theory,
    fixedPoint,
  });
  await streamRun(engine, spec, options, stats, () => onSnapshot(snapshot()), signal, snapshotMs);
  if (signal?.aborted) throw abortError();
  const final = snapshot();
  onSnapshot(final);
  return final;
};

/** The heat map's grid: C_b rows, C_W columns. */
export interface PhaseGrid {
  activation: TwoInputsState['activation'];
  depth: number;
  rho: number;
  cb: number[];
  cw: number[];
}

/** The phase diagram so far: rows [0, rows) are filled. */
export interface PhasePart {
  key: string;
  cb: number[];
  cw: number[];
  rows: number;
  /** c_L at [i * cw.length + j] (NaN: not computed yet, or the kernel overflowed). */
  correlation: number[];
  /** chi_perp(q*) at the same index. */
  chiPerp: number[];
  /** Critical C_W of each C_b row (null: none in range, or not computed yet). */
  boundary: (number | null)[];
}

export const PHASE_CB_MAX = 0.5;
export const PHASE_CW_MIN = 0.1;
export const PHASE_CW_MAX = 4;

/** A modest 24 x 24 grid: C_b in [0, 0.5], C_W in [0.1, 4]. */
export function phaseGrid(s: Pick<TwoInputsState, 'activation' | 'depth' | 'rho'>, size = 24): PhaseGrid {
  return {
    activation: s.activation,
    depth: s.depth,
    rho: s.rho,
    cb: Array.from({ length: size }, (_, i) => (PHASE_CB_MAX * i) / (size - 1)),
    cw: Array.from(
      { length: size },
      (_, j) => PHASE_CW_MIN + ((PHASE_CW_MAX - PHASE_CW_MIN) * j) / (size - 1),
    ),
  };
}

export function phaseKey(g: PhaseGrid): string {
  return `${g.activation}|${g.depth}|${g.rho}|${g.cb.length}x${g.cw.length}`;
}

/**
 * The phase diagram one C_b row at a time (each yield gives the part so far), yielding to
 * the event loop between rows so a cancel message can arrive. `resume`: a part of the same
 * grid to continue (clicks in quick succession abort runs; the rows done are kept).
 */
export async function* phaseDiagramRows(
  g: PhaseGrid,
  signal?: AbortSignal,
  resume?: PhasePart | null,
): AsyncGenerator<PhasePart> {
  const act = makeActivation(g.activation);
  const nw = g.cw.length;
  // A part of the same grid left by an aborted run: go on from its last row.
  const from = resume && resume.key === phaseKey(g) ? resume : null;
  const part: PhasePart = from
    ? {
        ...from,
        correlation: [...from.correlation],
        chiPerp: [...from.chiPerp],
        boundary: [...from.boundary],
      }
    : {
        key: phaseKey(g),
        cb: g.cb,
        cw: g.cw,
        rows: 0,
        correlation: new Array<number>(g.cb.length * nw).fill(NaN),
        chiPerp: new Array<number>(g.cb.length * nw).fill(NaN),
        boundary: new Array<number | null>(g.cb.length).fill(null),
      };
  for (let i = part.rows; i < g.cb.length; i++) {
    await new Promise((r) => setTimeout(r, 0));
    if (signal?.aborted) throw abortError();
    const row = phaseDiagram({
      activation: act,
      cbValues: [g.cb[i]],
      cwValues: g.cw,
      depth: g.depth,
      rho: g.rho,
    });
    for (let j = 0; j < nw; j++) {
      part.correlation[i * nw + j] = row.correlation[j];
      part.chiPerp[i * nw + j] = row.chiPerp[j];
    }
    part.boundary[i] = row.boundary[0];
    part.rows = i + 1;
    yield {
      ...part,
      correlation: [...part.correlation],
      chiPerp: [...part.chiPerp],
      boundary: [...part.boundary],
    };
  }
}
