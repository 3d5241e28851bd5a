/**
 * The Training view in Chromium (same harness as lab.test.ts), on the CPU trainer: the band and
 * the trained functions appear and move with the step slider and with Play (without a re-run);
 * the test-point histogram's mean and variance match the infinite-width prediction within SEs
 * at a wide setting; the lecture's C_W = 3 reports divergence with no NaN on the page; CSV
 * export; the URL round-trips. Screenshots go to test-results/e2e/training-*.png.
 */
import { expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { RESULTS, e2eSuite, hashParams, text, viewSettled } from './harness.ts';
import { defaultSize } from '../../src/experiments/training/sizing.ts';

/** The main chart's datasets by label: the first point's y of each (what moves with the step). */
const mainSeries = (page: Page) =>
  page.locator('widelab-chart-card[fill]').evaluate((card) => {
    const config = (
      card as unknown as {
        config: { data: { datasets: { label: string; data: { x: number; y: number }[] }[] } };
      }
    ).config;
    return config.data.datasets.map((d) => ({
      label: d.label,
      points: d.data.length,
      y: d.data.map((p) => p.y),
    }));
  });

const runsOf = (page: Page) => page.evaluate(() => window.__widelabViews?.training?.runs ?? 0);

e2eSuite('the Training view in the browser', { webgpu: false }, (app) => {
  it('the band and the functions move with the step slider and Play; the histogram matches N(mu_k, Sigma_k)', async () => {
    // erf: a closed-form kernel and a smooth activation, whose ensemble at width 256 is close to the kernel's.
    const page = await app.open(
      '#view=training&activation=erf&cw=2&cb=0.1&width=256&networks=48&steps=60&point=30',
    );
    await viewSettled(page, 'training', 1);
    await page.screenshot({ path: join(RESULTS, 'training-default.png'), fullPage: true });
    const end = await mainSeries(page);
    const bandEnd = end.find((d) => d.label.startsWith('n → ∞: mean ± 2 sd'));
    expect(bandEnd?.points).toBe(41);
    expect(end.filter((d) => /^trained networks|^network \d/.test(d.label)).length).toBe(48);
    const runs = await runsOf(page);

    // The slider at step 0: the prior band (mean 0) and the functions at initialization; no new run.
    const slider = page.getByRole('slider', { name: 'Step' });
    await slider.focus();
    await page.keyboard.press('Home');
    await expect.poll(() => hashParams(page).step).toBe('0');
    const start = await mainSeries(page);
    const meanOf = (s: typeof start) => s.find((d) => d.label === 'n → ∞ mean')!.y;
    expect(Math.max(...meanOf(start).map(Math.abs))).toBeLessThan(1e-12);
    expect(Math.max(...meanOf(end).map(Math.abs))).toBeGreaterThan(0.3);
    const firstNet = (s: typeof start) => s.find((d) => d.label.startsWith('trained networks'))!.y;
    expect(firstNet(start)).not.toEqual(firstNet(end));
    expect(await text(page.getByTestId('training-readout'))).toContain('Step 0 of 60');
    expect(await runsOf(page)).toBe(runs);

    // Play walks the logged steps from 0 towards the end.
    await page.getByRole('button', { name: /^Play: Step/ }).click();
    await expect.poll(() => Number(hashParams(page).step), { timeout: 20_000 }).toBeGreaterThan(10);
    await page.getByRole('button', { name: /^Stop playing/ }).click();
    expect(await runsOf(page)).toBe(runs);

    // The output distribution at the test point at the last step against N(mu_k, Sigma_k).
    await slider.focus();
    await page.keyboard.press('End');
    await expect.poll(() => hashParams(page).step).toBe('60');
    const d = await page.evaluate(async () => {
      const snap = window.__widelabViews!.training.data as {
        networks: number;
        steps: number[];
        tests: number;
        outputs: Float32Array;
        theory: { band: { mean: number[][]; sd: number[][] } };
      };
      const L = snap.steps.length;
      const xs = Array.from(
        { length: snap.networks },
        (_, m) => snap.outputs[(m * L + L - 1) * snap.tests + 30],
      );
      const n = xs.length;
      const mean = xs.reduce((a, b) => a + b, 0) / n;
      const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
      return {
        n,
        mean,
        variance,
        mu: snap.theory.band.mean[L - 1][30],
        sigma2: snap.theory.band.sd[L - 1][30] ** 2,
      };
    });
    expect(d.n).toBe(48);
    const meanSE = Math.sqrt(d.variance / d.n);
    // Mean within 4 SE plus a finite-width allowance of 0.02; variance within its chi-square band
    // (SE of a sample variance sqrt(2/(n-1)) sigma^2) plus 30% for width 256.
    expect(Math.abs(d.mean - d.mu)).toBeLessThan(4 * meanSE + 0.02);
    expect(Math.abs(d.variance - d.sigma2)).toBeLessThan(
      4 * Math.sqrt(2 / (d.n - 1)) * d.sigma2 + 0.3 * d.sigma2,
    );
    const words = await text(page.getByTestId('distribution-readout'));
    expect(words).toContain('over 48 networks');
    expect(words).toContain('n → ∞: mean');

    // CSV export of the main chart.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('widelab-chart-card[fill]').getByRole('button', { name: /CSV/ }).click(),
    ]);
    const file = join(RESULTS, 'training-functions.csv');
    await download.saveAs(file);
    const csv = readFileSync(file, 'utf8');
    expect(csv).toContain('ensemble_mean');
    expect(csv.split('\n').filter((l) => /^-?\d/.test(l)).length).toBe(41);
  });

  it('C_W = 3 at the lecture learning rate diverges, said in words, with no NaN on the page; the URL round-trips', async () => {
    const page = await app.open('#view=training&width=64&networks=8&steps=40');
    await viewSettled(page, 'training', 1);
    await page.getByRole('button', { name: 'C_W = 3', exact: true }).click();
    await viewSettled(page, 'training', 2);
    expect(hashParams(page)).toMatchObject({ cw: '3', depth: '20', activation: 'relu', cb: '0' });
    const readout = await text(page.getByTestId('training-readout'));
    expect(readout).toMatch(/Diverged at step \d+ in 8 of 8 networks/);
    await page.screenshot({ path: join(RESULTS, 'training-diverged.png'), fullPage: true });
    const body = await page.evaluate(() => {
      const parts: string[] = [];
      const visit = (root: Document | ShadowRoot) => {
        for (const el of root.querySelectorAll('*')) {
          if (el.shadowRoot) visit(el.shadowRoot);
        }
        parts.push((root instanceof Document ? root.body : root).textContent ?? '');
      };
      visit(document);
      return parts.join(' ');
    });
    expect(body).not.toMatch(/NaN|Infinity|undefined/);

    // The same link opens the same state.
    const hash = new URL(page.url()).hash;
    const again = await app.open(hash);
    await viewSettled(again, 'training', 1);
    expect(hashParams(again)).toEqual(hashParams(page));
    expect(await text(again.getByTestId('training-readout'))).toMatch(
      /Diverged at step \d+ in 8 of 8 networks/,
    );

    // The rescue: the same C_W = 3 and learning rate with LayerNorm trains, against the normalized kernels' band.
    await again.getByRole('button', { name: 'C_W = 3 with LayerNorm' }).click();
    await viewSettled(again, 'training', 2);
    expect(hashParams(again)).toMatchObject({
      cw: '3',
      depth: '20',
      layerNorm: '1',
      lr: hashParams(page).lr,
    });
    expect(await again.getByRole('checkbox', { name: 'LayerNorm' }).isChecked()).toBe(true);
    const rescued = await text(again.getByTestId('training-readout'));
    expect(rescued).not.toMatch(/Diverged/);
    const loss = await again.evaluate(() => {
      const snap = window.__widelabViews!.training.data as {
        loss: Float64Array;
        steps: number[];
        theory: { band?: { trainLoss: number[] } };
      };
      return { theory: snap.theory.band?.trainLoss ?? [] };
    });
    expect(loss.theory.length).toBeGreaterThan(1);
    expect(loss.theory.at(-1)!).toBeLessThan(0.5 * loss.theory[0]);
    await again.screenshot({ path: join(RESULTS, 'training-layernorm.png'), fullPage: true });
  });

  it('the L2 slider pulls the trained networks towards their start, against the kernel-ridge prediction', async () => {
    const page = await app.open('#view=training&width=32&networks=8&steps=40');
    await viewSettled(page, 'training', 1);
    const finalLoss = () =>
      page.evaluate(() => {
        const snap = window.__widelabViews!.training.data as { theory: { band?: { trainLoss: number[] } } };
        return snap.theory.band?.trainLoss.at(-1) ?? NaN;
      });
    const free = await finalLoss();
    const slider = page.getByRole('slider', { name: 'L2 towards init' });
    await slider.focus();
    for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => hashParams(page).l2, { timeout: 15_000 }).toBe('0.05');
    // The ridge keeps the fit from reaching the data: a larger final training loss, at infinite width too.
    await expect.poll(finalLoss, { timeout: 60_000 }).toBeGreaterThan(2 * free);
    expect(await text(page.getByText(/^L2 towards init μ = /))).toContain('0.05');
  });

  it('the width sweep streams one width at a time into a log-log chart with its CSV', async () => {
    const page = await app.open('#view=training&width=32&networks=8&steps=40&sweep=1');
    await viewSettled(page, 'training', 1);
    const readout = page.getByTestId('sweep-readout');
    await expect.poll(() => text(readout), { timeout: 120_000 }).not.toMatch(/widths to go/);
    expect(await text(readout)).toContain('4 networks per width');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page
        .locator('widelab-chart-card', { hasText: 'Where width runs out' })
        .getByRole('button', { name: /CSV/ })
        .click(),
    ]);
    const file = join(RESULTS, 'training-width-sweep.csv');
    await download.saveAs(file);
    const rows = readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => /^\d/.test(l))
      .map((l) => l.split(',').map(Number));
    expect(rows.map((r) => r[0])).toEqual([32, 64, 128, 256]);
    // Every value finite and positive; the first layer's change falls with width (n^-1/2: a factor ~2.8 over 8x).
    for (const r of rows) for (const v of r) expect(v).toBeGreaterThanOrEqual(0);
    expect(rows[3][1]).toBeLessThan(0.7 * rows[0][1]);
  });

  it('a link without a width or ensemble is sized by the estimated cost here, and the run calibrates it', async () => {
    const run = { dataset: 'sine6', depth: 3, steps: 400 };
    const key = 'widelab.training.calibration.cpu';
    const sized = defaultSize(run, { backend: 'cpu' });
    const page = await app.open('#view=training');
    await viewSettled(page, 'training', 1);
    expect(hashParams(page)).toMatchObject({ width: String(sized.width), networks: String(sized.networks) });
    expect(await text(page.getByTestId('cpu-note'))).toContain('estimated cost');
    // The finished run (estimated over half a second) leaves this machine's calibration.
    const stored = Number(await page.evaluate((k) => localStorage.getItem(k), key));
    expect(stored).toBeGreaterThan(1 / 30);
    expect(stored).toBeLessThan(30);

    // A machine whose runs measured 20 times the estimate: smaller defaults, as sizing.ts says.
    const slow = await app.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await slow.addInitScript((k) => localStorage.setItem(k, '20'), key);
    await slow.goto(`${app.url}#view=training&steps=50`);
    await viewSettled(slow, 'training', 1);
    const small = defaultSize({ ...run, steps: 50 }, { backend: 'cpu', calibration: 20 });
    expect(small.width * small.networks).toBeLessThan(sized.width * sized.networks);
    expect(hashParams(slow)).toMatchObject({ width: String(small.width), networks: String(small.networks) });
  });

  it('tanh: the series band is drawn at criticality; saturated by C_W = 30 the networks train and the page says why there is no band', async () => {
    const page = await app.open('#view=training&activation=tanh&cw=1&cb=0&width=32&networks=4&steps=40');
    await viewSettled(page, 'training', 1);
    const readout = page.getByTestId('training-readout');
    expect(await text(readout)).toContain('4 of 4 networks trained');
    expect(await text(readout)).not.toContain('No infinite-width prediction');
    const far = await app.open('#view=training&activation=tanh&cw=30&cb=0&width=32&networks=4&steps=40');
    await viewSettled(far, 'training', 1);
    const farReadout = far.getByTestId('training-readout');
    expect(await text(farReadout)).toContain('4 of 4 networks trained');
    expect(await text(farReadout)).toMatch(
      /No infinite-width prediction: at this C_W and depth the tanh kernel reaches K = \d+(\.\d+)?, which would take about \d+ s/,
    );
    await far.screenshot({ path: join(RESULTS, 'training-tanh-saturated.png') });
    await far.close();
    await page.close();
  });
});
