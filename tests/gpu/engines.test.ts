/**
 * Each WebGPU engine against its CPU twin, value by value for the same seed (f32 on the GPU:
 * relative 1e-4 against the scale of the values): every activation, widths that are not a
 * multiple of the workgroup, k = 1, 2, 4 inputs, one network and many, normalization,
 * dropout, depth 1; plus the abort signal and a device destroyed mid-run.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { collect } from '../../src/engine/index.ts';
import { ExactCpuEngine } from '../../src/engine/cpu/exact-cpu.ts';
import { ExplicitCpuEngine } from '../../src/engine/cpu/explicit-cpu.ts';
import { resolveSpec, type RunSpec, type SpecInput } from '../../src/engine/spec.ts';
import { ExactWebGpuEngine, ExplicitWebGpuEngine } from '../../src/engine/webgpu/index.ts';
import { requestGpu } from '../../src/engine/webgpu/device.ts';
import { checked, tryGpu } from './gpu-setup.ts';

const gpu = await tryGpu();

function spec(input: SpecInput, k4: boolean | 3 = false): RunSpec {
  const s = resolveSpec(input);
  if (!k4) return s;
  if (k4 === 3) {
    // Three inputs: Philox blocks straddle units (the per-element path of the exact layer).
    const g3 = [
      [1.0, 0.4, -0.3],
      [0.4, 0.7, 0.2],
      [-0.3, 0.2, 1.3],
    ];
    return { ...s, model: { ...s.model, inputGram: g3, inputDim: 3 } };
  }
  // Four inputs with distinct norms and correlations (resolveSpec offers one or two).
  const g = [
    [1.0, 0.3, -0.2, 0.5],
    [0.3, 1.5, 0.1, 0.2],
    [-0.2, 0.1, 0.8, -0.1],
    [0.5, 0.2, -0.1, 1.2],
  ];
  return { ...s, model: { ...s.model, inputGram: g, inputDim: 4 } };
}

/** max |gpu - cpu| / (|cpu| + rms(cpu)) over all values. */
function worst(gpuValues: Float64Array, cpuValues: Float64Array): number {
  expect(gpuValues.length).toBe(cpuValues.length);
  let ss = 0;
  for (const v of cpuValues) ss += v * v;
  const rms = Math.sqrt(ss / cpuValues.length) || 1;
  let w = 0;
  for (let i = 0; i < cpuValues.length; i++) {
    expect(Number.isFinite(gpuValues[i])).toBe(true);
    w = Math.max(w, Math.abs(gpuValues[i] - cpuValues[i]) / (Math.abs(cpuValues[i]) + rms));
  }
  return w;
}

const ACTIVATIONS = ['linear', 'relu', 'leaky-relu:0.2', 'tanh', 'erf', 'gelu', 'swish', 'sigmoid', 'sin'];

describe.skipIf(!gpu)('WebGPU engines equal their CPU twins', () => {
  const options = { device: gpu?.device, requestDevice: () => requestGpu() };
  const exact = new ExactWebGpuEngine(options);
  const explicit = new ExplicitWebGpuEngine(options);
  const exactCpu = new ExactCpuEngine({ shortcut: false });
  const explicitCpu = new ExplicitCpuEngine();
  afterAll(() => gpu?.device.destroy());

  async function compare(kind: 'exact' | 'explicit', s: RunSpec): Promise<void> {
    // Inside validation and out-of-memory error scopes: any GPU error fails the comparison.
    const g = await checked(gpu!.device, () => collect(kind === 'exact' ? exact : explicit, s));
    const c = await collect(kind === 'exact' ? exactCpu : explicitCpu, s);
    const label = `${kind} ${s.model.activation.id} widths ${s.model.hiddenWidths} k ${s.model.inputGram.length} norm ${s.model.normalization} p ${s.model.dropout}`;
    expect(worst(g.outputs, c.outputs), `${label}: outputs`).toBeLessThan(1e-4);
    expect(worst(g.gram, c.gram), `${label}: gram`).toBeLessThan(1e-4);
  }

  for (const kind of ['exact', 'explicit'] as const) {
    it(`${kind}: every activation (k = 2, widths not a multiple of the tile)`, async () => {
      for (const activation of ACTIVATIONS) {
        await compare(
          kind,
          spec({
            activation,
            widths: [37, 70],
            networks: 6,
            seed: 11,
            inputsCorrelation: 0.4,
            cb: 0.1,
            cw: 1.5,
          }),
        );
      }
    });
    it(`${kind}: k = 1 and k = 4, one network and many, depth 1`, async () => {
      await compare(kind, spec({ activation: 'relu', width: 5, depth: 4, networks: 1, seed: 3 }));
      await compare(kind, spec({ activation: 'tanh', width: 65, depth: 3, networks: 300, seed: 4 }));
      await compare(kind, spec({ activation: 'gelu', width: 33, depth: 3, networks: 5, seed: 5 }, true));
      await compare(
        kind,
        spec({ activation: 'relu', depth: 1, width: 8, networks: 7, seed: 6, inputsCorrelation: -0.3 }),
      );
    });
    it(`${kind}: layer and RMS normalization, dropout`, async () => {
      await compare(
        kind,
        spec({
          activation: 'relu',
          widths: [40, 24],
          networks: 5,
          seed: 7,
          norm: 'layer',
          inputsCorrelation: 0.5,
        }),
      );
      await compare(
        kind,
        spec({ activation: 'tanh', widths: [31, 64], networks: 5, seed: 8, norm: 'rms', dropout: 0.3 }),
      );
      await compare(
        kind,
        spec({ activation: 'relu', widths: [50, 50], networks: 5, seed: 9, dropout: 0.5 }, true),
      );
      await compare(
        kind,
        spec(
          { activation: 'swish', widths: [23, 42], networks: 4, seed: 10, dropout: 0.2, norm: 'layer' },
          3,
        ),
      );
      await compare(
        kind,
        spec({
          activation: 'tanh',
          widths: [45, 18],
          networks: 9,
          seed: 12,
          dropout: 0.4,
          inputsCorrelation: 0.6,
        }),
      );
    });
    it(`${kind}: batch normalization (per unit over the inputs), k = 2 and 4`, async () => {
      await compare(
        kind,
        spec({
          activation: 'tanh',
          widths: [29, 40],
          networks: 6,
          seed: 13,
          norm: 'batch',
          inputsCorrelation: 0.3,
        }),
      );
      // (resolveSpec checks batch norm against its own two inputs; the four replace them.)
      await compare(
        kind,
        spec(
          {
            activation: 'gelu',
            widths: [33, 17],
            networks: 5,
            seed: 14,
            norm: 'batch',
            dropout: 0.2,
            inputsCorrelation: 0.1,
          },
          true,
        ),
      );
    });
  }

  it('both: per-layer statistics (layerStats: raw preactivation Grams and norms) equal the CPU engines', async () => {
    const cases = [
      spec({ activation: 'tanh', widths: [37, 20], networks: 6, seed: 16 }),
      spec({
        activation: 'relu',
        widths: [29, 41, 18],
        networks: 5,
        seed: 17,
        norm: 'layer',
        inputsCorrelation: 0.4,
      }),
      spec(
        {
          activation: 'gelu',
          widths: [33, 26],
          networks: 4,
          seed: 18,
          norm: 'batch',
          dropout: 0.2,
          inputsCorrelation: 0.1,
        },
        true,
      ),
      spec({ activation: 'relu', depth: 1, width: 8, networks: 3, seed: 19, inputsCorrelation: -0.3 }),
    ];
    for (const [engine, cpuEngine, s] of cases.flatMap((x) => [
      [exact, exactCpu, x] as const,
      [explicit, explicitCpu, x] as const,
    ])) {
      const g = await checked(gpu!.device, () => collect(engine, s, { layerStats: true }));
      const c = await collect(cpuEngine, s, { layerStats: true });
      const label = `${engine.kind} ${s.model.activation.id} widths ${s.model.hiddenWidths} k ${s.model.inputGram.length} norm ${s.model.normalization}`;
      expect(g.perLayer.layerGrams, label).toBeDefined();
      expect(worst(g.perLayer.layerGrams!, c.perLayer.layerGrams!), `${label}: layerGrams`).toBeLessThan(
        1e-4,
      );
      expect(worst(g.perLayer.layerNorms!, c.perLayer.layerNorms!), `${label}: layerNorms`).toBeLessThan(
        1e-4,
      );
      expect(worst(g.outputs, c.outputs), `${label}: outputs`).toBeLessThan(1e-4);
    }
  });

  it('exact: the layer kernel at workgroup sizes 16, 32 and 64 (software adapters default to 16)', async () => {
    const s = spec({
      activation: 'tanh',
      widths: [300, 130],
      networks: 5,
      seed: 20,
      norm: 'rms',
      dropout: 0.1,
      inputsCorrelation: 0.2,
    });
    const c = await collect(exactCpu, s);
    for (const workgroupSize of [16, 32, 64]) {
      const g = await checked(gpu!.device, () =>
        collect(new ExactWebGpuEngine({ ...options, workgroupSize }), s),
      );
      expect(worst(g.outputs, c.outputs), `workgroup ${workgroupSize}: outputs`).toBeLessThan(1e-4);
      expect(worst(g.gram, c.gram), `workgroup ${workgroupSize}: gram`).toBeLessThan(1e-4);
    }
  });

  it('explicit: a dense layer split into row ranges (tiny row budget) equals the CPU engine', async () => {
    const split = new ExplicitWebGpuEngine({ ...options, maxRowsPerDispatch: 10 });
    const s = spec({
      activation: 'tanh',
      widths: [37, 70],
      networks: 7,
      seed: 15,
      inputsCorrelation: 0.3,
      norm: 'layer',
    });
    const g = await collect(split, s);
    // Rows per layer: 37 (4 ranges) + 70 (7 ranges), at least once per chunk.
    expect(split.denseDispatches).toBeGreaterThanOrEqual(4 + 7);
    const c = await collect(explicitCpu, s);
    expect(worst(g.outputs, c.outputs)).toBeLessThan(1e-4);
    expect(worst(g.gram, c.gram)).toBeLessThan(1e-4);
  });

  it('honors the abort signal between chunks and reports progress', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const s = spec({ activation: 'relu', width: 16, depth: 3, networks: 40, seed: 1 });
    const run = async () => {
      for await (const chunk of exact.run(s, {
        signal: controller.signal,
        chunkNetworks: 10,
        onProgress: (d) => seen.push(d),
      })) {
        if (chunk.start === 10) controller.abort();
      }
    };
    await expect(run()).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toEqual([10, 20]);
  });

  it('sizes the first chunk to half a submission budget for all its layers, later ones per layer', async () => {
    const engine = new ExactWebGpuEngine(options);
    // A fixed budget (no adaptation) makes the sizes exact: width 16, k = 1, 4 hidden layers
    // cost 16 + 32 = 48 units each per network, plus 1 for the output: 193 per network in all.
    engine.pacer.record = () => undefined;
    engine.pacer.budget = 772;
    const s = spec({ activation: 'relu', width: 16, depth: 5, networks: 100, seed: 4 });
    const counts: number[] = [];
    for await (const chunk of engine.run(s)) counts.push(chunk.count);
    expect(counts).toEqual([2, 16, 16, 16, 16, 16, 16, 2]);
    const c = await collect(exactCpu, s);
    const g = await collect(exact, s);
    expect(worst(g.outputs, c.outputs)).toBeLessThan(1e-4);
  });

  it('honors the abort signal between the submissions of one chunk', async () => {
    for (const engine of [new ExactWebGpuEngine(options), new ExplicitWebGpuEngine(options)]) {
      // Budget for about one layer per submission, so that a chunk of a deep network is many.
      engine.pacer.record = () => undefined;
      engine.pacer.budget = engine instanceof ExactWebGpuEngine ? 40 * 33 : 40 * 32 * 32;
      const s = spec({ activation: 'tanh', width: 32, depth: 12, networks: 40, seed: 2 });
      const controller = new AbortController();
      const session = engine.session;
      const submit = session.submit.bind(session);
      let submissions = 0;
      session.submit = async (encode) => {
        const ms = await submit(encode);
        if (++submissions === 2) controller.abort();
        return ms;
      };
      const chunks: number[] = [];
      const run = async () => {
        for await (const chunk of engine.run(s, { signal: controller.signal, chunkNetworks: 40 }))
          chunks.push(chunk.count);
      };
      await expect(run()).rejects.toMatchObject({ name: 'AbortError' });
      expect(chunks).toEqual([]);
      expect(submissions).toBe(2);
    }
  });

  it('a device destroyed mid-run is reported and the run continues on a new device', async () => {
    const lost: string[] = [];
    for (const Engine of [ExactWebGpuEngine, ExplicitWebGpuEngine]) {
      const own = await requestGpu();
      const engine = new Engine({
        device: own.device,
        requestDevice: () => requestGpu(),
        onDeviceLost: (m) => lost.push(m),
      });
      const s = spec({
        activation: 'tanh',
        width: 24,
        depth: 3,
        networks: 30,
        seed: 21,
        inputsCorrelation: 0.2,
      });
      const chunks = [];
      for await (const chunk of engine.run(s, { chunkNetworks: 10 })) {
        chunks.push(chunk);
        if (chunk.start === 0) engine.session.gpu!.device.destroy();
      }
      expect(chunks.map((c) => c.start)).toEqual([0, 10, 20]);
      expect(engine.session.losses).toBe(1);
      const cpu = await collect(Engine === ExactWebGpuEngine ? exactCpu : explicitCpu, s);
      const outputs = new Float64Array(chunks.flatMap((c) => Array.from(c.outputs)));
      expect(worst(outputs, cpu.outputs)).toBeLessThan(1e-4);
      engine.session.gpu?.device.destroy();
    }
    expect(lost.length).toBe(2);
    expect(lost[0]).toMatch(/lost/);
  });
});
