/**
 * The depth and two-inputs views in Chromium (same harness as lab.test.ts): "Depth & criticality" — the
 * lecture preset c = 3 explodes the norm, LayerNorm flattens it, CSV export; "Two inputs" —
 * clicking the phase diagram sets C_W and C_b and the URL, the arrow keys move the marker; a
 * bad link shows a notice. Screenshots go to test-results/e2e/depth-*.png and two-inputs-*.png.
 */
import { expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESULTS, e2eSuite, hashParams, viewData, viewSettled } from './harness.ts';
import { decodePng } from './png.ts';
import { exportSize } from '../../src/ui/export-meta.ts';

interface Band {
  mean: number;
  meanSE: number;
  median: number;
}
interface DepthData {
  networks: number;
  layers: { layer: number; norm: Band }[];
  theory: { K: number }[];
}

e2eSuite('the depth and two-inputs views in the browser', { webgpu: false }, (app) => {
  it('depth: "c = 3" explodes the mean norm as 3 (3/2)^(l-1); LayerNorm pins it; CSV export', async () => {
    const page = await app.open('#view=depth&depth=12&networks=1000');
    await viewSettled(page, 'depth', 1);
    await page.screenshot({ path: join(RESULTS, 'depth-default.png'), fullPage: true });

    // The lecture's three curves on one chart: the exact means c (c/2)^(l-1) within 4 SE.
    await page.getByRole('button', { name: 'Compare c = 1, 2, 3' }).click();
    await viewSettled(page, 'depth', 2);
    expect(hashParams(page).compare).toBe('1');
    const lecture = (
      await viewData<{ lecture: { c: number; layers: { layer: number; mean: number; meanSE: number }[] }[] }>(
        page,
        'depth',
      )
    ).lecture;
    expect(lecture.map((l) => l.c)).toEqual([1, 2, 3]);
    for (const curve of lecture) {
      for (const l of curve.layers)
        expect(Math.abs(l.mean - curve.c * (curve.c / 2) ** (l.layer - 1))).toBeLessThan(4 * l.meanSE);
    }
    await expect
      .poll(() => page.getByRole('heading', { name: "The lecture's three curves: c = 1, 2, 3" }).isVisible())
      .toBe(true);
    await page.screenshot({ path: join(RESULTS, 'depth-compare.png'), fullPage: true });
    await page.getByRole('button', { name: 'Compare c = 1, 2, 3' }).click();
    await viewSettled(page, 'depth', 3);

    await page.getByRole('button', { name: 'c = 3' }).click();
    await viewSettled(page, 'depth', 4);
    expect(hashParams(page)).toMatchObject({
      view: 'depth',
      cw: '3',
      cb: '0',
      activation: 'relu',
      norm: 'none',
    });
    const exploding = await viewData<DepthData>(page, 'depth');
    expect(exploding.networks).toBe(1000);
    for (const l of exploding.layers) {
      // Exact at any width: E |z_l|^2/n_l = 3 (3/2)^(l-1).
      expect(exploding.theory[l.layer - 1].K).toBeCloseTo(3 * 1.5 ** (l.layer - 1), 6);
      expect(Math.abs(l.norm.mean - exploding.theory[l.layer - 1].K)).toBeLessThan(4 * l.norm.meanSE);
    }
    const growth = exploding.layers[10].norm.mean / exploding.layers[1].norm.mean;
    expect(growth).toBeGreaterThan(20); // 1.5^9 = 38
    await expect.poll(() => page.getByTestId('depth-readout').textContent()).toMatch(/M = 1000/);
    await page.screenshot({ path: join(RESULTS, 'depth-c3.png'), fullPage: true });

    await page.getByRole('combobox', { name: 'Normalization' }).selectOption('layer');
    await viewSettled(page, 'depth', 5);
    expect(hashParams(page).norm).toBe('layer');
    const pinned = await viewData<DepthData>(page, 'depth');
    const flat = pinned.layers[10].norm.mean / pinned.layers[1].norm.mean;
    expect(flat).toBeGreaterThan(0.85);
    expect(flat).toBeLessThan(1.15);
    // The table shows the same numbers (layer 11's mean, 4 significant digits).
    const row = page.getByTestId('depth-table').locator('tbody tr').nth(10);
    expect(await row.locator('td').nth(1).textContent()).toBe(
      String(Number(pinned.layers[10].norm.mean.toPrecision(4))),
    );
    await page.screenshot({ path: join(RESULTS, 'depth-c3-layernorm.png'), fullPage: true });

    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV: Activation norm per layer' }).click(),
    ]);
    const file = join(RESULTS, 'depth-norms.csv');
    await csv.saveAs(file);
    const all = readFileSync(file, 'utf8').trim().split('\n');
    expect(all[0]).toBe('# widelab: Activation norm per layer');
    expect(all[1]).toMatch(/^# ReLU, n = \d+, L = 12, C_W = 3, C_b = 0, LayerNorm, M = \d+ networks/);
    const lines = all.filter((l) => !l.startsWith('#'));
    expect(lines[0]).toMatch(/^layer,width,mean,mean_se,median,q10,q90,theory_K/);
    expect(lines).toHaveLength(13);
    await page.close();
  });

  it('two inputs: clicking the phase diagram sets C_W and C_b and the URL; arrow keys move the marker', async () => {
    const page = await app.open('#view=two-inputs&networks=300&depth=10');
    await viewSettled(page, 'two-inputs', 1);
    expect(hashParams(page)).toMatchObject({ view: 'two-inputs', cw: '2', cb: '0.05', rho: '0.5' });
    await page.screenshot({ path: join(RESULTS, 'two-inputs-default.png'), fullPage: true });

    const canvas = page.locator('widelab-chart-card').nth(1).locator('canvas');
    const box = (await canvas.boundingBox())!;
    await canvas.click({ position: { x: box.width * 0.3, y: box.height * 0.35 } });
    await viewSettled(page, 'two-inputs', 2);
    const picked = hashParams(page);
    expect(picked.cw).not.toBe('2');
    expect(picked.cb).not.toBe('0.05');
    const cw = Number(picked.cw);
    const cb = Number(picked.cb);
    // Left of centre and in the upper half of the (C_W in [0.1, 4], C_b in [0, 0.5]) map.
    expect(cw).toBeGreaterThan(0.1);
    expect(cw).toBeLessThan(2);
    expect(cb).toBeGreaterThan(0.2);
    expect(cb).toBeLessThanOrEqual(0.5);
    expect(await page.getByRole('spinbutton', { name: 'C_W' }).inputValue()).toBe(picked.cw);
    expect(await page.getByRole('spinbutton', { name: 'C_b' }).inputValue()).toBe(picked.cb);
    await expect
      .poll(() => page.getByTestId('two-readout').textContent())
      .toContain(`CW = ${Number(cw.toPrecision(4))}`);

    // Arrow keys step to round values: the next multiple of 0.1 (C_W) or 0.01 (C_b), whatever was clicked.
    await page.getByTestId('phase-picker').focus();
    await page.keyboard.press('ArrowRight');
    await viewSettled(page, 'two-inputs', 3);
    const right = hashParams(page).cw;
    expect(right).toMatch(/^\d+(\.\d)?$/);
    expect(Number(right)).toBeGreaterThan(cw);
    expect(Number(right)).toBeLessThanOrEqual(cw + 0.1 + 1e-9);
    await page.keyboard.press('ArrowDown');
    await viewSettled(page, 'two-inputs', 4);
    const down = hashParams(page);
    expect(down.cw).toBe(right);
    expect(down.cb).toMatch(/^\d+(\.\d{1,2})?$/);
    expect(Number(down.cb)).toBeLessThan(cb);
    expect(Number(down.cb)).toBeGreaterThanOrEqual(cb - 0.01 - 1e-9);
    expect(await page.getByRole('spinbutton', { name: 'C_W' }).inputValue()).toBe(right);
    expect(await page.getByRole('spinbutton', { name: 'C_b' }).inputValue()).toBe(down.cb);
    await page.screenshot({ path: join(RESULTS, 'two-inputs-picked.png'), fullPage: true });

    // The exported PNG carries the heat map (drawn by a chart plugin): twice the canvas size, with
    // the ordered phase's c_L ~ 1 in the scale's yellow and the chaotic corner in its dark end.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /PNG: Order and chaos/ }).click(),
    ]);
    const file = join(RESULTS, 'two-inputs-phase-diagram.png');
    await download.saveAs(file);
    const png = decodePng(readFileSync(file));
    const size = exportSize(Math.round(box.width), Math.round(box.height));
    expect(png.width).toBe(size.scale * size.width);
    let yellow = 0;
    let dark = 0;
    for (let i = 0; i < png.pixels.length; i += png.channels) {
      const [r, g, b] = [png.pixels[i], png.pixels[i + 1], png.pixels[i + 2]];
      if (r > 200 && g > 200 && b < 90) yellow++;
      if (r < 100 && g < 110 && b > 100) dark++;
    }
    expect(yellow).toBeGreaterThan(0.05 * png.width * png.height);
    expect(dark).toBeGreaterThan(0.005 * png.width * png.height);
    await page.close();
  });

  it('the experiments nav switches views; the Gaussian-limit lab stays the default', async () => {
    const page = await app.open('');
    await expect.poll(() => page.locator('gaussian-limit-lab').count()).toBe(1);
    expect(await page.locator('depth-criticality-lab').count()).toBe(0);
    await page.getByRole('link', { name: /^Depth$/ }).click();
    await viewSettled(page, 'depth', 1);
    expect(hashParams(page).view).toBe('depth');
    expect(await page.locator('gaussian-limit-lab').count()).toBe(0);
    expect(await page.getByRole('link', { name: /^Depth$/ }).getAttribute('aria-current')).toBe('page');
    await page.getByRole('link', { name: /^Two inputs/ }).click();
    await viewSettled(page, 'two-inputs', 1);
    expect(hashParams(page).view).toBe('two-inputs');
    // Presentation mode reaches the view and its link.
    await page.getByRole('button', { name: 'Presentation mode' }).click();
    await expect.poll(() => hashParams(page).present).toBe('1');
    expect(await page.locator('two-inputs-lab').getAttribute('presenting')).not.toBeNull();
    await page.locator('two-inputs-lab').getByRole('button', { name: 'Copy link' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(RESULTS, 'two-inputs-presenting.png'), fullPage: false });
    await page.getByRole('link', { name: /^Gaussian limit/ }).click();
    await expect.poll(() => page.locator('gaussian-limit-lab').count()).toBe(1);
    expect(hashParams(page).view).toBe('gaussian');
    await page.close();
  });

  it('a bad link opens the defaults with a visible notice', async () => {
    const page = await app.open('#view=depth&width=abc&norm=batch');
    await viewSettled(page, 'depth', 1);
    // One notice for the link, listing both.
    const alerts = page.getByRole('alert');
    await expect.poll(() => alerts.count()).toBe(1);
    expect(await alerts.locator('li').count()).toBe(2);
    expect(await alerts.first().textContent()).toContain('Ignored width="abc"');
    expect(hashParams(page)).toMatchObject({ width: '64', norm: 'none' });
    await page.close();
  });
});
