/**
 * The Gaussian-integrals view in Chromium (same harness as lab.test.ts): the Wick diagrams and
 * their count (2m-1)!! follow the Moment order slider, the sample moment follows it too and
 * lies within 4 SE of Wick's value; the 1-D integral's readout equals sqrt(2 pi K); PNG and CSV
 * export; the URL round-trips to the same samples. Screenshots go to test-results/e2e/gaussian-integrals-*.png.
 */
import { expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { RESULTS, e2eSuite, hashParams, text, viewData, viewSettled } from './harness.ts';
import { decodePng } from './png.ts';

const VIEW = 'gaussian-integrals';

interface Snapshot {
  done: number;
  p: number;
  q: number;
  exact: number;
  pairings: number;
  exactVariance: number;
  points: { n: number; mean: number; se: number }[];
}

const runsOf = (page: Page) => page.evaluate((v) => window.__widelabViews?.[v]?.runs ?? 0, VIEW);

e2eSuite('the Gaussian-integrals view in the browser', { webgpu: false }, (app) => {
  it('the diagrams, their count and the sample moment follow the moment order; export; the URL round-trips', async () => {
    const page = await app.open(`#view=${VIEW}&samples=10000&k11=1.5&k22=0.8&rho=0.6`);
    await viewSettled(page, VIEW, 1);
    expect(await page.getByTestId('wick-count').textContent()).toBe('3');
    expect(await page.getByTestId('wick-diagram').count()).toBe(3);
    // E[z1^2 z2^2] = K11 K22 + 2 K12^2, K12 = 0.6 sqrt(1.5 * 0.8).
    const k12 = 0.6 * Math.sqrt(1.5 * 0.8);
    const first = await viewData<Snapshot>(page, VIEW);
    expect(first.exact).toBeCloseTo(1.5 * 0.8 + 2 * k12 * k12, 12);
    expect(await text(page.getByTestId('wick-sum'))).toContain('K11 K22 + 2 K12²');

    // One key press on the Moment order slider: 2m = 6, p = 2 stays, so E[z1^2 z2^4] with 15 pairings.
    const runs = await runsOf(page);
    await page.getByRole('slider', { name: 'Moment order' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => hashParams(page).m, { timeout: 15_000 }).toBe('3');
    await viewSettled(page, VIEW, runs + 1);
    expect(await page.getByTestId('wick-count').textContent()).toBe('15');
    expect(await page.getByTestId('wick-diagram').count()).toBe(15);
    const snap = await viewData<Snapshot>(page, VIEW);
    expect([snap.p, snap.q, snap.pairings, snap.done]).toEqual([2, 4, 15, 10_000]);
    // Wick with K11 = 1.5, K22 = 0.8: 3 K11 K22^2 + 12 K22 K12^2 (p = 2, q = 4: j = 0 gives 1 * 3, j = 2 gives C(4,2) 2! = 12).
    expect(snap.exact).toBeCloseTo(3 * 1.5 * 0.8 ** 2 + 12 * 0.8 * k12 ** 2, 12);
    const last = snap.points.at(-1)!;
    expect(last.n).toBe(10_000);
    expect(Math.abs(last.mean - snap.exact)).toBeLessThan(4 * Math.sqrt(snap.exactVariance / last.n));
    expect(await text(page.getByTestId('moment-readout'))).toContain('sample mean over N = 10000');
    expect(await page.getByText('Moment order 2m = 6').count()).toBe(1);

    // The 1-D integral: the readout's quadrature equals sqrt(2 pi K) at K = 1 to 15 digits.
    expect(await text(page.getByTestId('integral-readout'))).toContain(
      '2.50662827463100; √(2πK) = 2.50662827463100',
    );
    await page.screenshot({ path: join(RESULTS, 'gaussian-integrals-m3.png'), fullPage: true });

    // PNG of the main chart: opaque, at least 1600 px wide.
    const [png] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /PNG: Sample moment/ }).click(),
    ]);
    const pngFile = join(RESULTS, 'gaussian-integrals-moment.png');
    await png.saveAs(pngFile);
    expect(png.suggestedFilename()).toMatch(/^sample-moment_p2_q4_.*\.png$/);
    expect(decodePng(readFileSync(pngFile)).width).toBeGreaterThanOrEqual(1600);
    // CSV: one row per checkpoint N, with the exact value and SE.
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /CSV: Sample moment/ }).click(),
    ]);
    const csvFile = join(RESULTS, 'gaussian-integrals-moment.csv');
    await csv.saveAs(csvFile);
    const body = readFileSync(csvFile, 'utf8');
    expect(body).toContain('samples,sample_mean,sample_se,exact,exact_se');
    const rows = body.split('\n').filter((l) => /^\d/.test(l));
    expect(rows.map((r) => Number(r.split(',')[0]))).toEqual([
      10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000,
    ]);
    expect(Number(rows.at(-1)!.split(',')[1])).toBe(last.mean);

    // The link opens the same state and the same samples.
    const url = page.url();
    const again = await app.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await again.goto(url);
    await viewSettled(again, VIEW, 1);
    expect(hashParams(again)).toEqual(hashParams(page));
    const same = await viewData<Snapshot>(again, VIEW);
    expect(same.points).toEqual(snap.points);
    await again.close();
    await page.close();
  });
});
