/**
 * The lab at its edges, in Chromium on the CPU path (small ensembles through the URL): a
 * degenerate ensemble (width 1, depth 100, ReLU: every output 0) is named and the overlays that
 * mean nothing are not drawn; far above criticality (C_W = 100, depth 100) every view says what
 * overflows and no text, table or chart axis reads NaN, Infinity or undefined; with dropout the
 * depth view's Critical button sets C_W = 2(1 - p) and its caption says so; sigmoid's Critical
 * says there is none; two inputs say "no fixed point". Screenshots: test-results/e2e/edge-*.png.
 */
import { expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { RESULTS, e2eSuite, hashParams, text, viewSettled } from './harness.ts';

const BAD = /NaN|Infinity|undefined/;

/** Wait until the Gaussian-limit view has finished `runs` runs (it reports through window.__widelabTimings). */
async function gaussianSettled(page: Page, runs: number): Promise<void> {
  await page.waitForFunction(
    (n) => (window.__widelabTimings?.runs ?? 0) >= n && window.__widelabTimings?.finalMs != null,
    runs,
    { timeout: 90_000 },
  );
}

/** All text of the page, shadow roots included, with aria-labels and titles, and every chart's tick labels. */
async function allText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const out: string[] = [];
    const walk = (root: Node) => {
      for (const node of Array.from(root.childNodes)) {
        if (node.nodeType === Node.TEXT_NODE) out.push(node.textContent ?? '');
        if (node instanceof Element) {
          for (const a of ['aria-label', 'title', 'aria-valuetext']) {
            const v = node.getAttribute(a);
            if (v) out.push(v);
          }
          if (node instanceof HTMLInputElement) out.push(node.value);
          if (node.shadowRoot) walk(node.shadowRoot);
          if (node.tagName === 'WIDELAB-CHART-CARD') {
            // The live Chart.js instance: its axes' tick labels and the legend's texts.
            const chart = (
              node as unknown as {
                chart?: {
                  scales: Record<string, { ticks: { label: unknown }[] }>;
                  legend?: { legendItems?: { text: string }[] };
                };
              }
            ).chart;
            for (const s of Object.values(chart?.scales ?? {}))
              for (const t of s.ticks) out.push(`tick:${String(t.label)}`);
            for (const li of chart?.legend?.legendItems ?? []) out.push(li.text);
          }
          walk(node);
        }
      }
    };
    walk(document.body);
    return out.join(' ');
  });
}

/** The dataset labels of the view's first chart card (its main chart). */
async function mainChartLabels(page: Page): Promise<string[]> {
  return page
    .locator('widelab-chart-card')
    .first()
    .evaluate((el) =>
      (
        (el as unknown as { config: { data: { datasets: { label?: string }[] } } }).config.data.datasets ?? []
      ).map((d) => d.label ?? ''),
    );
}

e2eSuite('the lab at its edges', { webgpu: false }, (app) => {
  it('width 1, depth 100, ReLU: "every one of the N outputs is exactly 0", no Gram-Charlier, Gaussian or mixture curve', async () => {
    const page = await app.open('#view=gaussian&width=1&depth=100&networks=200');
    await gaussianSettled(page, 1);
    const message = page.getByTestId('degenerate');
    await expect
      .poll(() => text(message))
      .toMatch(/^Every one of the 200 outputs is exactly 0\. At width 1 a ReLU network/);
    const labels = await mainChartLabels(page);
    expect(labels.some((l) => /Gram-Charlier/.test(l))).toBe(false);
    expect(labels.some((l) => /N\(0, K_L\)|mixture/.test(l))).toBe(false);
    expect(labels.some((l) => /ensemble/.test(l))).toBe(true);
    const all = await allText(page);
    expect(all).not.toMatch(BAD);
    // The walk reached the charts' axes (so a NaN tick would have been seen).
    expect(all.match(/tick:/g)?.length ?? 0).toBeGreaterThan(10);
    await page.screenshot({ path: join(RESULTS, 'edge-degenerate.png'), fullPage: true });
    await page.close();
  });

  it('C_W = 100, depth 100 in every view: a message about the overflow, and no NaN, Infinity or undefined anywhere', async () => {
    const g = await app.open('#view=gaussian&cw=100&depth=100&networks=200');
    await gaussianSettled(g, 1);
    await expect.poll(() => text(g.getByTestId('degenerate'))).toMatch(/overflow float64/);
    const gText = await allText(g);
    expect(gText).not.toMatch(BAD);
    // Axis labels at 1e-85 read short (not 2.5000000000000004E-85).
    expect(gText).not.toMatch(/tick:\S*\d{7}/);
    await g.screenshot({ path: join(RESULTS, 'edge-gaussian-overflow.png'), fullPage: true });
    await g.close();

    const d = await app.open('#view=depth&cw=100&depth=100&networks=200');
    await viewSettled(d, 'depth', 1);
    await expect.poll(() => text(d.getByTestId('depth-overflow'))).toMatch(/overflow float64/);
    expect(await allText(d)).not.toMatch(BAD);
    await d.screenshot({ path: join(RESULTS, 'edge-depth-overflow.png'), fullPage: true });
    await d.close();

    const t = await app.open('#view=two-inputs&activation=relu&cw=10&cb=0&depth=100&width=16&networks=100');
    await viewSettled(t, 'two-inputs', 1);
    await expect.poll(() => text(t.getByTestId('fixed-point'))).toMatch(/^no fixed point q\*/);
    expect(await text(t.getByTestId('two-readout'))).not.toMatch(/chaotic|—/);
    expect(await allText(t)).not.toMatch(BAD);
    await t.close();
  });

  it('dropout 0.5: Critical sets C_W = 2(1 - p) = 1 in the field, the link and the caption; sigmoid has none', async () => {
    const page = await app.open('#view=depth&dropout=0.5&depth=8&width=16&networks=200');
    await viewSettled(page, 'depth', 1);
    await page.getByRole('button', { name: 'Critical', exact: true }).click();
    await viewSettled(page, 'depth', 2);
    expect(hashParams(page)).toMatchObject({ cw: '1', cb: '0', dropout: '0.5' });
    expect(await page.getByRole('spinbutton', { name: 'C_W' }).inputValue()).toBe('1');
    expect(await text(page.getByTestId('dropout-caption'))).toContain('CW = 2(1 − p) = 1');
    // The c = 2 preset is the critical one: pressed now.
    expect(await page.getByRole('button', { name: 'c = 2' }).getAttribute('aria-pressed')).toBe('true');

    await page.getByRole('combobox', { name: 'Activation' }).selectOption('sigmoid');
    await expect.poll(() => text(page.getByTestId('no-critical'))).toMatch(/^sigmoid has no critical point/);
    await page.close();
  });
});
