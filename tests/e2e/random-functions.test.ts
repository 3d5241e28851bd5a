/**
 * The Random functions view in Chromium (same harness as training.test.ts), on the CPU: the
 * draws and the kernel heat maps appear; the width slider moves the run (to width 1 and to
 * n = infinity, whose draws are GP draws); PNG and CSV export; the URL round-trips. Screenshots
 * go to test-results/e2e/functions-*.png.
 */
import { expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { RESULTS, e2eSuite, hashParams, text, viewData, viewSettled } from './harness.ts';
import { PNG_SIGNATURE } from './png.ts';

interface Snap {
  networks: number;
  engine: string;
  draws: number[][];
  empirical: number[];
  theory: number[][];
}

const runsOf = (page: Page) => page.evaluate(() => window.__widelabViews?.functions?.runs ?? 0);

/** The kernel card's heat-map panels as its config carries them (what the plugin draws). */
const kernelPanels = (page: Page) =>
  page
    .locator('widelab-chart-card:not([fill])')
    .first()
    .evaluate((card) => {
      const c = (
        card as unknown as {
          config: { options: { plugins: { kernelmaps: { panels: { k: number; titles: string[] } } } } };
        }
      ).config;
      return c.options.plugins.kernelmaps.panels;
    });

e2eSuite('the Random functions view in the browser', { webgpu: false }, (app) => {
  it('draws and heat maps update with width, incl. n = infinity; PNG and CSV export; the URL round-trips', async () => {
    const page = await app.open('#view=functions&width=8&networks=128&draws=12&points=33');
    await viewSettled(page, 'functions', 1);
    await page.screenshot({ path: join(RESULTS, 'functions-default.png'), fullPage: true });
    const first = await viewData<Snap>(page, 'functions');
    expect(first.networks).toBe(128);
    expect(first.draws).toHaveLength(12);
    expect(first.draws[0]).toHaveLength(33);
    expect(first.engine).toMatch(/explicit/);
    const panels = await kernelPanels(page);
    expect(panels.k).toBe(33);
    expect(panels.titles[1]).toContain('M = 128');
    expect(await text(page.getByTestId('functions-readout'))).toMatch(/variance .*K\(x, x\) = .*1\/n theory/);

    // Width down to 1 by the keyboard: a new run, other functions (kinks of one ReLU unit per layer).
    const width = page.getByRole('slider', { name: 'Width' });
    await width.focus();
    await page.keyboard.press('Home');
    await expect.poll(() => hashParams(page).width, { timeout: 15_000 }).toBe('1');
    await viewSettled(page, 'functions', 2);
    const narrow = await viewData<Snap>(page, 'functions');
    expect(narrow.draws[0]).not.toEqual(first.draws[0]);
    expect(await text(page.getByRole('heading', { name: /Random networks of width 1/ }))).toBeTruthy();

    // Width to the end: n = infinity, Gaussian-process draws from N(0, K).
    await page.keyboard.press('End');
    await expect.poll(() => hashParams(page).limit, { timeout: 15_000 }).toBe('1');
    await viewSettled(page, 'functions', 3);
    const gp = await viewData<Snap>(page, 'functions');
    expect(gp.engine).toMatch(/Gaussian-process/);
    expect(await text(page.getByTestId('functions-readout'))).toContain('Gaussian: 0');
    expect(await text(page.locator('label').filter({ hasText: 'Width n' }).first())).toContain('∞');
    await page.screenshot({ path: join(RESULTS, 'functions-infinity.png'), fullPage: true });

    // Exports: the main chart's PNG, the kernel's CSV.
    const [png] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('widelab-chart-card[fill]').getByRole('button', { name: /PNG/ }).click(),
    ]);
    const pngFile = join(RESULTS, 'functions-export.png');
    await png.saveAs(pngFile);
    expect(png.suggestedFilename()).toMatch(/^random-functions.*ninf.*\.png$/);
    expect(readFileSync(pngFile).subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('widelab-chart-card:not([fill])').first().getByRole('button', { name: /CSV/ }).click(),
    ]);
    const csvFile = join(RESULTS, 'functions-kernel.csv');
    await csv.saveAs(csvFile);
    const lines = readFileSync(csvFile, 'utf8')
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('#'));
    expect(lines[0]).toBe('x,x_prime,theory_K,empirical_K,empirical_se,difference');
    expect(lines).toHaveLength(1 + 33 * 33);

    // The URL round-trips: a fresh page on this hash opens the same state and the same draws.
    const hash = new URL(page.url()).hash;
    const runs = await runsOf(page);
    expect(runs).toBeGreaterThanOrEqual(3);
    const again = await app.open(hash);
    await viewSettled(again, 'functions', 1);
    expect(new URL(again.url()).hash).toBe(hash);
    expect((await viewData<Snap>(again, 'functions')).draws).toEqual(gp.draws);
    await again.close();
    await page.close();
  });

  it('tanh: its series kernel is drawn; a setting whose kernel is too costly says what to change', async () => {
    const page = await app.open(
      '#view=functions&activation=tanh&cw=1&cb=0.05&width=8&networks=128&points=33',
    );
    await viewSettled(page, 'functions', 1);
    const snap = await viewData<Snap>(page, 'functions');
    expect(snap.theory[16][16]).toBeGreaterThan(0);
    expect(await text(page.getByTestId('functions-readout'))).toMatch(/K\(x, x\) = .*1\/n theory/);
    // C_W = 4 on a line of half-length 8: K = 256, past the series; refused before any network.
    const far = await app.open('#view=functions&activation=tanh&cw=4&cb=0&span=8');
    await expect.poll(() => text(far.getByRole('alert')), { timeout: 30_000 }).toMatch(/K = 256.*lower C_W/);
    expect(await text(far.getByText(/No result: the run stopped/))).toMatch(/stopped with the error/);
    await far.screenshot({ path: join(RESULTS, 'functions-out-of-reach.png') });
    await far.close();
    await page.close();
  });
});
