/**
 * The lab as a class sees it (same harness as lab.test.ts): in every view, at 1280x720 in
 * presentation mode and at 1280x800, the Width and Depth sliders and the whole main chart are on
 * the first screen together, and stay there after a key press moves a slider; on a phone the main
 * chart comes before the controls; on a 390 px phone nothing is wider than the
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
  {
    name: 'training',
    hash: 'view=training&width=32&networks=16&steps=100',
    runs: () => (window.__widelabViews?.training?.runs ?? 0) >= 1,
  },
  {
    name: 'gaussian-integrals',
    hash: 'view=gaussian-integrals&samples=10000',
    runs: () => (window.__widelabViews?.['gaussian-integrals']?.runs ?? 0) >= 1,
    main: {
      sliders: ['Moment order', 'Samples'],
      field: 'm',
      labels: [/^Moment order 2m = \d+$/, /^Samples N = \d+$/],
    },
  },
  {
    name: 'sums',
    hash: 'view=sums&samples=2000',
    runs: () => (window.__widelabViews?.sums?.runs ?? 0) >= 1,
    // A sum of n terms has a width (n) and no depth.
    sliders: ['Width'],
  },
  {
    name: 'functions',
    hash: 'view=functions&networks=128',
    runs: () => (window.__widelabViews?.functions?.runs ?? 0) >= 1,
  },
] as const;

/**
 * A view's main sliders (the first is the one a key press moves), the URL field it sets and
 * that field's value for a slider position, and the sliders' labels ("name symbol = value").
 */
function mainControls(view: (typeof VIEWS)[number]) {
  if ('main' in view)
    return { sliders: view.main.sliders, field: view.main.field, url: String, labels: view.main.labels };
  const log2Width = (v: string) => String(2 ** Number(v));
  if ('sliders' in view)
    return { sliders: view.sliders, field: 'width', url: log2Width, labels: [/^Width n = \d+$/] };
  return {
    sliders: ['Width', 'Depth'],
    field: 'width',
    url: log2Width,
    labels: [/^Width n = \d+$/, /^Depth L = \d+$/],
  };
}

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

  /** Whether the box lies wholly inside a window of this size. */
  const inside = (
    box: { x: number; y: number; width: number; height: number } | null,
    w: number,
    h: number,
  ) => box !== null && box.x >= 0 && box.y >= 0 && box.x + box.width <= w && box.y + box.height <= h;

  /** The main sliders (Width and Depth) and the main chart's plot, each wholly on the first screen. */
  async function expectOneScreen(
    page: Page,
    w: number,
    h: number,
    sliders: readonly string[],
  ): Promise<void> {
    for (const name of sliders) {
      expect(
        inside(await page.getByRole('slider', { name }).boundingBox(), w, h),
        `${name} slider on screen`,
      ).toBe(true);
    }
    const main = page.locator('widelab-chart-card[fill]');
    expect(await main.count()).toBe(1);
    const plot = await main.locator('.plot').boundingBox();
    expect(inside(plot, w, h), 'the main chart on screen').toBe(true);
    // A real chart, not a sliver: at least a third of the window's height.
    expect(plot!.height).toBeGreaterThan(h / 3);
    // Its title above it.
    const title = (await main.locator('h3').boundingBox())!;
    expect(title.y + title.height).toBeLessThanOrEqual(plot!.y + 1);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
  }

  for (const view of VIEWS) {
    const controls = mainControls(view);
    for (const screen of [
      { present: true, w: 1280, h: 720 },
      { present: false, w: 1280, h: 800 },
    ]) {
      const mode = screen.present ? 'presentation mode' : 'normal mode';
      it(`${view.name}: at ${screen.w}x${screen.h} in ${mode} the sliders and the main chart share one screen, before and after a key press`, async () => {
        const page = await open(
          `${view.hash}${screen.present ? '&present=1' : ''}`,
          screen.w,
          screen.h,
          view.runs,
        );
        expect(
          await page.getByRole('button', { name: 'Presentation mode' }).getAttribute('aria-pressed'),
        ).toBe(screen.present ? 'true' : 'false');
        await expectOneScreen(page, screen.w, screen.h, controls.sliders);
        const slider = page.getByRole('slider', { name: controls.sliders[0] });
        const before = await slider.inputValue();
        await slider.focus();
        await page.keyboard.press('ArrowRight');
        await page.waitForFunction(
          ([field, v]) => new URLSearchParams(location.hash.slice(1)).get(field) !== v,
          [controls.field, controls.url(before)],
        );
        await page.waitForTimeout(1500);
        await expectOneScreen(page, screen.w, screen.h, controls.sliders);
        if (screen.present) {
          // The header is one line, so the chart gets its height: the nav, the compute status
          // (a word or two) and Presentation mode side by side.
          const nav = (await page.getByRole('navigation', { name: 'Experiments' }).boundingBox())!;
          for (const box of [
            await page.getByRole('button', { name: 'Presentation mode' }).boundingBox(),
            await page
              .getByRole('status')
              .filter({ has: page.locator('span.status.cpu') })
              .boundingBox(),
          ])
            expect(Math.abs(box!.y + box!.height / 2 - (nav.y + nav.height / 2))).toBeLessThan(
              nav.height / 2,
            );
          // The intro stays in the page for screen readers' "what is this" but is not shown.
          expect(await page.getByText('Ensembles of random wide networks').isVisible()).toBe(false);
          // The cards are in presentation mode too (their captions' type follows the lab's).
          expect(await page.locator('widelab-chart-card').first().getAttribute('presenting')).not.toBeNull();
          // Every option of every select fits its select's column when chosen ("correlation c_L" was cut off).
          expect(await clippedOptions(page)).toEqual([]);
          // The sliders are labelled alike in every view: name, symbol, value.
          for (const label of controls.labels) expect(await page.getByText(label).count()).toBe(1);
        }
        expect(await overflow(page)).toBe(0);
        await page.screenshot({ path: join(RESULTS, `ux-${view.name}-${screen.w}x${screen.h}.png`) });
        await page.close();
      });
    }

    it(`${view.name}: on a 390 px phone the main chart comes before the controls`, async () => {
      const page = await open(view.hash, 390, 844, view.runs);
      const plot = (await page.locator('widelab-chart-card[fill] .plot').boundingBox())!;
      const settings = (await page.getByText('Settings', { exact: true }).boundingBox())!;
      expect(plot.y + plot.height).toBeLessThanOrEqual(settings.y);
      // The settings start closed there and open on a tap.
      const first = page.getByRole('slider', { name: controls.sliders[0] });
      expect(await first.isVisible()).toBe(false);
      await page.getByText('Settings', { exact: true }).click();
      expect(await first.isVisible()).toBe(true);
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
