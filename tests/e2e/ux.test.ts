/**
 * The lab as a class sees it (same harness as lab.test.ts): in presentation mode a 1280x720
 * projector shows the controls and the top of the first chart without scrolling, in every view,
 * with the charts' captions in the large type too; on a 390 px phone nothing is wider than the
 * screen, nor any chart wider than its column; no select cuts off an option; the compute status
 * line stays short, its reason behind "Why?". Screenshots go to test-results/e2e/ux-*.png.
 */
import { expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { RESULTS, e2eSuite } from './harness.ts';

/** The three views, each with a small ensemble; `runs` tells when a run has finished and drawn. */
const VIEWS = [
  { name: 'gaussian', hash: 'networks=1000', runs: () => (window.__widelabTimings?.runs ?? 0) >= 1 },
  {
    name: 'depth',
    hash: 'view=depth&networks=500',
    runs: () => (window.__widelabViews?.depth?.runs ?? 0) >= 1,
  },
  {
    name: 'two-inputs',
    hash: 'view=two-inputs&networks=300',
    runs: () => (window.__widelabViews?.['two-inputs']?.runs ?? 0) >= 1,
  },
] as const;

e2eSuite('the lab on a projector and on a phone', { webgpu: false }, (app) => {
  async function open(hash: string, width: number, height: number, runs: () => boolean): Promise<Page> {
    const page = await app.open(`#${hash}`, { width, height });
    await page.waitForFunction(runs, null, { timeout: 60_000 });
    return page;
  }

  /**
   * 'select/option' for each option whose text would be cut off in its select: a copy of the
   * select holding only that option, at its natural width, is wider than the select shown.
   */
  const clippedOptions = (page: Page) =>
    page.evaluate(() => {
      const clipped: string[] = [];
      const visit = (root: Document | ShadowRoot) => {
        for (const select of root.querySelectorAll('select')) {
          for (const option of select.options) {
            const copy = select.cloneNode(false) as HTMLSelectElement;
            copy.append(option.cloneNode(true));
            Object.assign(copy.style, { width: 'max-content', position: 'absolute', visibility: 'hidden' });
            select.parentElement!.append(copy);
            if (copy.getBoundingClientRect().width > select.getBoundingClientRect().width + 0.5) {
              clipped.push(`${select.getAttribute('aria-label')}/${option.text}`);
            }
            copy.remove();
          }
        }
        for (const el of root.querySelectorAll('*')) if (el.shadowRoot) visit(el.shadowRoot);
      };
      visit(document);
      return clipped;
    });

  /** How far the page reaches past the right edge of the window, in CSS px (0: it fits). */
  const overflow = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

  for (const view of VIEWS) {
    it(`${view.name}: presentation mode at 1280x720 shows the controls and the first chart's top without scrolling`, async () => {
      const page = await open(`${view.hash}&present=1`, 1280, 720, view.runs);
      expect(await page.getByRole('button', { name: 'Presentation mode' }).getAttribute('aria-pressed')).toBe(
        'true',
      );
      // The intro stays in the page for screen readers' "what is this" but is not shown.
      expect(await page.getByText('A lab for the theory of wide neural networks').isVisible()).toBe(false);
      for (const name of ['Width', 'Depth']) {
        const box = (await page.getByRole('slider', { name }).boundingBox())!;
        expect(box.y + box.height).toBeLessThanOrEqual(720);
      }
      const card = page.locator('widelab-chart-card').first();
      const plot = (await card.locator('.plot').boundingBox())!;
      // At least its legend: 40 px of the plot inside the window.
      expect(plot.y).toBeLessThanOrEqual(720 - 40);
      // The cards are in presentation mode too (their captions' type follows the lab's).
      expect(await card.getAttribute('presenting')).not.toBeNull();
      expect(await overflow(page)).toBe(0);
      // Every option of every select fits its select's column when chosen ("correlation c_L" was cut off).
      expect(await clippedOptions(page)).toEqual([]);
      // The sliders are labelled alike in every view: name, symbol, value.
      expect(await page.getByText(/^Width n = \d+$/).count()).toBe(1);
      expect(await page.getByText(/^Depth L = \d+$/).count()).toBe(1);
      await page.screenshot({ path: join(RESULTS, `ux-${view.name}-projector.png`) });
      await page.close();
    });

    it(`${view.name}: on a 390 px phone nothing is wider than the screen`, async () => {
      const page = await open(view.hash, 390, 844, view.runs);
      expect(await overflow(page)).toBe(0);
      // Each plot within its card's column (a wide formula in a caption once widened the column past the page's margin).
      for (const card of await page.locator('widelab-chart-card').all()) {
        const plot = (await card.locator('.plot').boundingBox())!;
        const column = (await card.locator('figure').boundingBox())!;
        expect(plot.x + plot.width).toBeLessThanOrEqual(column.x + column.width + 0.5);
      }
      await page.screenshot({ path: join(RESULTS, `ux-${view.name}-phone.png`), fullPage: true });
      await page.close();
    });
  }

  it('the compute status line is short; its "Why?" disclosure gives the reason for the CPU', async () => {
    const page = await open('networks=1000', 1280, 720, VIEWS[0].runs);
    const status = page.getByRole('status').filter({ hasText: 'Compute:' });
    expect(await status.locator('.status').textContent()).toBe('CPU (WebGPU unavailable)');
    // One line at 1280 px while closed: the short status and "Why?".
    const lineHeight = await status.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight));
    expect((await status.boundingBox())!.height).toBeLessThan(1.8 * lineHeight);
    const reason = page.getByTestId('compute-reason');
    expect(await reason.isVisible()).toBe(false);
    await page.getByText('Why?').click();
    expect(await reason.isVisible()).toBe(true);
    // Chromium with WebGPU turned off offers no adapter (or no navigator.gpu): the reason says which.
    expect(await reason.textContent()).toMatch(/WebGPU adapter|navigator\.gpu/);
    await status.screenshot({ path: join(RESULTS, 'ux-compute-reason.png') });
    await page.close();
  });
});
