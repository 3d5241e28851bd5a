/**
 * The "Random functions" experiment without a DOM. A grid of inputs (x in [-L, L] on a line,
 * one input dimension; or the unit circle, two, plotted against the angle) goes through an
 * ensemble of random networks as one k-input run of the shared engines, so that network m is
 * the same function here as in the other views at the same seed (explicit engine: the same
 * weights W_l[i][j] at the same counter addresses). At width n = infinity the draws are
 * Gaussian-process draws f = L xi from N(0, K) (theory/gp.ts), xi from the counter-based
 * generator at (seed, draw m, Output, layer 0): an address no engine uses.
 *
 * Reported: the first `draws` functions, the infinite-width kernel K (THEORY.md sec. 2) on the
 * grid, the empirical kernel mean_m f_m(x) f_m(x') with its standard errors, and per grid
 * point the sample variance and excess kurtosis with SEs against K(x, x) and the 1/n theory
 * (THEORY.md sec. 4, theory/vertex.ts).
 *
 *   await runFunctions(state, engines, draw, signal);
 */
import { abortError, type EnsembleChunk, type RunOptions } from '../../engine/types.ts';
import { resolveSpec, type RunSpec } from '../../engine/spec.ts';
import { networkSpecInput } from '../../lab/network-fields.ts';
import { streamOptions } from '../../lab/chunking.ts';
import type { StreamedRun } from '../../lab/stream-run.ts';
import { makeActivation } from '../../theory/activations.ts';
import { kernelMatrixSequence } from '../../theory/kernels.ts';
import { costInWords, INTERACTIVE_KERNEL_BUDGET, kernelRecursionCost } from '../../theory/kernel-cost.ts';
import { fourPointVertex } from '../../theory/vertex.ts';
import { jitteredCholesky, lowerTimes } from '../../theory/gp.ts';
import { Purpose } from '../../random/address.ts';
import { fillNormals } from '../../random/normals.ts';
import { Moments } from '../../stats/moments.ts';
import { SecondMoments } from '../../stats/second-moments.ts';
import type { FunctionsState } from './state.ts';

/** The grid: each point's plotted coordinate, and the inputs' Gram matrix x_a . x_b / n0. */
export interface Grid {
  kind: 'line' | 'angle';
  /** x on the line, the angle phi on the circle. */
  coordinate: number[];
  gram: number[][];
  /** |x|^2 / n0 of each point (the single-input q0 the other views would use there). */
  q0: number[];
  /**
   * The order the engine takes the points in: engine input i is grid point order[i]. Its first
   * input is x = +L on the line (the circle: phi = 0, then phi_1 > 0), so that the explicit
   * engine's inputs (sqrt(k) times the rows of cholesky(Gram)) are exactly the points themselves
   * in the first one (two) coordinates: the run is the network of one (two) input dimensions.
   */
  order: number[];
}

export function gridOf(s: Pick<FunctionsState, 'domain' | 'points' | 'span'>): Grid {
  const k = s.points;
  if (s.domain === 'circle') {
    const phi = Array.from({ length: k }, (_, a) => (2 * Math.PI * a) / k);
    return {
      kind: 'angle',
      coordinate: phi,
      gram: phi.map((p) => phi.map((q) => Math.cos(p - q))),
      q0: phi.map(() => 1),
      order: phi.map((_, a) => a),
    };
  }
  const x = Array.from({ length: k }, (_, a) => -s.span + (2 * s.span * a) / (k - 1));
  return {
    kind: 'line',
    coordinate: x,
    gram: x.map((u) => x.map((v) => u * v)),
    q0: x.map((u) => u * u),
    order: x.map((_, a) => k - 1 - a),
  };
}

/** The engine's run: the shared network fields, the grid's Gram matrix in the engine's order. */
export function functionsSpec(s: FunctionsState, grid = gridOf(s)): RunSpec {
  const base = resolveSpec(networkSpecInput(s));
  const inputGram = grid.order.map((i) => grid.order.map((j) => grid.gram[i][j]));
  return { ...base, model: { ...base.model, inputGram, inputDim: inputGram.length } };
}

/**
 * Why the grid's kernel is not computed here, or null: a smooth activation saturated by a large
 * C_W or line (K in the tens) takes seconds to minutes (theory/kernel-cost.ts).
 */
export function kernelOutOfReach(s: FunctionsState, grid = gridOf(s)): string | null {
  const act = makeActivation(s.activation);
  const cost = kernelRecursionCost(act, grid.gram, s.depth, { cw: s.cw, cb: s.cb });
  if (cost.multiplyAdds <= INTERACTIVE_KERNEL_BUDGET) return null;
  return (
    `The ${act.label} kernel over this grid reaches K = ${cost.maxK.toPrecision(3)} and would take ` +
    `${costInWords(cost)} to compute here: lower C_W, C_b or the line's half-length L ` +
    '(ReLU, leaky ReLU and erf have closed forms at any scale).'
  );
}

/** The infinite-width kernel K_L(x_a, x_b) on the grid (grid order), THEORY.md sec. 2. */
export function theoryKernel(s: FunctionsState, grid = gridOf(s)): number[][] {
  const seq = kernelMatrixSequence(makeActivation(s.activation), grid.gram, s.depth, { cw: s.cw, cb: s.cb });
  return seq[s.depth - 1];
}

/** Leading-order excess kurtosis of f(x) at each grid point (0 at n = infinity; NaN where K = 0). */
export function theoryKurtosis(s: FunctionsState, grid = gridOf(s)): number[] {
  if (s.limit) return grid.q0.map(() => 0);
  const act = makeActivation(s.activation);
  const widths = new Array<number>(s.depth - 1).fill(s.width);
  return grid.q0.map((q0) => {
    const v = fourPointVertex(act, q0, widths, { cw: s.cw, cb: s.cb });
    const kurt = v ? v.kurtosis[s.depth - 1] : NaN;
    return Number.isFinite(kurt) ? kurt : NaN;
  });
}

/** One grid point's sample statistics over the ensemble. */
export interface PointStats {
  variance: number;
  varianceSE: number;
  kurtosis: number;
  kurtosisSE: number;
}

export interface FunctionsSnapshot {
  progress: number;
  networks: number;
  engine: string;
  grid: Grid;
  /** The drawn functions, grid order: draws[m][a] = f_m(x_a). */
  draws: number[][];
  /** Infinite-width kernel, grid order, k x k. */
  theory: number[][];
  /** Empirical kernel mean_m f_m(x_a) f_m(x_b) and its SEs, row-major k x k, grid order. */
  empirical: number[];
  empiricalSE: number[];
  points: PointStats[];
  /** Leading-order excess kurtosis per grid point. */
  theoryKurtosis: number[];
}

/** Streams the ensemble's outputs (grid order) into the kernel and per-point accumulators. */
export class FunctionsAccumulator {
  readonly kernel: SecondMoments;
  readonly moments: Moments[];
  readonly draws: number[][] = [];
  private readonly f: Float64Array;

  constructor(
    readonly grid: Grid,
    readonly drawCount: number,
  ) {
    const k = grid.coordinate.length;
    this.kernel = new SecondMoments(k);
    this.moments = Array.from({ length: k }, () => new Moments());
    this.f = new Float64Array(k);
  }

  get count(): number {
    return this.kernel.count;
  }

  /** One function, given in the engine's input order (`engineOrder`) or already in grid order. */
  add(values: ArrayLike<number>, offset = 0, engineOrder = true): void {
    const { order } = this.grid;
    const f = this.f;
    for (let i = 0; i < order.length; i++) f[engineOrder ? order[i] : i] = values[offset + i];
    this.kernel.add(f);
    for (let a = 0; a < f.length; a++) this.moments[a].add(f[a]);
    if (this.draws.length < this.drawCount) this.draws.push(Array.from(f));
  }

  addChunk(chunk: EnsembleChunk): void {
    for (let i = 0; i < chunk.count; i++) this.add(chunk.outputs, i * chunk.inputs);
  }

  points(): PointStats[] {
    return this.moments.map((m) => {
      const s = m.summary();
      return {
        variance: s.variance,
        varianceSE: s.varianceSE,
        kurtosis: s.excessKurtosis,
        kurtosisSE: s.excessKurtosisSE,
      };
    });
  }
}

/**
 * Gaussian-process draws m in [start, start + count) from N(0, K) on the grid: f = L xi,
 * L L^T = K + jitter I, xi_b = normal(seed, m, Output, layer 0, row 0, index b).
 */
export function gpDraws(
  K: readonly (readonly number[])[],
  seed: number,
  start: number,
  count: number,
  onDraw: (f: Float64Array) => void,
): void {
  const { factor } = jitteredCholesky(K);
  const k = K.length;
  const xi = new Float64Array(k);
  const f = new Float64Array(k);
  for (let m = start; m < start + count; m++) {
    fillNormals(seed, m, Purpose.Output, 0, 0, xi, k);
    onDraw(lowerTimes(factor, xi, f));
  }
}

/** GP draws per streamed part: about as many as keep a part short. */
const GP_CHUNK = 64;

export const runFunctions: StreamedRun<FunctionsState, FunctionsSnapshot> = async (
  state,
  engines,
  onSnapshot,
  signal,
  snapshotMs = 100,
) => {
  const grid = gridOf(state);
  const outOfReach = kernelOutOfReach(state, grid);
  if (outOfReach) throw new RangeError(outOfReach);
  const theory = theoryKernel(state, grid);
  const kurtosis = theoryKurtosis(state, grid);
  const acc = new FunctionsAccumulator(grid, state.draws);
  let description = 'Gaussian-process draws from N(0, K) (n = ∞), cpu';
  const snapshot = (): FunctionsSnapshot => ({
    progress: acc.count / state.networks,
    networks: acc.count,
    engine: description,
    grid,
    draws: acc.draws,
    theory,
    empirical: Array.from(acc.kernel.mean()),
    empiricalSE: Array.from(acc.kernel.standardError()),
    points: acc.points(),
    theoryKurtosis: kurtosis,
  });
  let last = -Infinity;
  const maybeSnapshot = () => {
    const t = performance.now();
    if (t - last >= snapshotMs && acc.count < state.networks) {
      last = t;
      onSnapshot(snapshot());
    }
  };
  if (state.limit) {
    for (let start = 0; start < state.networks; start += GP_CHUNK) {
      await new Promise((r) => setTimeout(r, 0));
      if (signal?.aborted) throw abortError();
      gpDraws(theory, state.seed, start, Math.min(GP_CHUNK, state.networks - start), (f) =>
        acc.add(f, 0, false),
      );
      maybeSnapshot();
    }
  } else {
    const spec = functionsSpec(state, grid);
    const engine = await engines(state.engine);
    const base: RunOptions = {};
    const stream = streamOptions(engine, spec, base, signal);
    description = stream.description;
    for await (const chunk of engine.run(spec, stream.options)) {
      if (signal?.aborted) throw abortError();
      acc.addChunk(chunk);
      maybeSnapshot();
    }
  }
  if (signal?.aborted) throw abortError();
  const final = snapshot();
  onSnapshot(final);
  return final;
};
