/**
 * The Training view on the WebGPU trainer in Chromium, on SwiftShader (a software adapter):
 * `?backend=webgpu` trains the ensemble on the GPU in f32, and its networks are the CPU
 * trainer's (same seed, same initial weights): every output at every logged step and test input
 * agrees with the `?backend=cpu` run within f32 tolerance.
 */
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { e2eSuite, text, viewSettled } from './harness.ts';

const HASH = '#view=training&width=16&depth=3&networks=4&steps=20';

const outputs = (page: Page) =>
  page.evaluate(() => {
    const d = window.__widelabViews!.training.data as {
      backend: string;
      outputs: Float32Array;
      networks: number;
    };
    return { backend: d.backend, networks: d.networks, outputs: Array.from(d.outputs) };
  });

e2eSuite('the Training view on WebGPU (SwiftShader)', { webgpu: true }, (app) => {
  it("trains on the GPU the CPU trainer's networks: outputs equal within f32 tolerance", async () => {
    const gpu = await app.open(`?backend=webgpu${HASH}`);
    await viewSettled(gpu, 'training', 1);
    expect(await text(gpu.getByTestId('training-readout'))).toContain('on the GPU (f32)');
    const a = await outputs(gpu);
    const cpu = await app.open(`?backend=cpu${HASH}`);
    await viewSettled(cpu, 'training', 1);
    expect(await text(cpu.getByTestId('training-readout'))).toContain('on the CPU (f64)');
    const b = await outputs(cpu);
    expect(a.backend).toBe('webgpu');
    expect(b.backend).toBe('cpu');
    expect(a.networks).toBe(4);
    expect(a.outputs.length).toBe(b.outputs.length);
    // The budget the trainer's GPU tests use (2e-4 relative to the scale of the outputs), doubled for 20 steps.
    const scale = Math.max(...b.outputs.map(Math.abs));
    let worst = 0;
    a.outputs.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - b.outputs[i]))));
    expect(worst).toBeLessThan(4e-4 * scale);
  });
});
