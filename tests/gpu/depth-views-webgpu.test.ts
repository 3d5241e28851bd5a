/**
 * The "Depth & criticality" and "Two inputs" models on the WebGPU engines (what the views'
 * worker runs on a real adapter): every number of a snapshot (per-layer norms, gradient norms
 * with the explicit engine, the lecture's curves, two-input correlations) equals the CPU
 * engines' snapshot for the same state, relative 1e-4 (f32 on the GPU; quantiles are order
 * statistics, so the same network's value); the WebGPU engines get no CPU chunk size (their
 * pacer sizes chunks); and the numbers agree with the exact ReLU law E|z_l|^2/n_l = c (c/2)^(l-1).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/index.ts';
import type { Engine, EngineKind, RunOptions } from '../../src/engine/types.ts';
import { ExactWebGpuEngine, ExplicitWebGpuEngine } from '../../src/engine/webgpu/index.ts';
import { requestGpu } from '../../src/engine/webgpu/device.ts';
import { DEPTH_DEFAULTS, type DepthState } from '../../src/experiments/depth-criticality/state.ts';
import { TWO_INPUTS_DEFAULTS, type TwoInputsState } from '../../src/experiments/two-inputs/state.ts';
import { runDepth } from '../../src/experiments/depth-criticality/model.ts';
import { runTwoInputs } from '../../src/experiments/two-inputs/model.ts';
import { tryGpu } from './gpu-setup.ts';

const gpu = await tryGpu();

/** Every numeric leaf of `value` with its path ('layers.2.gradient.mean'). */
function leaves(value: unknown, path: string, out: Map<string, number>): Map<string, number> {
  if (typeof value === 'number') out.set(path, value);
  else if (Array.isArray(value)) value.forEach((v, i) => leaves(v, `${path}.${i}`, out));
  else if (value && typeof value === 'object')
    for (const [key, v] of Object.entries(value)) leaves(v, `${path}.${key}`, out);
  return out;
}

/** Every number of `got` equals `want`'s, relative 1e-4 (an absolute floor of 1e-6 near 0, far below any SE). */
function expectSameNumbers(got: unknown, want: unknown, label: string): number {
  const w = leaves(want, '', new Map());
  const g = leaves(got, '', new Map());
  expect([...g.keys()], label).toEqual([...w.keys()]);
  for (const [path, v] of w) {
    const err = Math.abs(g.get(path)! - v) / Math.max(Math.abs(v), 1e-6);
    expect(err, `${label}: ${path}: ${g.get(path)} vs ${v}`).toBeLessThan(1e-4);
  }
  return w.size;
}

describe.skipIf(!gpu)('depth and two-inputs models on the WebGPU engines equal the CPU engines', () => {
  const options = { device: gpu?.device, requestDevice: () => requestGpu() };
  // One engine per kind, as in the views' worker (device and pipelines reused across runs).
  const gpuEngines = { exact: new ExactWebGpuEngine(options), explicit: new ExplicitWebGpuEngine(options) };
  /** The options each WebGPU run got. */
  const seen: RunOptions[] = [];
  const recorded = (e: Engine): Engine => ({
    kind: e.kind,
    backend: e.backend,
    describe: (spec, options) => e.describe(spec, options),
    estimateCost: (spec, options) => e.estimateCost(spec, options),
    run: (spec, o) => {
      seen.push(o ?? {});
      return e.run(spec, o);
    },
  });
  const onGpu = (kind: EngineKind) => recorded(gpuEngines[kind]);
  const onCpu = (kind: EngineKind) => createEngine(kind, 'cpu');
  afterAll(() => gpu?.device.destroy());

  async function depthBoth(state: DepthState) {
    seen.length = 0;
    const g = await runDepth(state, onGpu, () => undefined);
    const c = await runDepth(state, onCpu, () => undefined);
    expect(g.engine).toMatch(/webgpu/);
    expect(c.engine).toMatch(/cpu/);
    expect(g.networks).toBe(state.networks);
    expect(g.warning).toBe(c.warning);
    expect(g.theory).toEqual(c.theory);
    // The engine's pacer sizes the chunks: no CPU estimate reaches a WebGPU engine.
    expect(seen.length).toBeGreaterThan(0);
    for (const o of seen) {
      expect(o.chunkNetworks).toBeUndefined();
      expect(o.layerStats).toBe(true);
    }
    return { g, c };
  }

  it('explicit engine, gradients, layer norm and dropout: every per-layer number equals the CPU run', async () => {
    const state: DepthState = {
      ...DEPTH_DEFAULTS,
      engine: 'explicit',
      activation: 'tanh',
      cw: 1.5,
      cb: 0.1,
      width: 33,
      depth: 5,
      networks: 100,
      seed: 7,
      norm: 'layer',
      dropout: 0.2,
    };
    const { g, c } = await depthBoth(state);
    expect(seen.every((o) => o.gradients === true)).toBe(true);
    expect(g.layers).toHaveLength(5);
    for (const l of g.layers) {
      expect(l.gradient).not.toBeNull();
      expect(l.gradient!.nonFinite).toBe(0);
      expect(l.gradient!.mean).toBeGreaterThan(0);
    }
    // 5 layers x (norm + gradient) x 6 numbers, plus the theory's.
    expect(expectSameNumbers(g, c, 'explicit tanh')).toBeGreaterThan(5 * 2 * 6);
  });

  it('explicit ReLU, C_W = 2: the mean norm is 2 at every layer within 4 SE, gradients as the CPU', async () => {
    const state: DepthState = {
      ...DEPTH_DEFAULTS,
      engine: 'explicit',
      width: 24,
      depth: 6,
      networks: 300,
      seed: 8,
    };
    const { g, c } = await depthBoth(state);
    for (const l of g.layers) {
      expect(g.theory[l.layer - 1].K).toBeCloseTo(2, 10);
      expect(Math.abs(l.norm.mean - 2)).toBeLessThan(4 * l.norm.meanSE);
      expect(l.gradient).not.toBeNull();
    }
    expectSameNumbers(g, c, 'explicit relu');
  });

  it("exact engine with the lecture's three curves (all on the GPU): c (c/2)^(l-1) within 4 SE, numbers as the CPU", async () => {
    const state: DepthState = {
      ...DEPTH_DEFAULTS,
      width: 16,
      depth: 8,
      networks: 1000,
      seed: 9,
      cw: 1.5,
      compare: true,
    };
    const { g, c } = await depthBoth(state);
    // The main run and the three lecture runs.
    expect(seen).toHaveLength(4);
    expect(g.lecture!.map((l) => l.c)).toEqual([1, 2, 3]);
    for (const curve of g.lecture!) {
      expect(curve.networks).toBe(1000);
      for (const l of curve.layers)
        expect(Math.abs(l.mean - curve.c * (curve.c / 2) ** (l.layer - 1))).toBeLessThan(4 * l.meanSE);
    }
    for (const l of g.layers) expect(l.gradient).toBeNull();
    expectSameNumbers(g, c, 'exact with lecture');
  });

  for (const engine of ['exact', 'explicit'] as const) {
    it(`two inputs, ${engine} engine: every layer's correlation equals the CPU run; theory's c_l within SE + O(1/n)`, async () => {
      const state: TwoInputsState = {
        ...TWO_INPUTS_DEFAULTS,
        engine,
        width: 64,
        depth: 6,
        networks: 200,
        seed: 11,
      };
      seen.length = 0;
      const g = await runTwoInputs(state, onGpu, () => undefined);
      const c = await runTwoInputs(state, onCpu, () => undefined);
      expect(g.engine).toMatch(/webgpu/);
      expect(seen).toHaveLength(1);
      expect(seen[0].chunkNetworks).toBeUndefined();
      expect(g.measured).toHaveLength(5);
      expectSameNumbers(g, c, `two inputs ${engine}`);
      for (const l of g.measured) {
        // The finite-width shift of the mean correlation is O(1/n): 0.05 at n = 64 is generous, 4 SE on top.
        expect(Math.abs(l.mean - g.theory[l.layer - 1])).toBeLessThan(4 * l.meanSE + 0.05);
      }
    });
  }

  it('a run aborted mid-way leaves the engine fit for the next run (same numbers as before)', async () => {
    const state: DepthState = {
      ...DEPTH_DEFAULTS,
      engine: 'explicit',
      width: 40,
      depth: 4,
      networks: 400,
      seed: 12,
    };
    const first = await runDepth(state, onGpu, () => undefined);
    const controller = new AbortController();
    // Large enough for several paced chunks: the first snapshot (after a chunk, never the last) aborts.
    const aborted = runDepth(
      { ...state, seed: 13, width: 64, networks: 5000 },
      onGpu,
      () => controller.abort(),
      controller.signal,
      0,
    );
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    const again = await runDepth(state, onGpu, () => undefined);
    expect(again).toEqual(first);
  });
});
