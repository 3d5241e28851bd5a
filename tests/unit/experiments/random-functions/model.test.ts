/**
 * The random-functions model against exact results. One hidden layer (depth 2) or a linear
 * network: E f(x) f(x') = K(x, x') exactly at any width, so the empirical kernel over a fixed
 * seed's ensemble lies within a few SEs of the infinite-width kernel entry by entry, and a
 * wrong kernel (C_W 15% off, or one layer deeper) is rejected by the same test. GP draws'
 * sample covariance against K; the jittered Cholesky on a known matrix; and network m on the
 * grid is network m of the single-input views (same engine, same counter addresses).
 */
import { describe, expect, it } from 'vitest';
import { collect, createEngine } from '../../../../src/engine/index.ts';
import { resolveSpec } from '../../../../src/engine/spec.ts';
import { networkSpecInput } from '../../../../src/lab/network-fields.ts';
import { jitteredCholesky } from '../../../../src/theory/gp.ts';
import { SecondMoments } from '../../../../src/stats/second-moments.ts';
import {
  FUNCTIONS_DEFAULTS,
  type FunctionsState,
} from '../../../../src/experiments/random-functions/state.ts';
import {
  functionsSpec,
  gpDraws,
  gridOf,
  kernelOutOfReach,
  runFunctions,
  theoryKernel,
  theoryKurtosis,
  type FunctionsSnapshot,
} from '../../../../src/experiments/random-functions/model.ts';

const engines = (kind: 'exact' | 'explicit') => createEngine(kind, 'cpu');

const state = (patch: Partial<FunctionsState>): FunctionsState => ({
  ...FUNCTIONS_DEFAULTS,
  points: 17,
  networks: 3000,
  ...patch,
});

async function run(patch: Partial<FunctionsState>): Promise<FunctionsSnapshot> {
  const snaps: FunctionsSnapshot[] = [];
  const final = await runFunctions(state(patch), engines, (s) => snaps.push(s));
  expect(snaps.at(-1)).toBe(final);
  return final;
}

/** z-scores (empirical - K) / SE over the upper triangle (entries with a positive SE). */
function zScores(snap: FunctionsSnapshot, K: number[][]): number[] {
  const k = K.length;
  const z: number[] = [];
  for (let a = 0; a < k; a++)
    for (let b = a; b < k; b++) {
      const se = snap.empiricalSE[a * k + b];
      if (se > 0) z.push((snap.empirical[a * k + b] - K[a][b]) / se);
    }
  return z;
}

const maxAbs = (z: number[]) => Math.max(...z.map(Math.abs));

/**
 * The entries are strongly correlated (neighbouring points see the same networks), so the
 * largest |z| of 153 behaves like that of far fewer independent ones: 4.5 is a generous bound
 * that a kernel wrong by 15% still exceeds many times over.
 */
const Z_MAX = 4.5;

describe('random functions: kernel on the grid', () => {
  it('ReLU, one hidden layer of width 4 (explicit engine): the empirical kernel is within SEs of K everywhere', async () => {
    const snap = await run({ depth: 2, width: 4, seed: 3 });
    expect(snap.networks).toBe(3000);
    const z = zScores(snap, snap.theory);
    expect(z.length).toBeGreaterThan(100);
    expect(maxAbs(z)).toBeLessThan(Z_MAX);
    // A wrong kernel WOULD fail: C_W 15% high, or one layer deeper.
    expect(maxAbs(zScores(snap, theoryKernel(state({ depth: 2, cw: 2.3 }))))).toBeGreaterThan(1.5 * Z_MAX);
    expect(maxAbs(zScores(snap, theoryKernel(state({ depth: 3 }))))).toBeGreaterThan(1.5 * Z_MAX);
  });

  for (const activation of ['tanh', 'gelu'] as const) {
    it(`${activation}, one hidden layer of width 4: within SEs of the series kernel, which a 15% error in C_W fails`, async () => {
      // K up to 1.5 x 4 + 0.1 on the line: the Mehler series' coefficients at a dozen variances.
      const patch = { activation, depth: 2, width: 4, cw: 1.5, cb: 0.1, seed: 5 } as const;
      const snap = await run(patch);
      expect(maxAbs(zScores(snap, snap.theory))).toBeLessThan(Z_MAX);
      expect(maxAbs(zScores(snap, theoryKernel(state({ ...patch, cw: 1.5 * 1.15 }))))).toBeGreaterThan(
        1.5 * Z_MAX,
      );
    });
  }

  it('a kernel too costly to compute here is refused with what to change, before any network is drawn', async () => {
    const snaps: FunctionsSnapshot[] = [];
    const far = state({ activation: 'tanh', cw: 4, span: 8 });
    expect(kernelOutOfReach(far)).toMatch(/reaches K = 2\d\d.*minutes.*lower C_W/);
    await expect(runFunctions(far, engines, (x) => snaps.push(x))).rejects.toThrow(/lower C_W/);
    expect(snaps).toEqual([]);
    expect(kernelOutOfReach(state({ activation: 'tanh', cw: 1 }))).toBeNull();
    expect(kernelOutOfReach(state({ activation: 'relu', cw: 4, span: 8 }))).toBeNull();
  });

  it('linear, depth 4, width 2 on the circle (exact engine): E f f^T = K exactly at any width', async () => {
    const snap = await run({
      activation: 'linear',
      cw: 1,
      cb: 0.2,
      depth: 4,
      width: 2,
      domain: 'circle',
      engine: 'exact',
      seed: 9,
    });
    expect(maxAbs(zScores(snap, snap.theory))).toBeLessThan(Z_MAX);
    expect(
      maxAbs(
        zScores(
          snap,
          theoryKernel(state({ activation: 'linear', cw: 1, cb: 0.35, depth: 4, domain: 'circle' })),
        ),
      ),
    ).toBeGreaterThan(1.5 * Z_MAX);
  });

  it('n = infinity: GP draws have sample covariance within SEs of K and no excess kurtosis', async () => {
    const snap = await run({ limit: true, depth: 3, seed: 4 });
    expect(snap.engine).toMatch(/Gaussian-process/);
    expect(maxAbs(zScores(snap, snap.theory))).toBeLessThan(Z_MAX);
    expect(maxAbs(zScores(snap, theoryKernel(state({ depth: 3, cw: 2.3 }))))).toBeGreaterThan(1.5 * Z_MAX);
    const p = snap.points[16];
    expect(Math.abs(p.kurtosis)).toBeLessThan(4 * p.kurtosisSE);
    expect(snap.theoryKurtosis[16]).toBe(0);
  });

  it('GP draws are reproducible from the seed and differ between seeds', () => {
    const K = theoryKernel(state({}));
    const draw = (seed: number) => {
      const out: number[][] = [];
      gpDraws(K, seed, 5, 2, (f) => out.push(Array.from(f)));
      return out;
    };
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)[0][3]).not.toBe(draw(2)[0][3]);
  });

  it('width 8, depth 3: the sample kurtosis at x = L is positive and within SE + 40% of the 1/n theory', async () => {
    const snap = await run({ width: 8, depth: 3, networks: 4000, seed: 6 });
    const a = 16; // x = +L = 2
    const p = snap.points[a];
    const t = snap.theoryKurtosis[a];
    expect(t).toBeGreaterThan(0.1);
    // Leading order only: O(1/n^2) corrections at n = 8 are a fraction of it.
    expect(Math.abs(p.kurtosis - t)).toBeLessThan(4 * p.kurtosisSE + 0.4 * t);
    expect(p.kurtosis).toBeGreaterThan(4 * p.kurtosisSE);
    expect(Math.abs(p.variance - snap.theory[a][a])).toBeLessThan(4 * p.varianceSE + 0.1 * snap.theory[a][a]);
  });
});

describe('random functions: the same networks as the other views', () => {
  for (const domain of ['line', 'circle'] as const) {
    it(`${domain}: network m's f at a point with |x|^2/n0 = 1 equals the single-input run's output (explicit engine)`, async () => {
      const s = state({ domain, width: 16, depth: 4, networks: 5, seed: 12 });
      const grid = gridOf(s);
      const many = await collect(engines('explicit'), functionsSpec(s, grid));
      // The single-input setting of the Gaussian-limit view: q0 = 1.
      const one = await collect(engines('explicit'), resolveSpec(networkSpecInput(s)));
      // The grid point x = 1 on the line (index 12 of 17 on [-2, 2]), phi = 0 on the circle.
      const point = domain === 'line' ? 12 : 0;
      expect(grid.q0[point]).toBeCloseTo(1, 14);
      const input = grid.order.indexOf(point);
      for (let m = 0; m < 5; m++) {
        const f = many.outputs[m * many.inputs + input];
        expect(Math.abs(f - one.outputs[m])).toBeLessThan(1e-12 * (1 + Math.abs(f)));
      }
    });
  }

  it('the grid spec keeps the network fields and puts x = +L first', () => {
    const s = state({});
    const spec = functionsSpec(s);
    expect(spec.model.inputGram).toHaveLength(17);
    expect(spec.model.inputGram[0][0]).toBeCloseTo(4, 14);
    expect(spec.model.hiddenWidths).toEqual([8, 8]);
    expect(theoryKurtosis({ ...s, limit: true }).every((v) => v === 0)).toBe(true);
  });
});

describe('jittered Cholesky and the second-moment accumulator', () => {
  it('factors a known matrix exactly, and L L^T = K + jitter I', () => {
    const K = [
      [4, 2, 0],
      [2, 5, 3],
      [0, 3, 10],
    ];
    const { factor, jitter } = jitteredCholesky(K, 0);
    expect(jitter).toBe(0);
    const want = [
      [2, 0, 0],
      [1, 2, 0],
      [0, 1.5, Math.sqrt(7.75)],
    ];
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) expect(factor[a][b]).toBeCloseTo(want[a][b], 14);
    const j = jitteredCholesky(K);
    expect(j.jitter).toBeCloseTo(1e-9, 20);
    for (let a = 0; a < 3; a++)
      for (let b = 0; b < 3; b++) {
        let s = 0;
        for (let c = 0; c < 3; c++) s += j.factor[a][c] * j.factor[b][c];
        expect(s).toBeCloseTo(K[a][b] + (a === b ? j.jitter : 0), 13);
      }
  });

  it('a rank-deficient kernel (a line without bias) still factors with the jitter', () => {
    const x = [-1, 0, 0.5, 2];
    const K = x.map((u) => x.map((v) => u * v));
    const { factor } = jitteredCholesky(K);
    for (const row of factor) for (const v of row) expect(Number.isFinite(v)).toBe(true);
    expect(factor[3][0] * factor[0][0]).toBeCloseTo(K[3][0], 12);
  });

  it('SecondMoments: mean and SE of f_a f_b by hand', () => {
    const acc = new SecondMoments(2);
    acc.add([1, 2]);
    acc.add([3, -1]);
    expect(Array.from(acc.mean())).toEqual([5, -0.5, -0.5, 2.5]);
    // f_0 f_1 = 2, -3: mean -0.5, sd sqrt(12.5), SE sqrt(12.5 / 2).
    expect(acc.standardError()[1]).toBeCloseTo(Math.sqrt(12.5 / 2), 14);
  });
});
