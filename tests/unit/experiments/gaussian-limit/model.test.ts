import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../../src/engine/index.ts';
import type { Engine, EngineKind } from '../../../../src/engine/types.ts';
import { defaultsFor, type LabState } from '../../../../src/experiments/gaussian-limit/state.ts';
import { GaussianLimitRunner, type Snapshot } from '../../../../src/experiments/gaussian-limit/model.ts';
import {
  gramCharlierDensity,
  linearGrid,
  theoryFor,
} from '../../../../src/experiments/gaussian-limit/theory-curves.ts';
import { histogramCsv, sweepCsv } from '../../../../src/experiments/gaussian-limit/charts.ts';

const base: LabState = { ...defaultsFor('cpu'), networks: 10_000, seed: 7 };
const cpu =
  (o: { shortcut?: boolean } = {}) =>
  (kind: EngineKind): Engine =>
    createEngine(kind, 'cpu', o);
const small = { sweepNetworks: 3000, maxSweepWidth: 256, chunkNetworks: 2000 };

/** Trapezoid rule over an even grid. */
function integrate(x: ArrayLike<number>, f: (i: number) => number): number {
  let s = 0;
  for (let i = 1; i < x.length; i++) s += 0.5 * (x[i] - x[i - 1]) * (f(i) + f(i - 1));
  return s;
}

describe('Gram-Charlier first correction', () => {
  it('integrates to 1 with variance K and excess kurtosis kappa4', () => {
    const K = 2.5;
    const k4 = 0.4;
    const x = linearGrid(-14 * Math.sqrt(K), 14 * Math.sqrt(K), 20001);
    const p = (i: number) => gramCharlierDensity(x[i], K, k4);
    expect(integrate(x, p)).toBeCloseTo(1, 10);
    const m2 = integrate(x, (i) => x[i] ** 2 * p(i));
    const m4 = integrate(x, (i) => x[i] ** 4 * p(i));
    expect(m2).toBeCloseTo(K, 9);
    expect(m4 / (m2 * m2) - 3).toBeCloseTo(k4, 9);
  });
});

describe('the Gaussian-limit model against theory (fixed seeds, 4 SE)', () => {
  let snap: Snapshot;
  const snaps: Snapshot[] = [];

  it('ReLU at criticality (shortcut engine): variance and kurtosis match the exact values', async () => {
    const runner = new GaussianLimitRunner(cpu(), small);
    snap = await runner.run(base, (s) => snaps.push(s));
    const t = theoryFor(base);
    expect(t.varianceExact).toBeCloseTo(2, 12); // K_1 (C_W/2)^(L-1) = 2
    const r = snap.readout;
    expect(r.networks).toBe(base.networks);
    expect(Math.abs(r.variance - t.varianceExact!)).toBeLessThan(4 * r.varianceSE);
    expect(Math.abs(r.kurtosisRB - t.kurtosisExact!)).toBeLessThan(4 * r.kurtosisRBSE);
    expect(Math.abs(r.kurtosis - t.kurtosisExact!)).toBeLessThan(4 * r.kurtosisSE);
    // Leading order 3 nu (L-1)/n with nu = 5.
    expect(t.kurtosisLeading).toBeCloseTo((3 * 5 * 4) / 64, 10);
  });

  it('streams: the first snapshot comes after the first chunk, progress only grows, the last is done', () => {
    expect(snaps.length).toBeGreaterThan(2);
    expect(snaps[0].readout.networks).toBeLessThan(base.networks);
    for (let i = 1; i < snaps.length; i++)
      expect(snaps[i].progress).toBeGreaterThanOrEqual(snaps[i - 1].progress);
    expect(snaps[snaps.length - 1]).toBe(snap);
    expect(snap.phase).toBe('done');
    expect(snap.progress).toBe(1);
  });

  it('histogram density and the mixture density integrate to the mass inside +-5 sqrt(K_L)', () => {
    const width = snap.edges[1] - snap.edges[0];
    const mass = snap.density.reduce((a, d) => a + d * width, 0);
    expect(mass + snap.outside).toBeCloseTo(1, 10);
    expect(snap.edges[snap.edges.length - 1]).toBeCloseTo(5 * Math.sqrt(2), 12);
    const mix = integrate(snap.mixture.x, (i) => snap.mixture.y[i]);
    // Binomial SE of the inside fraction bounds the difference between the two estimates.
    const se = Math.sqrt((snap.outside * (1 - snap.outside) + 1e-4) / base.networks);
    expect(Math.abs(mix - (1 - snap.outside))).toBeLessThan(4 * se + 2e-3);
    expect(integrate(snap.gaussian.x, (i) => snap.gaussian.y[i])).toBeCloseTo(1 - 5.733e-7, 4);
  });

  it('width and depth sweeps follow the exact kurtosis 3[(1 + 5/n)^(L-1) - 1] within 4 SE', () => {
    expect(snap.widthSweep.points.map((p) => p.x)).toEqual([2, 4, 8, 16, 32, 64, 128, 256]);
    const exact = (n: number, L: number) => 3 * ((1 + 5 / n) ** (L - 1) - 1);
    // Narrow or deep points have heavy-tailed G, where SEs themselves are unreliable: test L/n <= 0.5.
    for (const p of snap.widthSweep.points.filter((q) => q.x >= 16)) {
      expect(Math.abs(p.kurtosis - exact(p.x, 5))).toBeLessThan(4 * p.kurtosisSE);
    }
    for (const p of snap.depthSweep.points.filter((q) => q.x <= 32)) {
      expect(Math.abs(p.kurtosis - exact(64, p.x))).toBeLessThan(4 * p.kurtosisSE);
    }
    // Theory lines: leading 60/n at L = 5 and the exact product formula.
    snap.widthSweep.leading.x.forEach((n, i) => expect(snap.widthSweep.leading.y[i]).toBeCloseTo(60 / n, 9));
    snap.widthSweep.exact.x.forEach((n, i) => expect(snap.widthSweep.exact.y[i]).toBeCloseTo(exact(n, 5), 9));
  });

  it('linear network through Gaussian conditioning (no shortcut) matches the exact kurtosis 3[(1 + 2/n)^(L-1) - 1]', async () => {
    const s: LabState = { ...base, activation: 'linear', cw: 1, cb: 0, width: 16, depth: 4, networks: 8000 };
    const runner = new GaussianLimitRunner(cpu({ shortcut: false }), {
      sweepNetworks: 500,
      maxSweepWidth: 4,
    });
    const out = await runner.run(s, () => undefined);
    const exact = 3 * ((1 + 2 / 16) ** 3 - 1);
    expect(out.theory.kurtosisExact).toBeCloseTo(exact, 12);
    expect(out.engine).toContain('Gaussian conditioning');
    expect(Math.abs(out.readout.kurtosisRB - exact)).toBeLessThan(4 * out.readout.kurtosisRBSE);
    expect(Math.abs(out.readout.variance - 1)).toBeLessThan(4 * out.readout.varianceSE);
  });

  it('cached sweep points are reused: changing width re-runs only the depth sweep', async () => {
    let runs = 0;
    const counting = (kind: EngineKind): Engine => {
      const e = createEngine(kind, 'cpu');
      return {
        kind: e.kind,
        backend: e.backend,
        describe: (sp) => e.describe(sp),
        estimateCost: (sp, o) => e.estimateCost(sp, o),
        run: (sp, o) => (runs++, e.run(sp, o)),
      };
    };
    const runner = new GaussianLimitRunner(counting, { sweepNetworks: 300, maxSweepWidth: 64 });
    const s = { ...base, networks: 500 };
    await runner.run(s, () => undefined);
    const first = runs;
    expect(first).toBe(1 + 6 + 12); // ensemble + widths 2..64 + 12 depths
    await runner.run({ ...s, width: 128 }, () => undefined);
    expect(runs - first).toBe(1 + 12);
  });

  it('an abort rejects with AbortError and stops the snapshots', async () => {
    const runner = new GaussianLimitRunner(cpu(), { ...small, snapshotMs: 0 });
    const ac = new AbortController();
    let after = 0;
    const p = runner.run(
      { ...base, networks: 200_000 },
      () => {
        if (ac.signal.aborted) after++;
        else ac.abort();
      },
      ac.signal,
    );
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    expect(after).toBe(0);
  });

  it('CSV export holds the plotted data', () => {
    const h = histogramCsv(snap).trim().split('\n');
    expect(h[0]).toBe('series,x_lo,x_hi,density');
    expect(h.filter((l) => l.startsWith('"histogram"')).length).toBe(snap.density.length);
    const w = sweepCsv(snap.widthSweep).trim().split('\n');
    expect(w[0]).toBe('series,width,excess_kurtosis,se,networks');
    expect(w.filter((l) => l.startsWith('"measured"')).length).toBe(snap.widthSweep.points.length);
  });
});

describe('chart configurations', () => {
  const sweep = {
    along: 'width' as const,
    fixed: 5,
    points: [
      { x: 2, networks: 100, kurtosis: 3, kurtosisSE: 0.5 },
      { x: 4096, networks: 100, kurtosis: -0.01, kurtosisSE: 0.02 },
    ],
    leading: { x: [2, 4096], y: [30, 60 / 4096] },
    exact: { x: [], y: [] },
  };

  it('log-log sweeps drop points a log axis cannot show, keep their SEs beside the rest, and omit an empty exact line', async () => {
    const { sweepConfig } = await import('../../../../src/experiments/gaussian-limit/charts.ts');
    const cfg = sweepConfig(sweep);
    const measured = cfg.data.datasets[0] as { data: { x: number; y: number }[]; errorBars: number[] };
    expect(measured.data).toEqual([{ x: 2, y: 3 }]);
    expect(measured.errorBars).toEqual([0.5]);
    expect(cfg.data.datasets.map((d) => d.label)).toEqual(['measured (± 1 SE)', 'leading order 3V/(nK²)']);
    expect(cfg.options!.scales!.x!.type).toBe('logarithmic');
    const tick = (cfg.options!.scales!.y!.ticks as { callback: (v: number) => string }).callback;
    expect([1, 2, 5, 10, 0.02, 3, 7, 1.7, 1e12, 2e5, 5e-4].map((v) => tick(v))).toEqual([
      '1',
      '2',
      '5',
      '10',
      '0.02',
      '',
      '',
      '',
      '1e12',
      '2e5',
      '5e-4',
    ]);
  });
});
