/**
 * The WebGPU explicit engine's gradient norms (RunOptions.gradients: the backward pass of
 * shaders/explicit_backward.wgsl with the weights regenerated on the GPU) against the CPU
 * explicit engine's, value by value: every network, every layer, relative 1e-4 (f32 against
 * float64). Widths not a multiple of the workgroup or of a Philox block, depth 1 to 6, k = 1
 * and 2 (and 4), every normalization, dropout, and layers split into column ranges.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { collect } from '../../src/engine/index.ts';
import { ExplicitCpuEngine } from '../../src/engine/cpu/explicit-cpu.ts';
import { resolveSpec, type RunSpec, type SpecInput } from '../../src/engine/spec.ts';
import { ExplicitWebGpuEngine } from '../../src/engine/webgpu/index.ts';
import { requestGpu } from '../../src/engine/webgpu/device.ts';
import { checked, tryGpu } from './gpu-setup.ts';

const gpu = await tryGpu();

/** The spec, or with `k4` the same with four inputs of unequal norms and correlations. */
function spec(input: SpecInput, k4 = false): RunSpec {
  const s = resolveSpec(input);
  if (!k4) return s;
  // Diagonally dominant (off-diagonal row sums < 1 <= diagonal), hence positive definite.
  const g = Array.from({ length: 4 }, (_, a) =>
    Array.from({ length: 4 }, (_, b) =>
      a === b ? 1 + 0.2 * a : (0.3 * (-1) ** (a + b)) / (1 + Math.abs(a - b)),
    ),
  );
  return { ...s, model: { ...s.model, inputGram: g, inputDim: 4 } };
}

/**
 * max over values of |gpu - cpu| / |cpu|, gradientNorms laid out [network][layer]. A CPU value
 * below 1e-12 of its network's largest is zero in exact arithmetic (batch norm over two inputs
 * passes no gradient: u = +-1 makes g - mean(g) - u mean(g u) vanish), left as float64
 * rounding: there the GPU's must be below 1e-6 of the largest (f32 rounding), and the count of
 * such values is returned beside the worst error.
 */
function compareNorms(
  gpuValues: Float64Array,
  cpuValues: Float64Array,
  depth: number,
  label: string,
): { worst: number; zeros: number } {
  expect(gpuValues.length, label).toBe(cpuValues.length);
  let worst = 0;
  let zeros = 0;
  for (let net = 0; net < cpuValues.length / depth; net++) {
    let largest = 0;
    for (let l = 0; l < depth; l++) largest = Math.max(largest, cpuValues[net * depth + l]);
    expect(largest, `${label}: network ${net}`).toBeGreaterThan(0);
    for (let l = 0; l < depth; l++) {
      const i = net * depth + l;
      const at = `${label}: network ${net} layer ${l + 1}: ${gpuValues[i]} vs ${cpuValues[i]}`;
      expect(Number.isFinite(gpuValues[i]), at).toBe(true);
      if (cpuValues[i] < 1e-12 * largest) {
        expect(gpuValues[i], at).toBeLessThan(1e-6 * largest);
        zeros++;
      } else {
        worst = Math.max(worst, Math.abs(gpuValues[i] - cpuValues[i]) / cpuValues[i]);
      }
    }
  }
  return { worst, zeros };
}

describe.skipIf(!gpu)('WebGPU explicit engine: gradient norms equal the CPU engine', () => {
  const options = { device: gpu?.device, requestDevice: () => requestGpu() };
  const engine = new ExplicitWebGpuEngine(options);
  const cpu = new ExplicitCpuEngine();
  afterAll(() => gpu?.device.destroy());

  /** Returns how many gradient norms are zero in exact arithmetic (compareNorms). */
  async function compare(s: RunSpec, gpuEngine = engine): Promise<number> {
    const g = await checked(gpu!.device, () => collect(gpuEngine, s, { gradients: true, layerStats: true }));
    const c = await collect(cpu, s, { gradients: true, layerStats: true, threads: 1 });
    const m = s.model;
    const label = `${m.activation.id} widths ${m.hiddenWidths} k ${m.inputGram.length} norm ${m.normalization} p ${m.dropout} cb ${m.cb}`;
    expect(g.perLayer.gradientNorms, label).toBeDefined();
    expect(g.perLayer.gradientNorms!.length).toBe(s.networks * (m.hiddenWidths.length + 1));
    const depth = m.hiddenWidths.length + 1;
    const { worst, zeros } = compareNorms(
      g.perLayer.gradientNorms!,
      c.perLayer.gradientNorms!,
      depth,
      `${label}: gradientNorms`,
    );
    expect(worst, `${label}: gradientNorms`).toBeLessThan(1e-4);
    // The forward values are unchanged by keeping every layer on the GPU.
    const forward = compareNorms(
      g.perLayer.layerNorms!,
      c.perLayer.layerNorms!,
      depth * m.inputGram.length,
      `${label}: layerNorms`,
    );
    expect(forward.worst, `${label}: layerNorms`).toBeLessThan(1e-4);
    expect(forward.zeros).toBe(0);
    return zeros;
  }

  it('relu and tanh, widths 17, 33, 64, depth 2 to 6, k = 1 and 2', async () => {
    await compare(spec({ activation: 'relu', widths: [17], networks: 5, seed: 31, cw: 2 }));
    await compare(spec({ activation: 'tanh', widths: [33, 17], networks: 4, seed: 32, cb: 0.1, cw: 1.5 }));
    await compare(
      spec({
        activation: 'relu',
        widths: [64, 33, 17, 64, 33],
        networks: 3,
        seed: 33,
        cw: 2,
        inputsCorrelation: 0.4,
      }),
    );
    await compare(
      spec({
        activation: 'tanh',
        widths: [17, 64, 33],
        networks: 3,
        seed: 34,
        cb: 0.05,
        inputsCorrelation: -0.6,
      }),
    );
    await compare(spec({ activation: 'relu', widths: [33, 33], networks: 70, seed: 35, cb: 0.2, cw: 2 }));
  });

  it('the other activations, depth 1, four inputs', async () => {
    for (const activation of ['linear', 'leaky-relu:0.2', 'erf', 'gelu', 'swish', 'sigmoid', 'sin']) {
      await compare(
        spec({
          activation,
          widths: [19, 33],
          networks: 3,
          seed: 36,
          cb: 0.1,
          cw: 1.5,
          inputsCorrelation: 0.3,
        }),
      );
    }
    await compare(
      spec({ activation: 'tanh', depth: 1, width: 8, networks: 4, seed: 37, inputsCorrelation: 0.5 }),
    );
    await compare(spec({ activation: 'gelu', widths: [21, 18], networks: 3, seed: 38, cb: 0.1 }, true));
  });

  it('layer, RMS and batch normalization, dropout', async () => {
    await compare(
      spec({
        activation: 'relu',
        widths: [33, 17, 40],
        networks: 4,
        seed: 39,
        cw: 2,
        norm: 'layer',
        inputsCorrelation: 0.4,
      }),
    );
    await compare(
      spec({
        activation: 'tanh',
        widths: [17, 64],
        networks: 4,
        seed: 40,
        cb: 0.1,
        norm: 'rms',
        dropout: 0.3,
      }),
    );
    // Two inputs: no gradient passes batch norm, so W_1 and W_2 get none (2 layers x 4 networks).
    expect(
      await compare(
        spec({
          activation: 'tanh',
          widths: [29, 33],
          networks: 4,
          seed: 41,
          norm: 'batch',
          inputsCorrelation: 0.3,
        }),
      ),
    ).toBe(8);
    expect(
      await compare(
        spec(
          {
            activation: 'gelu',
            widths: [33, 17],
            networks: 3,
            seed: 42,
            cb: 0.1,
            norm: 'batch',
            dropout: 0.2,
            inputsCorrelation: 0.1,
          },
          true,
        ),
      ),
    ).toBe(0);
    await compare(
      spec({
        activation: 'relu',
        widths: [64, 33, 17],
        networks: 4,
        seed: 43,
        cw: 2,
        dropout: 0.5,
        inputsCorrelation: 0.2,
      }),
    );
    await compare(
      spec(
        {
          activation: 'swish',
          widths: [23, 42],
          networks: 3,
          seed: 44,
          dropout: 0.2,
          norm: 'layer',
          cb: 0.1,
        },
        true,
      ),
    );
  });

  it('a backward layer split into column ranges equals the CPU engine', async () => {
    const split = new ExplicitWebGpuEngine({ ...options, maxRowsPerDispatch: 10 });
    const s = spec({
      activation: 'tanh',
      widths: [37, 70],
      networks: 5,
      seed: 45,
      inputsCorrelation: 0.3,
      norm: 'layer',
      cb: 0.1,
    });
    await compare(s, split);
    // Columns of W_2 (37 units, 8 per range) and W_3 (70): 5 + 9 ranges at least.
    expect(split.backwardDispatches).toBeGreaterThanOrEqual(5 + 9);
  });

  it('fixed submission budgets that flush between steps of unequal size: every step keeps its own parameters', async () => {
    // A step that triggers a flush is queued after it; its uniform must be written after the
    // flush too (the session reuses uniform slots from 0 after each submission), or a later
    // step of the next submission overwrites it. Small budgets give many uneven submissions.
    const s = spec({
      activation: 'tanh',
      widths: [33, 17, 40, 9],
      networks: 3,
      seed: 47,
      norm: 'layer',
      cb: 0.1,
      inputsCorrelation: 0.3,
    });
    for (const budget of [300, 1000, 3000, 10000]) {
      const paced = new ExplicitWebGpuEngine(options);
      paced.pacer.record = () => undefined;
      paced.pacer.budget = budget;
      await compare(s, paced);
    }
  });

  it('without gradients asked for, no gradientNorms', async () => {
    const g = await collect(engine, spec({ activation: 'relu', widths: [17], networks: 2, seed: 46 }));
    expect(g.perLayer.gradientNorms).toBeUndefined();
  });
});
