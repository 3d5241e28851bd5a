/**
 * The Gaussian-limit experiment without a DOM: lab state -> engine runs in chunks -> plain,
 * postMessage-able snapshots for the charts. Runs in the compute worker and in Node tests.
 *
 *   const runner = new GaussianLimitRunner(engines);
 *   await runner.run(state, (snap) => draw(snap), signal);
 *
 * Three phases, each streaming: (1) the ensemble at the lab's settings (histogram, moments,
 * Rao-Blackwellized mixture density); (2) a width sweep at fixed depth; (3) a depth sweep at
 * fixed width. Sweep points are cached by their spec, so moving Width re-runs only what
 * depends on it.
 */
import { abortError, type Engine } from '../../engine/types.ts';
import { resolveSpec, type RunSpec } from '../../engine/spec.ts';
import { shortcutApplies } from '../../engine/cpu/shortcut-cpu.ts';
import { cpuMethodOf, cpuNanosPerNetwork } from '../../engine/cost.ts';
import { MixtureMoments } from '../../stats/index.ts';
import type { EngineSource } from '../../lab/stream-run.ts';
import type { LabState } from './state.ts';
import {
  denseLogGrid,
  densityCurves,
  kurtosisLines,
  sweepDepth,
  sweepDepths,
  sweepWidths,
  theoryFor,
  type Curve,
  type OutputTheory,
} from './theory-curves.ts';
import { EnsembleAccumulator, type Readout } from './ensemble.ts';
import { ensembleMessage, overlayPlan, type OverlayPlan } from './degenerate.ts';
import type { Degeneracy } from '../../stats/index.ts';

export { EnsembleAccumulator, GRID_POINTS, HISTOGRAM_BINS, RANGE_SIGMAS, type Readout } from './ensemble.ts';

export interface SweepPoint {
  /** Width (width sweep) or depth (depth sweep). */
  x: number;
  networks: number;
  /** Rao-Blackwellized excess kurtosis 3 E G^2 / (E G)^2 - 3 and its SE. */
  kurtosis: number;
  kurtosisSE: number;
}

export interface Sweep {
  /** 'width': x = n at depth `fixed`; 'depth': x = L at width `fixed`. */
  along: 'width' | 'depth';
  fixed: number;
  points: SweepPoint[];
  leading: Curve;
  exact: Curve;
}

export interface Snapshot {
  phase: 'ensemble' | 'width-sweep' | 'depth-sweep' | 'done';
  /** 0..1 over all phases. */
  progress: number;
  engine: string;
  theory: OutputTheory;
  /** Bin edges and density of the outputs (count / (N width)). */
  edges: number[];
  density: number[];
  gaussian: Curve;
  gramCharlier: Curve;
  /** mean over networks of N(z; 0, G_net): the exact conditional mixture, measured. */
  mixture: Curve;
  readout: Readout;
  /** How the outputs are degenerate (all 0, overflowed, ...), and the view's sentence about it. */
  degeneracy: Degeneracy;
  message: string | null;
  /** Which overlays are drawn (hidden ones have empty curves) and why one is not. */
  overlays: OverlayPlan;
  /** Fraction of outputs outside the histogram's range. */
  outside: number;
  widthSweep: Sweep;
  depthSweep: Sweep;
}

export interface RunnerOptions {
  /** Networks per sweep point at most (default 4000). */
  sweepNetworks?: number;
  /** Largest width of the width sweep (default 4096). */
  maxSweepWidth?: number;
  /** Rough CPU budget per sweep point in ms: wide/deep points get fewer networks (default 250). */
  sweepPointMs?: number;
  /** Minimum ms between snapshots (default 60); the first chunk and the end always report. */
  snapshotMs?: number;
  /** Networks per chunk for the main ensemble (default: the engine's choice). */
  chunkNetworks?: number;
  now?: () => number;
}

function emptySweep(along: 'width' | 'depth', fixed: number): Sweep {
  return { along, fixed, points: [], leading: { x: [], y: [] }, exact: { x: [], y: [] } };
}

export class GaussianLimitRunner {
  private readonly cache = new Map<string, SweepPoint>();
  private readonly lineCache = new Map<string, { leading: Curve; exact: Curve }>();
  private readonly o: Required<Omit<RunnerOptions, 'chunkNetworks'>> & { chunkNetworks?: number };

  constructor(
    /** Engines by kind; the sweeps always use 'exact' (same distribution as explicit, far cheaper). */
    private readonly engines: EngineSource,
    options: RunnerOptions = {},
  ) {
    this.o = {
      sweepNetworks: options.sweepNetworks ?? 4000,
      maxSweepWidth: options.maxSweepWidth ?? 4096,
      sweepPointMs: options.sweepPointMs ?? 250,
      snapshotMs: options.snapshotMs ?? 60,
      chunkNetworks: options.chunkNetworks,
      now: options.now ?? (() => performance.now()),
    };
  }

  /** The RunSpec of the main ensemble. */
  static specOf(state: LabState): RunSpec {
    return resolveSpec({
      activation: state.activation,
      width: state.width,
      depth: state.depth,
      cw: state.cw,
      cb: state.cb,
      networks: state.networks,
      seed: state.seed,
    });
  }

  /** Networks for one sweep point: as many as fit the time budget, between 200 and sweepNetworks. */
  sweepNetworksFor(width: number, depth: number, state: LabState): number {
    const probe = resolveSpec({
      activation: state.activation,
      width,
      depth,
      cw: state.cw,
      cb: state.cb,
      networks: 1,
    });
    const fit = Math.floor(
      (this.o.sweepPointMs * 1e6) / cpuNanosPerNetwork(cpuMethodOf('exact', probe), probe),
    );
    return Math.max(200, Math.min(this.o.sweepNetworks, fit));
  }

  /**
   * Run everything for `state`, calling `onSnapshot` as results stream in, and `onProgress`
   * (0..1, the snapshots' scale) also between them where the engine reports within a chunk.
   * Rejects with an AbortError when `signal` aborts (nothing is reported after that).
   */
  async run(
    state: LabState,
    onSnapshot: (s: Snapshot) => void,
    signal?: AbortSignal,
    onProgress?: (progress: number) => void,
  ): Promise<Snapshot> {
    const spec = GaussianLimitRunner.specOf(state);
    const theory = theoryFor(state);
    const acc = new EnsembleAccumulator(theory);
    const curves = densityCurves(acc.grid, theory);
    const engine = await this.engines(state.engine);
    const widths = sweepWidths(Math.min(this.o.maxSweepWidth, 16384));
    const depths = sweepDepths(100);
    const wFixed = sweepDepth(state);
    // Theory lines are filled in after the ensemble: the first histogram should not wait for them.
    const widthSweep = emptySweep('width', wFixed);
    const depthSweep = emptySweep('depth', state.width);
    let phase: Snapshot['phase'] = 'ensemble';
    let progress = 0;
    let last = -Infinity;

    const snapshot = (): Snapshot => {
      const h = acc.histogram;
      const degeneracy = acc.degeneracy();
      const overlays = overlayPlan(theory, degeneracy);
      const none: Curve = { x: [], y: [] };
      return {
        phase,
        progress,
        engine: engine.describe(spec),
        theory,
        edges: Array.from(h.edges),
        density: acc.networks > 0 ? Array.from(h.density()) : new Array<number>(h.bins).fill(0),
        gaussian: overlays.gaussian ? curves.gaussian : none,
        gramCharlier: overlays.gramCharlier ? curves.gramCharlier : none,
        mixture: overlays.mixture ? acc.mixture() : none,
        readout: acc.readout(),
        degeneracy,
        message: ensembleMessage(degeneracy, state),
        overlays,
        outside: acc.networks > 0 ? (h.underflow + h.overflow) / acc.networks : 0,
        widthSweep: { ...widthSweep, points: [...widthSweep.points] },
        depthSweep: { ...depthSweep, points: [...depthSweep.points] },
      };
    };
    const report = (force: boolean): void => {
      if (signal?.aborted) throw abortError();
      const t = this.o.now();
      if (!force && t - last < this.o.snapshotMs) return;
      last = t;
      onSnapshot(snapshot());
    };

    // Phase 1: the ensemble. Weighted as half of the progress bar.
    let first = true;
    // The width-independent shortcut would do the whole ensemble in one chunk: smaller chunks put
    // the first histogram on screen sooner (each chunk's accumulation is the larger cost).
    const shortcut = engine.backend === 'cpu' && engine.kind === 'exact' && shortcutApplies(spec.model);
    const chunkNetworks = this.o.chunkNetworks ?? (shortcut ? 2500 : undefined);
    const ensembleProgress = onProgress
      ? (done: number, total: number) => onProgress((0.5 * done) / total)
      : undefined;
    for await (const chunk of engine.run(spec, {
      signal,
      chunkNetworks,
      threads: 1,
      onProgress: ensembleProgress,
    })) {
      acc.add(chunk.outputs, chunk.gram, chunk.count);
      progress = (0.5 * acc.networks) / spec.networks;
      report(first);
      first = false;
    }
    progress = 0.5;
    phase = 'width-sweep';
    Object.assign(widthSweep, this.lines(state, 'width', widths));
    Object.assign(depthSweep, this.lines(state, 'depth', depths));
    report(true);

    // Phases 2 and 3: sweeps with the exact engine (cached points reappear at once).
    const exact = state.engine === 'exact' ? engine : await this.engines('exact');
    const tasks: { sweep: Sweep; width: number; depth: number; x: number }[] = [
      ...widths.map((n) => ({ sweep: widthSweep, width: n, depth: wFixed, x: n })),
      ...depths.map((L) => ({ sweep: depthSweep, width: state.width, depth: L, x: L })),
    ];
    for (let i = 0; i < tasks.length; i++) {
      const t = tasks[i];
      phase = t.sweep.along === 'width' ? 'width-sweep' : 'depth-sweep';
      const point = await this.sweepPoint(exact, state, t.width, t.depth, t.x, signal);
      t.sweep.points.push(point);
      progress = 0.5 + (0.5 * (i + 1)) / tasks.length;
      report(i === tasks.length - 1);
    }
    phase = 'done';
    progress = 1;
    const final = snapshot();
    if (signal?.aborted) throw abortError();
    onSnapshot(final);
    return final;
  }

  private lines(state: LabState, along: 'width' | 'depth', xs: number[]): { leading: Curve; exact: Curve } {
    const key = `${along}|${state.activation}|${state.cw}|${state.cb}|${along === 'width' ? sweepDepth(state) : state.width}`;
    let l = this.lineCache.get(key);
    if (!l) {
      l = kurtosisLines(state, along, denseLogGrid(xs[0], xs[xs.length - 1], along === 'width' ? 2 : 6));
      this.lineCache.set(key, l);
    }
    return l;
  }

  private async sweepPoint(
    engine: Engine,
    state: LabState,
    width: number,
    depth: number,
    x: number,
    signal?: AbortSignal,
  ): Promise<SweepPoint> {
    const networks = this.sweepNetworksFor(width, depth, state);
    // Seeds differ from the main run's so that sweep points are independent of it.
    const seed = (state.seed + 0x9e3779b9 + depth * 65537 + width) >>> 0;
    const key = `${engine.backend}|${state.activation}|${state.cw}|${state.cb}|${width}|${depth}|${networks}|${seed}`;
    const hit = this.cache.get(key);
    if (hit) return { ...hit, x };
    const spec = resolveSpec({
      activation: state.activation,
      width,
      depth,
      cw: state.cw,
      cb: state.cb,
      networks,
      seed,
    });
    const mm = new MixtureMoments();
    for await (const chunk of engine.run(spec, { signal, threads: 1 }))
      mm.addArray(chunk.gram, 0, chunk.count);
    const s = mm.summary();
    const point = { x, networks, kurtosis: s.excessKurtosis, kurtosisSE: s.excessKurtosisSE };
    this.cache.set(key, point);
    return point;
  }
}
