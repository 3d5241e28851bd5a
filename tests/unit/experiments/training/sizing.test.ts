// The Training view's defaults by estimated cost: the ladder rises in cost, the sizes fit the
// budget on each machine (a laptop GPU trains hundreds of networks of width 256 or more, the CPU
// a few dozen narrow ones), a link's depth resizes them, and the calibration moves halfway (in
// logarithm) to what a run measured.
import { describe, expect, it } from 'vitest';
import {
  FIRST_RUN_SECONDS,
  SIZE_LADDER,
  defaultSize,
  estimateRunSeconds,
  estimateStateSeconds,
  estimateSweepSeconds,
  nextCalibration,
  ratesFor,
} from '../../../../src/experiments/training/sizing.ts';
import { CPU_RATES, trainSeconds, trainWork } from '../../../../src/engine/training/train-cost.ts';
import { SWEEP_NETWORKS, sweepShape, sweepWidths } from '../../../../src/experiments/training/run-shape.ts';
import { LONG_RUN_SECONDS } from '../../../../src/lab/run-estimate.ts';
import { parseTraining, trainingDefaults } from '../../../../src/experiments/training/state.ts';

const run = { dataset: 'sine6', depth: 3, steps: 400 };
const cpu = { backend: 'cpu' } as const;
const laptop = { backend: 'webgpu' } as const;
const software = { backend: 'webgpu', software: true } as const;

describe('defaultSize', () => {
  it('climbs a ladder of increasing cost on every machine', () => {
    for (const m of [cpu, laptop, software]) {
      const costs = SIZE_LADDER.map((c) => estimateRunSeconds(run, c.width, c.networks, m));
      for (let i = 1; i < costs.length; i++) expect(costs[i]).toBeGreaterThan(costs[i - 1]);
    }
  });

  it('takes the largest size within the budget, the next one being over it', () => {
    for (const m of [cpu, laptop]) {
      const size = defaultSize(run, m);
      expect(size.seconds).toBeLessThanOrEqual(FIRST_RUN_SECONDS);
      const i = SIZE_LADDER.findIndex((c) => c.width === size.width && c.networks === size.networks);
      const next = SIZE_LADDER[i + 1];
      if (next)
        expect(estimateRunSeconds(run, next.width, next.networks, m)).toBeGreaterThan(FIRST_RUN_SECONDS);
    }
  });

  it('gives a laptop GPU hundreds of wide networks and the CPU a few dozen narrow ones', () => {
    const gpu = defaultSize(run, laptop);
    expect(gpu.width).toBeGreaterThanOrEqual(256);
    expect(gpu.networks).toBeGreaterThanOrEqual(128);
    const c = defaultSize(run, cpu);
    expect(c.width).toBeLessThanOrEqual(64);
    expect(c.networks).toBeLessThan(gpu.networks);
    // SwiftShader is slower than the CPU trainer: no larger than the CPU's.
    expect(defaultSize(run, software).width * defaultSize(run, software).networks).toBeLessThanOrEqual(
      c.width * c.networks,
    );
  });

  it('sizes a deep run smaller, and falls back to the smallest size when nothing fits', () => {
    const deep = defaultSize({ ...run, depth: 20 }, cpu);
    const shallow = defaultSize(run, cpu);
    expect(deep.width * deep.networks).toBeLessThan(shallow.width * shallow.networks);
    expect(defaultSize({ ...run, steps: 5000, depth: 40 }, software)).toMatchObject(SIZE_LADDER[0]);
  });

  it('reads a slower machine (calibration 4) as smaller defaults', () => {
    const slow = defaultSize(run, { ...laptop, calibration: 4 });
    const base = defaultSize(run, laptop);
    expect(slow.width * slow.networks).toBeLessThan(base.width * base.networks);
    expect(ratesFor({ ...cpu, calibration: 4 }).flopsPerSecond).toBe(CPU_RATES.flopsPerSecond / 4);
    expect(ratesFor({ ...cpu, calibration: Number.NaN })).toBe(CPU_RATES);
  });
});

describe('the URL defaults', () => {
  it("size the width and ensemble the link does not give, for the link's depth", () => {
    const bare = parseTraining('#view=training', cpu).state;
    expect(bare).toMatchObject({
      width: defaultSize(run, cpu).width,
      networks: defaultSize(run, cpu).networks,
    });
    const deep = parseTraining('#view=training&depth=20', cpu).state;
    expect(deep).toMatchObject({ depth: 20, width: defaultSize({ ...run, depth: 20 }, cpu).width });
    const given = parseTraining('#view=training&depth=20&width=128&networks=7', cpu).state;
    expect(given).toMatchObject({ width: 128, networks: 7 });
    const { width, networks } = defaultSize(run, laptop);
    expect(trainingDefaults('webgpu')).toMatchObject({ width, networks });
  });

  it('name the sized default in the notice for a bad width', () => {
    const { state, notices } = parseTraining('#view=training&width=0', cpu);
    expect(state.width).toBe(defaultSize(run, cpu).width);
    expect(notices.join(' ')).toContain(`using ${defaultSize(run, cpu).width}`);
  });
});

describe('the width sweep in the estimate', () => {
  const state = { ...run, width: 64, networks: 48, sweep: true };

  it('adds SWEEP_NETWORKS networks at each swept width, at most 100 steps, on the CPU whatever the backend', () => {
    const sweep = estimateSweepSeconds(state, cpu);
    const byHand = sweepWidths(state).reduce(
      (t, w) => t + trainSeconds(trainWork(sweepShape(state, w)), SWEEP_NETWORKS, CPU_RATES),
      0,
    );
    expect(sweep).toBeCloseTo(byHand, 12);
    expect(sweepShape(state, 128)).toMatchObject({ steps: 100, tests: 7, ntkInputs: 13, logEvery: 100 });
    expect(estimateStateSeconds(state, cpu)).toBeCloseTo(estimateRunSeconds(run, 64, 48, cpu) + sweep, 12);
    expect(estimateStateSeconds({ ...state, sweep: false }, cpu)).toBe(estimateRunSeconds(run, 64, 48, cpu));
    // A GPU machine's calibration is the GPU's; the sweep keeps the CPU's rates.
    expect(estimateSweepSeconds(state, { backend: 'webgpu', calibration: 10 })).toBeCloseTo(sweep, 12);
    expect(estimateSweepSeconds(state, { backend: 'cpu', calibration: 2 })).toBeCloseTo(2 * sweep, 6);
  });

  it('a sweep to width 1024 after a deep run on the CPU asks first, which the run alone would not', () => {
    const deep = { ...run, depth: 5 };
    const wide = { ...deep, width: 512, networks: 2, sweep: true };
    expect(estimateRunSeconds(deep, 512, 2, cpu)).toBeLessThan(LONG_RUN_SECONDS);
    expect(estimateStateSeconds(wide, cpu)).toBeGreaterThan(LONG_RUN_SECONDS);
  });
});

describe('nextCalibration', () => {
  it('moves halfway in logarithm and stays in range', () => {
    expect(nextCalibration(1, 4, 1)).toBeCloseTo(2, 12);
    expect(nextCalibration(2, 1, 4)).toBeCloseTo(1, 12);
    expect(nextCalibration(20, 1e6, 1)).toBe(30);
    expect(nextCalibration(1 / 20, 1e-6, 1)).toBe(1 / 30);
  });

  it('ignores runs too short to say anything, and bad timings', () => {
    expect(nextCalibration(1.5, 10, 0.2)).toBe(1.5);
    expect(nextCalibration(1.5, Number.NaN, 3)).toBe(1.5);
    expect(nextCalibration(1.5, 0, 3)).toBe(1.5);
  });
});
