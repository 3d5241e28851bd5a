/**
 * The WebGPU trainer against the CPU trainer on the same seed, value by value within f32
 * tolerance: losses and test outputs at every logged step, the weight change and the final
 * NTK, at widths that are not a multiple of the matmul tile, with bias, L2 and readout-only,
 * and with LayerNorm and dropout (the same masks, drawn on the GPU at the CPU's addresses).
 * Tolerance: f32 rounding (about 6e-8 relative per operation) grows with the width and the
 * steps; 2e-4 relative to the value's scale holds a few hundred steps at these sizes.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { GpuSession } from '../../src/engine/webgpu/session.ts';
import { requestGpu } from '../../src/engine/webgpu/device.ts';
import { GpuTrainer } from '../../src/engine/webgpu/gpu-trainer.ts';
import { trainNetwork, type NetworkTrace, type TrainSpec } from '../../src/engine/training/cpu-trainer.ts';
import { dataset } from '../../src/engine/training/datasets.ts';
import { makeActivation } from '../../src/theory/activations.ts';
import { checked, tryGpu } from './gpu-setup.ts';
import { main, type Io } from '../../src/cli/main.ts';

const gpu = await tryGpu();
const circle6 = dataset('circle6');

function specOf(p: Partial<TrainSpec>): TrainSpec {
  return {
    activation: makeActivation('relu'),
    inputs: circle6.x,
    targets: circle6.y,
    tests: [
      [0.6, 0.8],
      [-0.28, 0.96],
    ],
    width: 13,
    depth: 3,
    cw: 2,
    cb: 0.1,
    eta: 0.3,
    steps: 12,
    logEvery: 4,
    l2: 0,
    l2Target: 'init',
    readoutOnly: false,
    layerNorm: false,
    dropout: 0,
    seed: 5,
    ...p,
  };
}

function expectNear(got: Float64Array, want: Float64Array, scale: number, label: string, rel = 2e-4) {
  expect(got.length, label).toBe(want.length);
  let worst = 0;
  want.forEach(
    (w, i) => (worst = Math.max(worst, Math.abs(got[i] - w) / (rel * Math.max(scale, Math.abs(w))))),
  );
  expect(worst, `${label}: worst error over tolerance`).toBeLessThan(1);
}

/** Every recorded value of the GPU's traces within f32 tolerance of the CPU's, network by network. */
function expectSameTraces(gpuTraces: NetworkTrace[], cpuTraces: NetworkTrace[], label: string) {
  expect(gpuTraces).toHaveLength(cpuTraces.length);
  gpuTraces.forEach((g, n) => {
    const c = cpuTraces[n];
    expect(g.divergedAt, label).toBe(-1);
    expectNear(g.loss, c.loss, c.loss[0], `${label} net ${n} loss`);
    expectNear(g.test, c.test, 1, `${label} net ${n} test outputs`);
    expectNear(
      g.weightChange,
      c.weightChange,
      Math.max(...c.weightChange),
      `${label} net ${n} weight change`,
    );
    expectNear(g.ntkStart, c.ntkStart, c.ntkStart[0], `${label} net ${n} NTK at start`);
    expectNear(g.ntkEnd, c.ntkEnd, c.ntkEnd[0], `${label} net ${n} NTK at the end`);
  });
}

/** `widelab argv` through main(), as a user runs it: exit 0, and its JSON. */
async function cliJson(argv: string[]): Promise<unknown> {
  let out = '';
  const io: Io = { stdout: (t) => (out += t), stderr: () => {}, stderrIsTTY: false };
  expect(await main(argv, io), argv.join(' ')).toBe(0);
  return JSON.parse(out);
}

describe.skipIf(!gpu)('WebGPU trainer', () => {
  const session = new GpuSession({ device: gpu?.device, requestDevice: () => requestGpu() });
  afterAll(() => {
    session.destroy();
    gpu?.device.destroy();
  });

  async function both(spec: TrainSpec, networks: number, chunkNetworks?: number, direct?: boolean) {
    const trainer = new GpuTrainer(session, { dense: { direct } });
    const gpuTraces: NetworkTrace[] = [];
    await checked(session.gpu?.device ?? (await session.context()).device, async () => {
      for await (const chunk of trainer.run(spec, networks, { chunkNetworks })) gpuTraces.push(...chunk);
    });
    const cpuTraces = Array.from({ length: networks }, (_, n) => trainNetwork(spec, n));
    return { gpuTraces, cpuTraces };
  }

  it('trains the same networks as the CPU: losses, test outputs, weight change and NTK agree within f32 tolerance', async () => {
    for (const p of [
      { width: 13, depth: 3 },
      { width: 37, depth: 2, cb: 0 },
      { width: 20, depth: 4, activation: makeActivation('tanh'), l2: 0.05 },
      { width: 17, depth: 3, readoutOnly: true, l2: 0.1, l2Target: 'zero' as const },
      // The Training view's NTK on the training inputs only (N x N).
      { width: 13, depth: 3, ntkInputs: 'train' as const },
    ]) {
      const spec = specOf(p);
      const label = JSON.stringify({ ...p, activation: spec.activation.id });
      // Chunks of 2 networks: chunk boundaries and network offsets are exercised.
      const { gpuTraces, cpuTraces } = await both(spec, 5, 2);
      expect(gpuTraces).toHaveLength(5);
      expectSameTraces(gpuTraces, cpuTraces, label);
    }
    // The tiled matmul (what a GPU runs; this software adapter defaults to the untiled one) too.
    const spec = specOf({ width: 37, depth: 3 });
    const tiled = await both(spec, 3, 2, false);
    expectSameTraces(tiled.gpuTraces, tiled.cpuTraces, 'tiled matmul, width 37');
  });

  it('a hidden layer wide enough that the GPU sums its weight change in several runs per invocation agrees with the CPU', async () => {
    // 150 x 150 = 22,500 weights: over 256 terms for each of the weight_change kernel's 64 invocations.
    const spec = specOf({ width: 150, depth: 3, steps: 3, logEvery: 3 });
    const { gpuTraces, cpuTraces } = await both(spec, 2);
    expect(cpuTraces[0].weightChange[1]).toBeGreaterThan(0);
    expectSameTraces(gpuTraces, cpuTraces, 'width 150');
  });

  it('LayerNorm, dropout and both train the same networks as the CPU (same masks each step; logged steps without the mask), widths off the tile', async () => {
    for (const p of [
      { width: 13, depth: 3, layerNorm: true },
      { width: 17, depth: 3, dropout: 0.2 },
      { width: 37, depth: 4, layerNorm: true, dropout: 0.1, activation: makeActivation('tanh'), l2: 0.05 },
      // No bias and a zero test input: its preactivations are exactly 0, which LayerNorm leaves 0 (the
      // Training view's sine6 grid has x = 0 and the lecture's presets C_b = 0).
      {
        width: 13,
        depth: 3,
        layerNorm: true,
        cb: 0,
        tests: [
          [0, 0],
          [0.6, 0.8],
        ],
      },
    ]) {
      // 10 steps logged at 0, 3, 6, 9 and 10: with dropout, logged steps run the extra unmasked pass.
      const spec = specOf({ ...p, steps: 10, logEvery: 3 });
      const label = JSON.stringify({ ...p, activation: spec.activation.id });
      const { gpuTraces, cpuTraces } = await both(spec, 3, 2);
      expectSameTraces(gpuTraces, cpuTraces, label);
      if (spec.dropout > 0) {
        // The masks matter at this tolerance: without them the CPU trains visibly different networks.
        const plain = trainNetwork({ ...spec, dropout: 0 }, 0);
        const apart = Math.max(
          ...plain.weightChange.map((w, l) => Math.abs(w - cpuTraces[0].weightChange[l]) / w),
        );
        expect(apart, `${label}: dropout changes the training`).toBeGreaterThan(1e-2);
      }
    }
  });

  it("the GPU's initial weights, drawn on the GPU, are the CPU's: with no steps the NTK (on the GPU, at the start and the end alike) is the CPU's initial NTK", async () => {
    for (const p of [
      { width: 13, depth: 3 },
      { width: 37, depth: 2, cb: 0.3 },
    ]) {
      const spec = specOf({ ...p, steps: 0, logEvery: 1 });
      const { gpuTraces, cpuTraces } = await both(spec, 3, 2);
      gpuTraces.forEach((g, n) => {
        const c = cpuTraces[n];
        expectNear(
          g.ntkEnd,
          c.ntkStart,
          c.ntkStart[0],
          `width ${p.width} net ${n} NTK of the GPU's initial weights`,
        );
        expect(Array.from(g.ntkStart)).toEqual(Array.from(g.ntkEnd));
        expectNear(g.loss, c.loss, c.loss[0], `width ${p.width} net ${n} initial loss`);
        expect(Array.from(g.weightChange)).toEqual(Array.from({ length: spec.depth }, () => 0));
      });
    }
  });

  it('a linear network far above criticality diverges on both at the same step, and the run finishes', async () => {
    // Linear units cannot die (a ReLU network kicked hard enough can go quiet instead of overflowing).
    const spec = specOf({
      activation: makeActivation('linear'),
      width: 16,
      depth: 20,
      cw: 1.5,
      cb: 0,
      eta: 0.1,
      steps: 40,
      logEvery: 1,
    });
    const { gpuTraces, cpuTraces } = await both(spec, 3);
    gpuTraces.forEach((g, n) => {
      expect(cpuTraces[n].divergedAt).toBeGreaterThanOrEqual(0);
      expect(g.divergedAt).toBe(cpuTraces[n].divergedAt);
    });
  });

  it('divergence is checked every step, as on the CPU: the same step between logged steps, the same records before it, and the weights stop there', async () => {
    // Linear, C_W = 2, eta = 1: the loss overflows within a few steps, at steps 3-7 depending on
    // the network, jumping from at most ~1e19 to beyond 1e30 in one step (so f32 rounding cannot
    // move the step); logged every 3 steps, most land between logged steps. With dropout the
    // unmasked and the masked pass are both checked (network 0 diverges at step 5 there).
    for (const p of [
      { cw: 2, eta: 1 },
      { cw: 1, eta: 3, dropout: 0.2 },
    ]) {
      const spec = specOf({ ...p, activation: makeActivation('linear'), width: 16, steps: 20, logEvery: 3 });
      const label = JSON.stringify(p);
      const { gpuTraces, cpuTraces } = await both(spec, 4, 3);
      const between = cpuTraces.filter((c) => c.divergedAt >= 0 && c.divergedAt % 3 !== 0).length;
      expect(between, `${label}: networks diverged between logged steps`).toBeGreaterThan(0);
      gpuTraces.forEach((g, n) => {
        const c = cpuTraces[n];
        expect(g.divergedAt, `${label} net ${n}`).toBe(c.divergedAt);
        if (c.divergedAt < 0) return;
        // Not a close call: the CPU's loss one step earlier is far below the 1e30 bound.
        const everyStep = trainNetwork({ ...spec, logEvery: 1 }, n);
        expect(everyStep.divergedAt).toBe(c.divergedAt);
        expect(everyStep.loss[c.divergedAt - 1], `${label} net ${n}`).toBeLessThan(1e25);
        // NaN exactly where the CPU's are (from the step it diverged), the values before it close.
        expect(Array.from(g.loss, Number.isNaN)).toEqual(Array.from(c.loss, Number.isNaN));
        expect(Array.from(g.test, Number.isNaN)).toEqual(Array.from(c.test, Number.isNaN));
        // The unstable dynamics amplify f32 rounding by up to the loss's growth per step (1e3 and
        // more here) before it overflows: 10x the stable runs' tolerance (errors seen: up to 3e-4).
        const finite = (v: Float64Array) => v.filter((x) => !Number.isNaN(x));
        const rel = 2e-3;
        expectNear(finite(g.loss), finite(c.loss), c.loss[0], `${label} net ${n} loss`, rel);
        expectNear(finite(g.test), finite(c.test), 1, `${label} net ${n} test outputs`, rel);
        // The GPU leaves a diverged network's weights where the CPU stopped it (else they are
        // infinite or NaN by the end, and so is the weight change).
        const scale = Math.max(...c.weightChange);
        expectNear(g.weightChange, c.weightChange, scale, `${label} net ${n} weight change`, rel);
        expect(Array.from(g.ntkEnd).every(Number.isNaN)).toBe(true);
      });
    }
  });

  it('progress is monotone within and across chunks and reaches the total; an abort mid-run stops it with AbortError', async () => {
    const spec = specOf({ width: 9, depth: 2, steps: 30, logEvery: 3 });
    const trainer = new GpuTrainer(session);
    const seen: number[] = [];
    for await (const _ of trainer.run(spec, 5, { chunkNetworks: 2, onProgress: (d, t) => seen.push(d / t) }))
      void _;
    // At least one report per logged step of each of the 3 chunks.
    expect(seen.length).toBeGreaterThanOrEqual(3 * 11);
    seen.forEach((v, i) => expect(v).toBeGreaterThanOrEqual(i > 0 ? seen[i - 1] : 0));
    expect(seen[seen.length - 1]).toBe(1);

    const controller = new AbortController();
    const after: number[] = [];
    const chunks: unknown[] = [];
    const running = (async () => {
      for await (const c of new GpuTrainer(session).run(spec, 5, {
        chunkNetworks: 2,
        signal: controller.signal,
        onProgress: (d) => {
          if (controller.signal.aborted) after.push(d);
          else controller.abort();
        },
      }))
        chunks.push(c);
    })();
    await expect(running).rejects.toMatchObject({ name: 'AbortError', message: 'the run was cancelled' });
    // The first report aborted it: no chunk finished and no submission reported after it.
    expect(chunks).toHaveLength(0);
    expect(after).toHaveLength(0);
  });

  it("widelab ntk --backend webgpu prints the CPU's ensemble NTK within f32 tolerance, network for network", async () => {
    const run = async (backend: string) => {
      const argv = [
        'ntk',
        '--width',
        '19',
        '--depth',
        '3',
        '--cb',
        '0.1',
        '--networks',
        '7',
        '--backend',
        backend,
      ];
      return (await cliJson(argv)) as {
        mean: number[][];
        variance: number[][];
        backend: string;
        adapter: { type: string };
      };
    };
    const [g, c] = [await run('webgpu'), await run('cpu')];
    expect([g.backend, g.adapter.type]).toEqual(['webgpu', 'webgpu']);
    // The same 7 networks: their mean and their spread agree to f32 rounding, not within an SE.
    // Each network's Theta is within 2e-4 of the scale; the variance, of deviations with an sd of
    // about 0.76 of the scale here, moves by at most 2 x 2e-4 / 0.76 = 5e-4 of itself: 1e-3 is twice that.
    const scale = c.mean[0][0];
    expectNear(Float64Array.from(g.mean.flat()), Float64Array.from(c.mean.flat()), scale, 'mean');
    expectNear(
      Float64Array.from(g.variance.flat()),
      Float64Array.from(c.variance.flat()),
      c.variance[0][0],
      'variance',
      1e-3,
    );
    expect(c.variance[0][0]).toBeGreaterThan(1e-4 * scale ** 2);
  });

  it('widelab train --widths on WebGPU gives the CPU sweep: every point within f32 tolerance, the same slopes', async () => {
    const run = async (backend: string) => {
      const argv = ['train', '--activation', 'tanh', '--cw', '1', '--cb', '0.1', '--widths', '16,32,64'];
      const more = [
        '--depth',
        '3',
        '--steps',
        '8',
        '--networks',
        '3',
        '--test-points',
        '0.3,0.9',
        '--backend',
        backend,
      ];
      type Point = {
        weightChange: { mean: number }[];
        ntkChange: { mean: number };
        linearizationDistance: { mean: number };
      };
      return (await cliJson([...argv, ...more])) as {
        points: Point[];
        slopes: { ntkChange: { slope: number } };
        backend: string;
      };
    };
    const [g, c] = [await run('webgpu'), await run('cpu')];
    expect(g.backend).toBe('webgpu');
    // Each series is a difference of f32 values (a weight, kernel or output change of 5e-3 to 0.2
    // of its scale, so rounding weighs up to 200x more in it than in the values): within the
    // trainer's 2e-4 all the same at 8 steps (1.2e-5 seen).
    const series = (r: typeof g) =>
      Float64Array.from(
        r.points.flatMap((p) => [
          ...p.weightChange.map((w) => w.mean),
          p.ntkChange.mean,
          p.linearizationDistance.mean,
        ]),
      );
    const want = series(c);
    const got = series(g);
    want.forEach((w, i) =>
      expect(Math.abs(got[i] - w), `series value ${i}`).toBeLessThan(2e-4 * Math.abs(w)),
    );
    expect(Math.abs(g.slopes.ntkChange.slope - c.slopes.ntkChange.slope)).toBeLessThan(1e-2);
  });

  it("widelab train --backend webgpu prints the CPU run's numbers within f32 tolerance, and its adapter, also with --norm layer --dropout 0.1", async () => {
    const run = async (backend: string, extra: string[] = []) => {
      const argv = [
        'train',
        '--width',
        '24',
        '--depth',
        '3',
        '--networks',
        '6',
        '--steps',
        '10',
        '--log-every',
        '5',
        '--backend',
        backend,
        ...extra,
      ];
      return (await cliJson(argv)) as {
        loss: { mean: number[] };
        test: { mean: number[] }[];
        backend: string;
        adapter: { type: string };
      };
    };
    const g = await run('webgpu');
    const c = await run('cpu');
    expect(g.backend).toBe('webgpu');
    expect(g.adapter.type).toBe('webgpu');
    expectNear(Float64Array.from(g.loss.mean), Float64Array.from(c.loss.mean), c.loss.mean[0], 'loss');
    expectNear(Float64Array.from(g.test[0].mean), Float64Array.from(c.test[0].mean), 1, 'test mean');
    const modified = ['--norm', 'layer', '--dropout', '0.1'];
    const gm = await run('webgpu', modified);
    const cm = await run('cpu', modified);
    expectNear(
      Float64Array.from(gm.loss.mean),
      Float64Array.from(cm.loss.mean),
      cm.loss.mean[0],
      'loss, LN + dropout',
    );
    expectNear(
      Float64Array.from(gm.test[0].mean),
      Float64Array.from(cm.test[0].mean),
      1,
      'test mean, LN + dropout',
    );
  });
});
