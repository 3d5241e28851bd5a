/**
 * The built lab in Chromium (playwright-core): load it, move Width by keyboard and see the
 * histogram and the numbers change, URL round trip, PNG export, a bad link's notice, and the
 * CPU path with WebGPU turned off. Screenshots of each state go to test-results/e2e/ (look at
 * them); the Width-change timings go to test-results/e2e/timings.json.
 */
import { expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { RESULTS, e2eSuite, hashParams, launch, text } from './harness.ts';
import { decodePng } from './png.ts';
import { exportSize } from '../../src/ui/export-meta.ts';
import { criticalFor } from '../../src/experiments/gaussian-limit/state.ts';

/** Wait until the lab has finished `runs` runs since the page loaded. */
async function settled(page: Page, runs: number): Promise<void> {
  await page.waitForFunction(
    (n) => (window.__widelabTimings?.runs ?? 0) >= n && window.__widelabTimings?.finalMs != null,
    runs,
    {
      timeout: 60_000,
    },
  );
}

async function histogramPixels(page: Page): Promise<string> {
  return page
    .locator('widelab-chart-card')
    .first()
    .locator('canvas')
    .evaluate((c: HTMLCanvasElement) => c.toDataURL());
}

e2eSuite('the lab in the browser', { webgpu: true }, (app) => {
  it('loads, draws, and a Width change by keyboard updates the histogram and the readout', async () => {
    const page = await app.open();
    await settled(page, 1);
    const readout = page.getByTestId('readout');
    const before = await text(readout);
    const pixelsBefore = await histogramPixels(page);
    expect(before).toMatch(/variance .* excess kurtosis/);
    expect(hashParams(page).width).toBe('64');
    await page.screenshot({ path: join(RESULTS, 'lab-default.png'), fullPage: true });

    const width = page.getByRole('slider', { name: 'Width' });
    await width.focus();
    await page.keyboard.press('ArrowRight');
    await settled(page, 2);
    expect(hashParams(page).width).toBe('128');
    await expect.poll(() => text(readout)).not.toBe(before);
    expect(await histogramPixels(page)).not.toBe(pixelsBefore);
    // The readout's leading-order kurtosis is the theory for n = 128: 3 * 5 * 4 / 128.
    expect(await text(readout)).toContain(`leading ${Number((60 / 128).toPrecision(4))}`);
    const timings = [await page.evaluate(() => window.__widelabTimings!)];
    await page.screenshot({ path: join(RESULTS, 'lab-width-128.png'), fullPage: true });
    // Two more changes (128 -> 256 -> 128) for the timing record.
    for (const [key, runs] of [
      ['ArrowRight', 3],
      ['ArrowLeft', 4],
    ] as const) {
      await page.keyboard.press(key);
      await settled(page, runs);
      timings.push(await page.evaluate(() => window.__widelabTimings!));
    }
    expect(hashParams(page).width).toBe('128');
    const record = {
      what: 'Width change by keyboard (64->128, 128->256, 256->128) at the defaults: ms from the key press to the frame showing the first histogram of the new run, and to the final snapshot (sweeps included); a single key press starts its run at once (no debounce)',
      backend: timings[0].backend,
      firstMs: timings.map((t) => Math.round(t.firstMs!)),
      firstReceivedMs: timings.map((t) => Math.round(t.firstReceivedMs!)),
      firstWorkerMs: timings.map((t) => Math.round(t.firstWorkerMs!)),
      finalMs: timings.map((t) => Math.round(t.finalMs!)),
    };
    writeFileSync(join(RESULTS, 'timings.json'), JSON.stringify(record, null, 2));
    console.log(`[e2e] ${JSON.stringify(record)}`);
    // The first histogram comes no later than the final one (the same frame when one chunk does it all).
    for (const t of timings) expect(t.firstMs!).toBeLessThanOrEqual(t.finalMs!);
    await page.close();
  });

  it('a newcomer drags Width from 4 to 4096 with the mouse: histograms stream during the drag, the points follow theory', async () => {
    const page = await app.open('#width=4&seed=7');
    await settled(page, 1);
    const slider = page.getByRole('slider', { name: 'Width' });
    const box = (await slider.boundingBox())!;
    // The thumb's centre runs from half a thumb inside each end; log2 n = 0..14.
    const thumb = 8;
    const xOf = (log2n: number) => box.x + thumb + ((box.width - 2 * thumb) * log2n) / 14;
    const y = box.y + box.height / 2;
    await page.mouse.move(xOf(2), y);
    await page.mouse.down();
    const widths = new Set<string>();
    const readouts = new Set<string>();
    const editsAtStart = await page.evaluate(() => window.__widelabTimings!.edits);
    for (let i = 1; i <= 40; i++) {
      await page.mouse.move(xOf(2 + (10 * i) / 40), y);
      await page.waitForTimeout(40);
      widths.add(hashParams(page).width);
      readouts.add(await text(page.getByTestId('readout')));
    }
    await page.mouse.up();
    expect(hashParams(page).width).toBe('4096');
    // Every power of two on the way went through the URL, and several runs drew mid-drag.
    expect([...widths].map(Number).sort((a, b) => a - b)).toEqual([
      4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096,
    ]);
    expect(await page.evaluate(() => window.__widelabTimings!.edits)).toBeGreaterThan(editsAtStart + 3);
    expect(readouts.size).toBeGreaterThan(3);

    // The throttle starts the drag's last run within 80 ms of the last move; then wait for that
    // run's end (every new run clears finalMs, and only the newest run's end sets it). Waiting
    // for one more finished run than before could wait forever when the last run is quick.
    await page.waitForTimeout(300);
    await page.waitForFunction(() => window.__widelabTimings?.finalMs != null, undefined, {
      timeout: 60_000,
    });
    const readout = await text(page.getByTestId('readout'));
    expect(readout).toContain('M = 10000');
    expect(readout).toContain(`leading ${Number((60 / 4096).toPrecision(4))}`);
    // ReLU at depth 5: exact excess kurtosis 3[(1 + 5/n)^4 - 1] (THEORY.md), within 4 SE.
    const exactAt = (n: number) => 3 * ((1 + 5 / n) ** 4 - 1);
    const m = /excess kurtosis ([-\d.e+]+) ± ([\d.e+-]+) \(from G/.exec(readout)!;
    expect(Math.abs(Number(m[1]) - exactAt(4096))).toBeLessThan(4 * Number(m[2]));
    await page.screenshot({ path: join(RESULTS, 'lab-dragged-to-4096.png'), fullPage: true });

    // The kurtosis-against-width points, as exported, follow the exact line (4 SE each; below
    // n = 8 the estimator's SE is itself too noisy to judge by).
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /CSV: Excess kurtosis against width/ }).click(),
    ]);
    const csvFile = join(RESULTS, 'kurtosis-vs-width-4096.csv');
    await csv.saveAs(csvFile);
    const points = readFileSync(csvFile, 'utf8')
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('"measured"'))
      .map((l) => l.split(',').slice(1, 4).map(Number));
    expect(points.length).toBe(12);
    for (const [n, k, se] of points.filter(([n]) => n >= 8)) {
      expect(Math.abs(k - exactAt(n)), `n = ${n}: ${k} ± ${se} against ${exactAt(n)}`).toBeLessThan(4 * se);
    }
    await page.close();
  });

  it('a link restores the exact state, and the state survives a reload', async () => {
    const hash = '#width=256&depth=7&activation=tanh&cw=1&cb=0&networks=3000&seed=42&engine=exact';
    const page = await app.open(hash);
    await settled(page, 1);
    expect(hashParams(page)).toEqual({
      view: 'gaussian',
      width: '256',
      depth: '7',
      activation: 'tanh',
      cw: '1',
      cb: '0',
      networks: '3000',
      seed: '42',
      engine: 'exact',
      present: '0',
    });
    expect(await page.getByRole('slider', { name: 'Width' }).getAttribute('aria-valuetext')).toBe('256');
    expect(await page.getByRole('slider', { name: 'Depth' }).inputValue()).toBe('7');
    expect(await page.getByRole('combobox', { name: 'Activation' }).inputValue()).toBe('tanh');
    expect(await page.getByRole('spinbutton', { name: 'Seed' }).inputValue()).toBe('42');
    expect(await page.getByRole('spinbutton', { name: 'Networks' }).inputValue()).toBe('3000');
    const readout = await text(page.getByTestId('readout'));
    expect(readout).toContain('M = 3000');
    await page.reload();
    await settled(page, 1);
    // Same seed, same networks: the same numbers.
    expect(await text(page.getByTestId('readout'))).toBe(readout);
    await page.screenshot({ path: join(RESULTS, 'lab-link-tanh.png'), fullPage: true });
    await page.close();
  });

  it('exports an opaque PNG at least 1600 px wide with the title drawn in; CSVs carry their parameters', async () => {
    const page = await app.open();
    await settled(page, 1);
    const canvas = page.locator('widelab-chart-card').first().locator('canvas');
    const box = await canvas.evaluate((c: HTMLCanvasElement) => {
      const r = c.getBoundingClientRect();
      return { width: Math.round(r.width), height: Math.round(r.height) };
    });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /PNG: Output distribution/ }).click(),
    ]);
    // The file name carries the key parameters of the run (defaults: ReLU at n = 64, L = 5, seed 1).
    expect(download.suggestedFilename()).toMatch(/^output-distribution_relu_n64_L5_cw2_M\d+_seed1\.png$/);
    const file = join(RESULTS, 'export-histogram.png');
    await download.saveAs(file);
    const png = decodePng(readFileSync(file));
    const size = exportSize(box.width, box.height);
    expect(png.width).toBe(size.scale * size.width);
    expect(png.width).toBeGreaterThanOrEqual(1600);
    expect(png.height).toBe(size.scale * size.height);
    // Opaque: RGB, or RGBA with every alpha 255.
    if (png.channels === 4) {
      let minAlpha = 255;
      for (let i = 3; i < png.pixels.length; i += 4) minAlpha = Math.min(minAlpha, png.pixels[i]);
      expect(minAlpha).toBe(255);
    }
    // White corners (the background), dark pixels in the top band (the title text).
    const px = (x: number, y: number) =>
      Array.from(
        png.pixels.subarray((y * png.width + x) * png.channels, (y * png.width + x) * png.channels + 3),
      );
    expect(px(0, 0)).toEqual([255, 255, 255]);
    expect(px(png.width - 1, png.height - 1)).toEqual([255, 255, 255]);
    let dark = 0;
    for (let y = 0; y < 60; y++)
      for (let x = 0; x < png.width; x++) if (px(x, y).every((v) => v < 80)) dark++;
    expect(dark).toBeGreaterThan(200);

    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /CSV: Excess kurtosis against width/ }).click(),
    ]);
    const csvFile = join(RESULTS, 'kurtosis-vs-width.csv');
    await csv.saveAs(csvFile);
    expect(csv.suggestedFilename()).toBe('kurtosis-vs-width_relu_L5_cw2_seed1.csv');
    const all = readFileSync(csvFile, 'utf8').trim().split('\n');
    const comments = all.filter((l) => l.startsWith('# '));
    const lines = all.filter((l) => !l.startsWith('#'));
    expect(comments[0]).toBe('# widelab: Excess kurtosis against width (L = 5)');
    // The sweep states its own ensembles: the networks of its points, not the page's M.
    const rows = lines.filter((l) => l.startsWith('"measured"')).map((l) => Number(l.split(',')[4]));
    const lo = Math.min(...rows);
    const hi = Math.max(...rows);
    expect(comments[1]).toContain(
      lo === hi ? `M = ${hi} networks per point` : `M = ${lo}–${hi} networks per point`,
    );
    expect(comments[1]).not.toMatch(/M = 10000|M = 3000/);
    expect(comments[2]).toMatch(/^# reproduce: http.*#.*view=gaussian.*width=64/);
    expect(lines[0]).toBe('series,width,excess_kurtosis,se,networks');
    expect(rows.length).toBe(12);
    await page.close();
  });

  it('docs screenshot: a narrow network (n = 8) on one 1280x800 screen, the sliders beside the histogram', async () => {
    const page = await app.open('#width=8&depth=5', { width: 1280, height: 800 });
    await settled(page, 1);
    const slider = (await page.getByRole('slider', { name: 'Width' }).boundingBox())!;
    const chart = (await page.locator('widelab-chart-card').first().locator('canvas').boundingBox())!;
    // The README's picture is the first screen as a class sees it: slider and chart both on it.
    expect(slider.y + slider.height).toBeLessThanOrEqual(800);
    expect(chart.y + chart.height).toBeLessThanOrEqual(800);
    await page.screenshot({ path: join(RESULTS, 'docs-screenshot.png') });
    await page.close();
  });

  it('the page stays responsive during a long run; Cancel stops it, leaving what it had drawn; Resume finishes it', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 900 } });
    // Event-loop lag of the page: a 20 ms timer that records how late it fires.
    await page.addInitScript(() => {
      const w = window as unknown as { lags: number[] };
      w.lags = [];
      let last = performance.now();
      setInterval(() => {
        const t = performance.now();
        w.lags.push(t - last - 20);
        last = t;
      }, 20);
    });
    await page.goto(app.url + '#networks=1000000&seed=5');
    await page.waitForFunction(() => (window.__widelabTimings?.firstMs ?? -1) > 0, null, { timeout: 60_000 });
    await page.evaluate(() => (window as unknown as { lags: number[] }).lags.splice(0));
    await page.waitForTimeout(1500);
    const lags = await page.evaluate(() => (window as unknown as { lags: number[] }).lags.splice(0));
    expect(await page.evaluate(() => window.__widelabTimings!.finalMs)).toBeNull(); // still computing
    // Generous for a loaded 2-core machine; a worker-less design blocks for the whole run (seconds).
    expect(Math.max(...lags)).toBeLessThan(1000);
    await page.getByRole('button', { name: 'Cancel' }).click();
    // The button offers to go on; the status says how far the run got.
    await page.getByRole('button', { name: 'Resume' }).waitFor();
    await page.getByText(/^Cancelled at \d+ of 1000000 networks$/).waitFor();
    const partial = await text(page.getByTestId('readout'));
    expect(partial).not.toContain('M = 1000000:');
    await page.waitForTimeout(500);
    expect(await text(page.getByTestId('readout'))).toBe(partial); // nothing arrives after the cancel
    expect(await page.evaluate(() => window.__widelabTimings!.finalMs)).toBeNull();
    // Resume goes on with the same run (the worker kept it paused) to the whole ensemble.
    const shown = Number(/^M = (\d+):/.exec(partial)![1]);
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect
      .poll(async () => Number(/^M = (\d+):/.exec(await text(page.getByTestId('readout')))?.[1] ?? 0))
      .toBeGreaterThan(shown);
    await settled(page, 1);
    expect(await text(page.getByTestId('readout'))).toContain('M = 1000000:');
    await page.close();
  });

  it('a new setting during a long explicit chunk starts at once: the busy worker is replaced', async () => {
    // One explicit network of width 4096 and depth 30 draws 4.9e8 weights (seconds on a CPU
    // core), and the worker reads messages only between networks.
    const page = await app.open('#engine=explicit&width=4096&depth=30&networks=20&seed=2');
    // Minutes on the CPU: the page asks first.
    await page.getByRole('button', { name: 'Run it' }).click();
    await page.waitForFunction(() => (window.__widelabTimings?.edits ?? 0) >= 1, null, { timeout: 30_000 });
    // The progress bar moves layer by layer through the first network (no chunk has ended yet).
    const bar = page.getByRole('progressbar', { name: 'Progress' });
    const value = () => bar.evaluate((p: HTMLProgressElement) => p.value);
    await expect.poll(value, { timeout: 10_000 }).toBeGreaterThan(0);
    const early = await value();
    await expect.poll(value, { timeout: 10_000 }).toBeGreaterThan(early);
    expect(await value()).toBeLessThan(0.5 / 20); // still within the first of 20 networks (the ensemble is half the bar)
    expect(await page.evaluate(() => window.__widelabTimings!.firstMs)).toBeNull(); // deep in the first network
    const before = await page.evaluate(() => window.__widelabTimings!);
    await page.getByRole('combobox', { name: 'Engine' }).selectOption('exact');
    await page.waitForFunction(
      (n) => window.__widelabTimings!.edits > n && (window.__widelabTimings!.firstMs ?? -1) > 0,
      before.edits,
      { timeout: 30_000 },
    );
    const t = await page.evaluate(() => window.__widelabTimings!);
    expect(t.workerRestarts).toBe(1);
    expect(await text(page.getByTestId('engine'))).toContain('exact');
    expect(hashParams(page).engine).toBe('exact');
    await page.close();
  });

  it('Engine = explicit (real weights) runs in the worker and agrees with the exact kurtosis', async () => {
    const page = await app.open('#networks=4000&seed=11');
    await settled(page, 1);
    await page.getByRole('combobox', { name: 'Engine' }).selectOption('explicit');
    await settled(page, 2);
    expect(hashParams(page).engine).toBe('explicit');
    expect(await text(page.getByTestId('engine'))).toContain('explicit');
    const m = /excess kurtosis ([-\d.e+]+) ± ([\d.e+-]+) \(from G/.exec(
      await text(page.getByTestId('readout')),
    );
    const exact = 3 * ((1 + 5 / 64) ** 4 - 1);
    expect(Math.abs(Number(m![1]) - exact)).toBeLessThan(4 * Number(m![2]));
    await page.close();
  });

  it('C_W: an out-of-range entry stays with its message, unused; "Critical" restores the critical point of the activation', async () => {
    const page = await app.open('#networks=1000');
    await settled(page, 1);
    const cw = page.getByRole('spinbutton', { name: 'C_W' });
    await cw.fill('-1');
    await cw.press('Tab');
    await expect.poll(() => cw.getAttribute('aria-invalid')).toBe('true');
    expect(await cw.inputValue()).toBe('-1');
    await page.getByText('C_W must be a number above 0 and at most 100; still using 2.').waitFor();
    expect(hashParams(page).cw).toBe('2');
    // A new activation sets C_W: the field shows it, and the message goes.
    await page.getByRole('combobox', { name: 'Activation' }).selectOption('erf');
    await expect.poll(() => hashParams(page).cw).toBe(String(criticalFor('erf').cw));
    await expect.poll(() => cw.getAttribute('aria-invalid')).toBe('false');
    expect(criticalFor('erf').cw).toBeCloseTo(Math.PI / 4, 12);
    await cw.fill('1.5');
    await cw.press('Tab');
    await expect.poll(() => hashParams(page).cw).toBe('1.5');
    await page.getByRole('button', { name: 'Critical' }).press('Enter');
    await expect.poll(() => hashParams(page).cw).toBe(String(criticalFor('erf').cw));
    expect(await cw.inputValue()).toBe(String(criticalFor('erf').cw));
    await page.close();
  });

  it('presentation mode is part of the link, and switching it does not re-run', async () => {
    const page = await app.open('#networks=1000&present=1');
    await settled(page, 1);
    const button = page.getByRole('button', { name: 'Presentation mode' });
    await expect.poll(() => button.getAttribute('aria-pressed')).toBe('true');
    await page.screenshot({ path: join(RESULTS, 'lab-presenting.png') });
    await button.press('Enter');
    await expect.poll(() => hashParams(page).present).toBe('0');
    expect(await button.getAttribute('aria-pressed')).toBe('false');
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => window.__widelabTimings!.runs)).toBe(1);
    await page.close();
  });

  it('a bad link falls back to the defaults with a visible notice', async () => {
    const page = await app.open('#width=-5');
    await settled(page, 1);
    const alert = page.getByRole('alert').filter({ hasText: 'width' });
    await expect.poll(() => alert.count()).toBe(1);
    expect(await text(alert)).toContain('Ignored width="-5"');
    expect(hashParams(page).width).toBe('64');
    await page.screenshot({ path: join(RESULTS, 'lab-bad-link.png'), fullPage: true });
    await page.close();
  });

  it('?backend=webgpu runs the WebGPU exact engine in the worker (SwiftShader here) and its numbers agree with theory', async () => {
    const page = await app.open('?backend=webgpu#networks=2000&seed=3');
    await page.waitForFunction(() => window.__widelabTimings?.firstMs != null, null, { timeout: 90_000 });
    // The first snapshot may be a partial ensemble: wait for the whole one (phase past 'ensemble').
    await expect
      .poll(async () => (await text(page.getByTestId('readout'))).startsWith('M = 2000'), { timeout: 90_000 })
      .toBe(true);
    const engine = await text(page.getByTestId('engine'));
    expect(engine).toContain('webgpu');
    // Rao-Blackwellized kurtosis against the exact 3[(1 + 5/64)^4 - 1], 4 SE.
    const m = /excess kurtosis ([-\d.e+]+) ± ([\d.e+-]+) \(from G/.exec(
      await text(page.getByTestId('readout')),
    );
    expect(m).not.toBeNull();
    const exact = 3 * ((1 + 5 / 64) ** 4 - 1);
    expect(Math.abs(Number(m![1]) - exact)).toBeLessThan(4 * Number(m![2]));
    await page.screenshot({ path: join(RESULTS, 'lab-webgpu-swiftshader.png'), fullPage: true });
    // Width changes on this path (pipelines compiled): the run in flight (sweeps) is aborted
    // between two GPU submissions, and the new run's first chunk is one submission's worth.
    await page.getByRole('slider', { name: 'Width' }).focus();
    const timings = [];
    for (const [key, width] of [
      ['ArrowRight', '128'],
      ['ArrowRight', '256'],
      ['ArrowLeft', '128'],
    ] as const) {
      const before = await page.evaluate(() => window.__widelabTimings!);
      await page.keyboard.press(key);
      // This edit's first histogram (its `edits` count), not the previous run's.
      await page.waitForFunction(
        (n) => window.__widelabTimings!.edits > n && (window.__widelabTimings!.firstMs ?? -1) > 0,
        before.edits,
        { timeout: 60_000 },
      );
      const t = await page.evaluate(() => window.__widelabTimings!);
      expect(t.edits).toBe(before.edits + 1);
      expect(hashParams(page).width).toBe(width);
      timings.push(t);
      // Let the new run reach its sweeps, so that the next key press interrupts GPU work.
      await page.waitForTimeout(300);
    }
    const record = {
      what: 'Width 64 -> 128 -> 256 -> 128 by keyboard, ?backend=webgpu, networks=2000, SwiftShader (a software adapter): ms from the key press to the frame showing the first histogram; the worker ms is its time on the run when it posted it',
      firstMs: timings.map((t) => Math.round(t.firstMs!)),
      firstReceivedMs: timings.map((t) => Math.round(t.firstReceivedMs!)),
      firstWorkerMs: timings.map((t) => Math.round(t.firstWorkerMs!)),
    };
    writeFileSync(join(RESULTS, 'timings-webgpu-swiftshader.json'), JSON.stringify(record, null, 2));
    console.log(`[e2e] webgpu (SwiftShader) ${JSON.stringify(record)}`);
    await page.close();
  });

  it('with WebGPU turned off the CPU path still draws, with a notice', async () => {
    const cpuBrowser = await launch(false);
    try {
      const page = await cpuBrowser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(app.url);
      await settled(page, 1);
      expect(await text(page.getByTestId('backend-note'))).toContain('WebGPU is unavailable');
      expect(await text(page.getByTestId('readout'))).toContain('M = 10000');
      expect(await page.evaluate(() => window.__widelabTimings!.backend)).toBe('cpu');
      await page.screenshot({ path: join(RESULTS, 'lab-no-webgpu.png'), fullPage: true });
    } finally {
      await cpuBrowser.close();
    }
  });
});
