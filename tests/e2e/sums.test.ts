/**
 * The Nearly-Gaussian sums view in Chromium (same harness as lab.test.ts): the histogram and the
 * cumulant chart appear; the Width slider moves n by keyboard and both charts follow without a
 * new run; the measured kappa_4 of the page's own run lies within 4 SE of n^{1-r/2} kappa_4(X);
 * another X is a new run (the exponential brings kappa_3); PNG and CSV export; the URL
 * round-trips. Screenshots go to test-results/e2e/sums-*.png.
 */
import { expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { RESULTS, e2eSuite, hashParams, text, viewData, viewSettled } from './harness.ts';
import { decodePng } from './png.ts';

interface Snapshot {
  widths: number[];
  samples: number;
  estimates: { kappa4: number; kappa4SE: number; count: number }[];
}

/** Each card's datasets by label (and the first dataset's points), by card heading. */
const cards = (page: Page) =>
  page.locator('widelab-chart-card').evaluateAll((els) =>
    els.map((card) => {
      const c = card as unknown as {
        heading: string;
        config: { data: { datasets: { label: string; data: { x: number; y: number }[] }[] } };
      };
      return {
        heading: c.heading,
        labels: c.config.data.datasets.map((d) => d.label),
        first: c.config.data.datasets[0].data.map((p) => p.y),
      };
    }),
  );

const runsOf = (page: Page) => page.evaluate(() => window.__widelabViews?.sums?.runs ?? 0);

e2eSuite('the Nearly-Gaussian sums view in the browser', { webgpu: false }, (app) => {
  it('draws the histogram and the cumulants; n moves by keyboard without a re-run; kappa_4 within 4 SE of -2/n', async () => {
    const page = await app.open('#view=sums&distribution=coin&samples=3000&width=16&seed=1');
    await viewSettled(page, 'sums', 1);
    await page.screenshot({ path: join(RESULTS, 'sums-coin.png'), fullPage: true });
    let [main, cumulants] = await cards(page);
    expect(main.heading).toBe('Sum of n = 16 ±1 coin terms');
    expect(main.labels).toEqual([
      'S_n, n = 16: 3000 sums',
      'Gaussian N(0, 1) (n → ∞)',
      'with the 1/n correction (Edgeworth)',
    ]);
    expect(cumulants.labels).toContain('measured |κ₄| (± 1 SE)');
    expect(cumulants.labels).toContain('n = 16');
    // The coin is symmetric: no kappa_3 series.
    expect(cumulants.labels.some((l) => l.includes('κ₃'))).toBe(false);

    const snap = await viewData<Snapshot>(page, 'sums');
    expect(snap.samples).toBe(3000);
    for (const n of [1, 2, 4, 8]) {
      const e = snap.estimates[snap.widths.indexOf(n)];
      expect(e.count).toBe(3000);
      expect(Math.abs(e.kappa4 - -2 / n)).toBeLessThanOrEqual(4 * e.kappa4SE + 1e-12);
    }
    const readout = await text(page.getByTestId('sums-readout'));
    expect(readout).toContain('n = 16: κ4 =');
    expect(readout).toContain('exact κ4(X)/n = -0.125');

    // The slider by keyboard: n = 32, both charts follow, no new run.
    const runs = await runsOf(page);
    const slider = page.getByRole('slider', { name: 'Width' });
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => hashParams(page).width).toBe('32');
    const before = main.first;
    [main, cumulants] = await cards(page);
    expect(main.heading).toBe('Sum of n = 32 ±1 coin terms');
    expect(main.first).not.toEqual(before);
    expect(cumulants.labels).toContain('n = 32');
    expect(await text(page.getByTestId('sums-readout'))).toContain('n = 32:');
    await page.keyboard.press('Home');
    await expect.poll(() => hashParams(page).width).toBe('1');
    expect(await runsOf(page)).toBe(runs);

    // Play steps n up from 1.
    await page.getByRole('button', { name: /^Play: Width/ }).click();
    await expect.poll(() => Number(hashParams(page).width), { timeout: 20_000 }).toBeGreaterThan(2);
    await page.getByRole('button', { name: /^Stop playing/ }).click();
    expect(await runsOf(page)).toBe(runs);

    // Another X is another run; the exponential is skewed, so kappa_3 is drawn too.
    await page.getByRole('combobox', { name: 'Terms' }).selectOption('exponential');
    await viewSettled(page, 'sums', runs + 1);
    [main, cumulants] = await cards(page);
    expect(main.heading).toMatch(/exponential terms$/);
    expect(cumulants.labels).toContain('measured |κ₃| (± 1 SE)');
    expect(hashParams(page).distribution).toBe('exponential');
    await page.screenshot({ path: join(RESULTS, 'sums-exponential.png'), fullPage: true });
  });

  it('Cancel pauses a long run between chunks and Resume goes on with it', async () => {
    const page = await app.open('#view=sums&distribution=uniform&samples=100000&width=64');
    const drawn = () =>
      page.evaluate(() => (window.__widelabViews?.sums?.data as { samples?: number } | null)?.samples ?? 0);
    await expect.poll(drawn, { timeout: 30_000 }).toBeGreaterThanOrEqual(2000);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect
      .poll(() => page.getByText('Cancelled', { exact: true }).isVisible(), { timeout: 15_000 })
      .toBe(true);
    const paused = await drawn();
    expect(paused).toBeLessThan(100_000);
    await page.waitForTimeout(1000);
    expect(await drawn()).toBe(paused);
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(drawn, { timeout: 30_000 }).toBeGreaterThan(paused);
    // A smaller run replaces it and finishes.
    const samples = page.getByRole('spinbutton', { name: 'Samples' });
    await samples.fill('2000');
    // The resumed run re-renders the form as it streams: the text being typed stays.
    await page.waitForTimeout(1000);
    expect(await samples.inputValue()).toBe('2000');
    await samples.press('Enter');
    // Under load (the whole suite on two cores) the field's commit can take seconds.
    await expect.poll(() => hashParams(page).samples, { timeout: 15_000 }).toBe('2000');
    await expect.poll(drawn, { timeout: 30_000 }).toBe(2000);
    await viewSettled(page, 'sums', 1);
    await page.close();
  });

  it('exports PNG and CSV; the URL round-trips; no NaN on the page', async () => {
    const page = await app.open('#view=sums&distribution=relu-unit&samples=2000&width=64&seed=3');
    await viewSettled(page, 'sums', 1);
    const [png] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /PNG: Sum of n = 64/ }).click(),
    ]);
    expect(png.suggestedFilename()).toBe('sum-histogram_relu-unit_n64_M2000_seed3.png');
    const file = join(RESULTS, 'sums-histogram.png');
    await png.saveAs(file);
    const decoded = decodePng(readFileSync(file));
    expect(decoded.width).toBeGreaterThanOrEqual(1600);

    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /CSV: Cumulants of the sum/ }).click(),
    ]);
    const csvFile = join(RESULTS, 'sums-cumulants.csv');
    await csv.saveAs(csvFile);
    const body = readFileSync(csvFile, 'utf8');
    expect(body).toContain('kappa4_exact');
    const rows = body.split('\n').filter((l) => /^\d/.test(l));
    expect(rows.length).toBe(13);
    // n = 1: the ReLU unit's exact kappa_4 = 15 in its column.
    const header = body.split('\n').find((l) => l.startsWith('"n"') || l.startsWith('n,'))!;
    const col = header.split(',').findIndex((h) => h.replace(/"/g, '') === 'kappa4_exact');
    expect(Number(rows[0].split(',')[col])).toBe(15);

    const all = await page.evaluate(() => {
      const parts: string[] = [];
      const visit = (root: Document | ShadowRoot) => {
        for (const el of root.querySelectorAll('*')) if (el.shadowRoot) visit(el.shadowRoot);
        parts.push((root instanceof Document ? root.body : root).textContent ?? '');
      };
      visit(document);
      return parts.join(' ');
    });
    expect(all).not.toMatch(/NaN|Infinity|undefined/);

    const hash = new URL(page.url()).hash;
    const again = await app.open(hash);
    await viewSettled(again, 'sums', 1);
    expect(hashParams(again)).toEqual(hashParams(page));
    expect(await text(again.getByTestId('sums-readout'))).toBe(await text(page.getByTestId('sums-readout')));
  });
});
