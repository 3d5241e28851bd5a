/**
 * The depth and two-inputs views on the WebGPU engines in Chromium, on SwiftShader (a software adapter):
 * `?backend=webgpu` forces WebGPU as a real adapter would choose it. "Depth & criticality"
 * with the explicit engine (per-layer norms and gradient norms from the GPU) and the exact
 * engine with the lecture's curves; "Two inputs" with the exact engine. Each engine line names
 * webgpu, and the numbers agree with theory within standard errors as the CPU e2e checks do.
 * Without `?backend`, the software adapter sends the views to the CPU, with a notice saying so.
 */
import { expect, it } from 'vitest';
import { join } from 'node:path';
import { RESULTS, e2eSuite, hashParams, text, viewData, viewSettled } from './harness.ts';
import type { DepthSnapshot } from '../../src/experiments/depth-criticality/model.ts';
import type { TwoInputsSnapshot } from '../../src/experiments/two-inputs/model.ts';

e2eSuite('the depth and two-inputs views on WebGPU (SwiftShader)', { webgpu: true }, (app) => {
  it('depth, explicit engine on WebGPU: norms at the critical C_W = 2 stay at 2 within 4 SE; gradient norms per layer', async () => {
    const page = await app.open(
      '?backend=webgpu#view=depth&engine=explicit&width=32&depth=6&networks=300&seed=4',
    );
    await viewSettled(page, 'depth', 1);
    expect(await text(page.getByTestId('engine'))).toMatch(/^Engine: explicit .*webgpu on .*SwiftShader/i);
    // WebGPU was chosen: no CPU-cost notice, no fallback notice.
    expect(await page.getByTestId('backend-note').count()).toBe(0);
    expect(await page.getByText(/on one CPU core/).count()).toBe(0);
    const d = await viewData<DepthSnapshot>(page, 'depth');
    expect(d.engine).toContain('webgpu');
    expect(d.networks).toBe(300);
    expect(d.layers).toHaveLength(6);
    for (const l of d.layers) {
      // ReLU, C_b = 0, C_W = 2: E |z_l|^2/n_l = 2 at every layer, at any width.
      expect(d.theory[l.layer - 1].K).toBeCloseTo(2, 10);
      expect(Math.abs(l.norm.mean - 2)).toBeLessThan(4 * l.norm.meanSE);
      expect(l.norm.q10).toBeLessThanOrEqual(l.norm.median);
      expect(l.norm.median).toBeLessThanOrEqual(l.norm.q90);
      expect(l.gradient).not.toBeNull();
      expect(l.gradient!.nonFinite).toBe(0);
      expect(l.gradient!.mean).toBeGreaterThan(0);
      expect(l.gradient!.q10).toBeLessThanOrEqual(l.gradient!.q90);
    }
    await expect
      .poll(() => page.getByRole('heading', { name: 'Gradient norm per layer' }).isVisible())
      .toBe(true);
    await page.screenshot({ path: join(RESULTS, 'depth-webgpu-explicit.png'), fullPage: true });

    // The exact engine and the lecture's three curves, all on the GPU: c (c/2)^(l-1) within 4 SE.
    await page.getByRole('combobox', { name: 'Engine' }).selectOption('exact');
    await viewSettled(page, 'depth', 2);
    await page.getByRole('button', { name: 'Compare c = 1, 2, 3' }).click();
    await viewSettled(page, 'depth', 3);
    expect(hashParams(page)).toMatchObject({ engine: 'exact', compare: '1' });
    const lectured = await viewData<DepthSnapshot>(page, 'depth');
    expect(lectured.engine).toMatch(/^exact .*webgpu/);
    expect(lectured.lecture!.map((l) => l.c)).toEqual([1, 2, 3]);
    for (const curve of lectured.lecture!) {
      expect(curve.networks).toBe(300);
      for (const l of curve.layers)
        expect(Math.abs(l.mean - curve.c * (curve.c / 2) ** (l.layer - 1))).toBeLessThan(4 * l.meanSE);
    }
    for (const l of lectured.layers) expect(l.gradient).toBeNull();
    await page.close();
  });

  it("two inputs on WebGPU: each layer's mean correlation follows the recursion c_l within 4 SE + O(1/n)", async () => {
    const page = await app.open('?backend=webgpu#view=two-inputs&width=64&depth=8&networks=300&seed=5');
    await viewSettled(page, 'two-inputs', 1);
    expect(await text(page.getByTestId('engine'))).toMatch(/^Engine: exact .*webgpu/);
    const t = await viewData<TwoInputsSnapshot>(page, 'two-inputs');
    expect(t.networks).toBe(300);
    expect(t.measured).toHaveLength(7);
    for (const l of t.measured) {
      // tanh, C_W = 2, C_b = 0.05, rho = 0.5: the finite-width shift is O(1/n); 0.05 at n = 64 is generous.
      expect(Math.abs(l.mean - t.theory[l.layer - 1])).toBeLessThan(4 * l.meanSE + 0.05);
    }
    // Each layer's own numbers, not one repeated: the measured means differ across layers as c_l does.
    expect(new Set(t.measured.map((l) => l.mean)).size).toBe(7);
    await page.screenshot({ path: join(RESULTS, 'two-inputs-webgpu.png'), fullPage: true });
    await page.close();
  });

  it('without ?backend a software adapter runs the views on the CPU, with a notice saying why', async () => {
    const page = await app.open('#view=depth&depth=6&networks=200');
    await viewSettled(page, 'depth', 1);
    expect(await text(page.getByTestId('backend-note'))).toMatch(
      /Only a software WebGPU adapter was found .*CPU engines/,
    );
    expect(await text(page.getByTestId('engine'))).toMatch(/cpu/);
    expect((await viewData<DepthSnapshot>(page, 'depth')).engine).not.toContain('webgpu');
    await page.close();
  });
});
