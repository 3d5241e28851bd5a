/**
 * The Training view's models: its URL state (defaults by backend, view-only step and test point),
 * the infinite-width band against exact identities of THEORY.md 6a (the prior at step 0; each
 * eigenmode of Theta_XX decaying as (1 - eta lambda/N)^k, fluctuation included), a small
 * ensemble trained on the CPU against it, the histogram's normalization, and the lecture's
 * C_W = 1, 2, 3 presets (frozen, trains, diverges).
 */
import { describe, expect, it } from 'vitest';
import {
  eigenmodes,
  lecturePreset,
  runTraining,
  theoryBand,
  trainingAxis,
  trainingSetup,
} from '../../../../src/experiments/training/model.ts';
import {
  lossSeries,
  modeResiduals,
  outputDistribution,
  outputsAt,
  stepIndex,
} from '../../../../src/experiments/training/readout.ts';
import {
  TRAINING_URL,
  trainingDefaults,
  type TrainingState,
} from '../../../../src/experiments/training/state.ts';
import { cpuTrainer } from '../../../../src/engine/training/trainer-source.ts';
import { dataset } from '../../../../src/engine/training/datasets.ts';

const small = (patch: Partial<TrainingState> = {}): TrainingState => ({
  ...trainingDefaults('cpu'),
  width: 32,
  networks: 12,
  steps: 40,
  step: 40,
  ...patch,
});

describe('training state', () => {
  it('sizes its defaults by backend and reads a link field by field', () => {
    expect(trainingDefaults('webgpu').width).toBe(256);
    expect(trainingDefaults('cpu').width).toBeLessThan(256);
    const { state, notices } = TRAINING_URL.parse('#view=training&steps=100&width=abc&step=500', 'cpu');
    expect(state.steps).toBe(100);
    expect(state.step).toBe(100);
    expect(state.width).toBe(trainingDefaults('cpu').width);
    expect(notices).toHaveLength(1);
    expect(TRAINING_URL.parse('#view=training&steps=100', 'cpu').state.step).toBe(100);
    expect(TRAINING_URL.parse('#view=training&activation=softmax', 'cpu').notices).toHaveLength(1);
    const round = TRAINING_URL.parse(TRAINING_URL.format(state), 'cpu').state;
    expect(round).toEqual(state);
  });

  it('the step, test point and comparison are view-only: the same run', () => {
    const a = small();
    expect(TRAINING_URL.sameRun(a, { ...a, step: 0, point: 3, compare: true })).toBe(true);
    expect(TRAINING_URL.sameRun(a, { ...a, steps: 41 })).toBe(false);
  });
});

describe('the infinite-width band', () => {
  it('at step 0 is the prior N(0, K) on the grid', () => {
    const setup = trainingSetup(small());
    const r = theoryBand(setup, false, 0);
    if (!('band' in r)) throw new Error(r.none);
    const K = setup.kernels!.K;
    r.band.mean[0].forEach((m, g) => {
      expect(m).toBe(0);
      expect(r.band.sd[0][g]).toBeCloseTo(Math.sqrt(K[6 + g][6 + g]), 12);
    });
    expect(r.band.trainLoss[0]).toBeCloseTo(
      dataset('sine6').y.reduce((s, y, i) => s + y * y + K[i][i], 0) / 12,
      12,
    );
  });

  it('each eigenmode of Theta_XX shrinks exactly as (1 - eta lambda/N)^k, its fluctuation included', () => {
    for (const name of ['sine6', 'circle6'] as const) {
      const setup = trainingSetup(small({ dataset: name }));
      const modes = eigenmodes(setup, false);
      expect(modes.length).toBeGreaterThan(0);
      const r = theoryBand(setup, false, 0);
      if (!('band' in r)) throw new Error(r.none);
      const fake = {
        steps: setup.steps,
        modes,
        data: { y: setup.data.y },
        theory: r,
        networks: 0,
        grid: setup.axis.coordinate.length,
        tests: setup.spec.tests.length,
        outputs: new Float32Array(0),
      } as unknown as Parameters<typeof modeResiduals>[0];
      const th = modeResiduals(fake).theory!;
      modes.forEach((mode, i) =>
        setup.steps.forEach((k, s) => {
          const want = th[i][0] * Math.abs(1 - mode.rate) ** k;
          expect(Math.abs(th[i][s] - want)).toBeLessThan(1e-8 * th[i][0]);
        }),
      );
    }
  });

  it('the grid: x on the line for sine6, the angle for circle6', () => {
    const a = trainingAxis(dataset('sine6'));
    expect(a.kind).toBe('x');
    expect(a.inputs[20][0]).toBeCloseTo(0, 14);
    const c = trainingAxis(dataset('circle6'));
    expect(c.kind).toBe('angle');
    expect(c.dataCoordinate).toEqual(
      dataset('circle6').x.map((_, k) => expect.closeTo((k * Math.PI) / 3, 12)),
    );
  });
});

describe('smooth activations', () => {
  it('tanh at criticality: the band comes from the series kernels, and a CPU ensemble trains onto it', async () => {
    const s = small({ activation: 'tanh', cw: 1, cb: 0, width: 128, networks: 48, steps: 60, step: 60 });
    const setup = trainingSetup(s);
    expect(setup.kernels).not.toBeNull();
    expect(setup.warnings).toEqual([]);
    const r = theoryBand(setup, false, 0);
    if (!('band' in r)) throw new Error(r.none);
    const snap = await runTraining(s, cpuTrainer(), () => {});
    const last = snap.steps.length - 1;
    for (const g of [8, 23, 38]) {
      for (const [step, tol] of [
        [0, 0],
        [last, 0.05],
      ] as const) {
        const xs = outputsAt(snap, step, g);
        const m = xs.reduce((a, b) => a + b, 0) / xs.length;
        const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
        const sd = r.band.sd[step][g];
        // Mean within 4 SE plus a finite-width allowance (O(1/n) at n = 128) once trained.
        expect(Math.abs(m - r.band.mean[step][g])).toBeLessThan(4 * Math.sqrt(v / xs.length) + tol);
        // Sample variance within 4 of its SEs, plus 3/n of the prior's (finite-width corrections
        // are O(1/n) of the kernel's scale, which training does not shrink).
        const prior = r.band.sd[0][g] ** 2;
        expect(Math.abs(v - sd * sd)).toBeLessThan(4 * Math.sqrt(2 / 47) * sd * sd + (3 / 128) * prior);
      }
    }
  });

  it('where C_W saturates the kernel too far to compute here, trains without the band and says why', () => {
    // tanh at C_W = 30: K ~ 30 at every layer, about 4 s of series on the 53 inputs.
    const s = small({ activation: 'tanh', cw: 30, cb: 0, depth: 3 });
    const setup = trainingSetup(s);
    expect(setup.kernels).toBeNull();
    expect(setup.warnings).toEqual([]);
    const band = theoryBand(setup, false, 0);
    expect('none' in band && band.none).toMatch(/tanh kernel reaches K = \d.*about \d+ s.*npx widelab train/);
    // The six training inputs alone are affordable: eta_max and the eigenmodes stay.
    expect(setup.trainKernels).not.toBeNull();
    expect(Number.isFinite(setup.etaMax)).toBe(true);
    expect(eigenmodes(setup, false).length).toBeGreaterThan(0);
    // At C_W = 100 and depth 8 not even those: an absolute learning rate is asked for, and taken.
    const far = trainingSetup({ ...s, cw: 100, depth: 8 });
    expect(far.trainKernels).toBeNull();
    expect(far.warnings.join(' ')).toMatch(/absolute learning rate/);
    const given = trainingSetup({ ...s, cw: 100, depth: 8, lr: 0.01 });
    expect(given.eta).toBe(0.01);
    expect(given.warnings).toEqual([]);
    expect(theoryBand(given, false, 0)).toHaveProperty('none');
  });
});

describe('a small ensemble on the CPU', () => {
  it('starts as the prior and is recorded network by network', async () => {
    const s = small({ networks: 40 });
    const snaps: number[] = [];
    const snap = await runTraining(s, cpuTrainer(), (x) => snaps.push(x.networks));
    expect(snaps[0]).toBe(0);
    expect(snaps.at(-1)).toBe(40);
    const setup = trainingSetup(s);
    // At initialization the outputs at a grid point are N(0, K) up to 1/n: mean within 4 SE.
    for (const g of [5, 20, 35]) {
      const xs = outputsAt(snap, 0, g);
      const m = xs.reduce((a, b) => a + b, 0) / xs.length;
      const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
      expect(Math.abs(m)).toBeLessThan(4 * Math.sqrt(v / xs.length));
      const K = setup.kernels!.K[6 + g][6 + g];
      // Sample variance within 4 of its SEs (sqrt(2/(n-1)) sigma^2) plus 1/n for width 32.
      expect(Math.abs(v - K)).toBeLessThan(4 * Math.sqrt(2 / 39) * K + (3 / 32) * K);
    }
    // Training lowers every network's loss.
    const loss = lossSeries(snap);
    expect(loss.mean.at(-1)!).toBeLessThan(0.2 * loss.mean[0]);
    expect(stepIndex(snap, 39.6)).toBe(snap.steps.length - 1);
    expect(stepIndex(snap, 0)).toBe(0);
    // Both histograms are densities.
    const d = outputDistribution(snap, snap.steps.length - 1, 30);
    for (const [edges, density] of [
      [d.initEdges, d.init],
      [d.trainedEdges, d.trained],
    ] as const)
      expect(density.reduce((a, p, i) => a + p * (edges[i + 1] - edges[i]), 0)).toBeCloseTo(1, 10);
  });

  it("the lecture's presets at one learning rate: C_W = 1 frozen, 2 trains, 3 diverges", async () => {
    const base = small({ networks: 3, steps: 30, width: 64 });
    const run = async (c: 1 | 2 | 3) =>
      runTraining({ ...base, ...lecturePreset(c, base) }, cpuTrainer(), () => {});
    const lr = lecturePreset(1, base).lr;
    expect(lecturePreset(3, base).lr).toBe(lr);
    const frozen = lossSeries(await run(1));
    expect(frozen.mean.at(-1)! / frozen.mean[0]).toBeGreaterThan(0.99);
    const trains = lossSeries(await run(2));
    expect(trains.mean.at(-1)! / trains.mean[0]).toBeLessThan(0.9);
    const diverged = await run(3);
    expect(Array.from(diverged.divergedAt).every((k) => k >= 0)).toBe(true);
    // At infinite width too: the rate is far above eta_max, said as a warning; the prediction blows up or overflows.
    expect(diverged.warnings.join(' ')).toMatch(/above η_max/);
    const th = diverged.theory;
    if ('band' in th) expect(th.band.trainLoss.at(-1)!).toBeGreaterThan(1e10 * th.band.trainLoss[0]);
  });

  it("C_W = 3 with LayerNorm at the same rate: no network diverges, the loss falls, and the prediction is the normalized kernels'", async () => {
    const base = small({ networks: 3, steps: 30, width: 64 });
    const preset = lecturePreset(3, base, true);
    expect(preset.lr).toBe(lecturePreset(2, base).lr);
    const state = { ...base, ...preset };
    const rescued = await runTraining(state, cpuTrainer(), () => {});
    expect(Array.from(rescued.divergedAt).every((k) => k < 0)).toBe(true);
    const loss = lossSeries(rescued);
    expect(loss.mean.at(-1)! / loss.mean[0]).toBeLessThan(0.5);
    expect(rescued.warnings).toEqual([]);
    const th = rescued.theory;
    if (!('band' in th)) throw new Error(`no prediction with LayerNorm: ${th.none}`);
    // The normalized kernel is C_b + C_W E relu(u)^2 = 1.5 at every layer past the first, whatever the depth.
    const setup = trainingSetup(state);
    expect(setup.kernels!.K[0][0]).toBeCloseTo(1.5, 10);
    expect(setup.etaMax).toBeGreaterThan(preset.lr!);
    expect(th.band.trainLoss.at(-1)!).toBeLessThan(th.band.trainLoss[0]);
  });
});
