/**
 * The guided tour in Chromium (app-shell.ts, tour-bar.ts, tour-steps.ts): started from the nav
 * and walked from its first step to its last by keyboard alone (Tab, Enter, `]`, `[`, Escape),
 * each step landing on the view it names (its heading) with the fields it names in the hash
 * after the view has read and rewritten it; Back by key and by the browser; a step's own link
 * opened directly; and, with the bar open, the sliders and the main chart on one screen at
 * 1280x720 in presentation mode and at 1280x800. The runs are not waited for: a step is its
 * state, which the view takes at once.
 */
import { expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { RESULTS, e2eSuite, hashParams, text } from './harness.ts';
import { TOUR_STEPS } from '../../src/app/tour-steps.ts';
import { EXPERIMENTS } from '../../src/app/experiments.ts';
import { stepLink, type TourStep } from '../../src/lab/tour.ts';

const headingOf = (view: string) => EXPERIMENTS.find((e) => e.view === view)!.heading;

/**
 * The page shows `step` (k of N): the bar says so, the view's heading is the step's, and the
 * view has read the step's link (its hash has the step's fields, and its own others, e.g. the
 * seed, which only the view writes) with no notice and no question about a long run.
 */
async function expectStep(page: Page, step: TourStep): Promise<void> {
  const index = TOUR_STEPS.indexOf(step);
  const bar = page.getByRole('region', { name: 'Guided tour' });
  await bar.getByText(`Step ${index + 1} of ${TOUR_STEPS.length}`).waitFor();
  expect(await text(bar.getByTestId('tour-text'))).toContain(step.title);
  await page.locator(`#${step.view}-heading`).waitFor({ state: 'attached' });
  expect(await text(page.locator(`#${step.view}-heading`))).toBe(headingOf(step.view));
  await page.waitForFunction(
    ([fields, view, id]) => {
      const p = new URLSearchParams(location.hash.slice(1));
      return (
        p.get('view') === view &&
        p.get('tour') === id &&
        p.has('seed') &&
        Object.entries(fields).every(([k, v]) => p.get(k) === v)
      );
    },
    [step.fields, step.view, step.id] as const,
    { timeout: 30_000 },
  );
  expect(await page.getByText(/^Ignored /).count(), step.id).toBe(0);
  expect(await page.getByText(/This run is estimated at/).count(), step.id).toBe(0);
}

/** Tab from the top of the page until the focused element (in shadow roots too) is the link named `name`. */
async function tabTo(page: Page, name: string): Promise<void> {
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      let el = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      return el?.textContent?.trim() ?? '';
    });
    if (focused === name) return;
  }
  throw new Error(`Tab never reached "${name}"`);
}

e2eSuite('the guided tour', { webgpu: false }, (app) => {
  it('runs from its first step to its last by keyboard alone, each step on its view and state; Back and Escape', async () => {
    const page = await app.open('#view=depth&networks=500', { width: 1280, height: 800 });
    await page.locator('#depth-heading').waitFor({ state: 'attached' });
    expect(await page.getByRole('region', { name: 'Guided tour' }).count()).toBe(0);
    await tabTo(page, 'Tour');
    await page.keyboard.press('Enter');
    await expectStep(page, TOUR_STEPS[0]);
    for (const step of TOUR_STEPS.slice(1)) {
      await page.keyboard.press(']');
      await expectStep(page, step);
    }
    const last = TOUR_STEPS.length - 1;
    // Past the last step nothing moves.
    await page.keyboard.press(']');
    await page.waitForTimeout(300);
    expect(hashParams(page).tour).toBe(TOUR_STEPS[last].id);
    // Back by key, and by the browser's Back (each step is a history entry).
    await page.keyboard.press('[');
    await expectStep(page, TOUR_STEPS[last - 1]);
    await page.keyboard.press('[');
    await expectStep(page, TOUR_STEPS[last - 2]);
    await page.goBack();
    await expectStep(page, TOUR_STEPS[last - 1]);
    // Escape leaves the tour; the view stays with the step's state, the link without the step.
    await page.keyboard.press('Escape');
    await page.getByRole('region', { name: 'Guided tour' }).waitFor({ state: 'detached' });
    const after = hashParams(page);
    expect(after.tour).toBeUndefined();
    expect(after.view).toBe(TOUR_STEPS[last - 1].view);
    for (const [k, v] of Object.entries(TOUR_STEPS[last - 1].fields)) expect(after[k]).toBe(v);
    // Outside the tour the keys do nothing.
    await page.keyboard.press(']');
    await page.waitForTimeout(300);
    expect(hashParams(page).tour).toBeUndefined();
    await page.close();
  });

  it("a step's own link opens on that step; a typed key in a field is the field's; the nav leaves the tour", async () => {
    const step = TOUR_STEPS.find((s) => s.id === 'depth-width')!;
    const page = await app.open(stepLink(step, false), { width: 1280, height: 800 });
    await expectStep(page, step);
    expect(await page.getByRole('slider', { name: 'Width' }).inputValue()).toBe(String(Math.log2(512)));
    // A view change keeps the step in the link (the view rewrites its hash with the tour field).
    await page.getByRole('slider', { name: 'Width' }).focus();
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction(() => new URLSearchParams(location.hash.slice(1)).get('width') === '256');
    expect(hashParams(page).tour).toBe(step.id);
    // `]` typed into a number field does not move the tour.
    await page.getByRole('spinbutton').first().focus();
    await page.keyboard.press(']');
    await page.waitForTimeout(300);
    expect(hashParams(page).tour).toBe(step.id);
    // The count link puts the step's own state back.
    await page.getByRole('link', { name: /^Step \d+ of \d+$/ }).click();
    await expectStep(page, step);
    expect(await page.getByRole('slider', { name: 'Width' }).inputValue()).toBe(String(Math.log2(512)));
    // The nav's view link leaves the tour; its "Tour" link comes back to the step.
    await page.getByRole('link', { name: 'Training' }).click();
    await page.getByRole('region', { name: 'Guided tour' }).waitFor({ state: 'detached' });
    expect(hashParams(page).tour).toBeUndefined();
    await page.getByRole('link', { name: 'Tour' }).click();
    await expectStep(page, step);
    await page.close();
  });

  it('a link naming no step says so and offers the first', async () => {
    const page = await app.open('#view=two-inputs&tour=no-such-step', { width: 1280, height: 800 });
    const bar = page.getByRole('region', { name: 'Guided tour' });
    expect(await text(bar.getByTestId('tour-text'))).toContain('“no-such-step”');
    // The view reads the link as its own: no notice about the tour field.
    await page.waitForFunction(() => new URLSearchParams(location.hash.slice(1)).has('seed'));
    expect(await page.getByText(/^Ignored /).count()).toBe(0);
    await bar.getByRole('button', { name: 'Start the tour' }).click();
    await expectStep(page, TOUR_STEPS[0]);
    await page.close();
  });

  /** Whether the box lies wholly inside a window of this size. */
  const inside = (b: { x: number; y: number; width: number; height: number } | null, w: number, h: number) =>
    b !== null && b.x >= 0 && b.y >= 0 && b.x + b.width <= w && b.y + b.height <= h;

  /** Each view's main sliders (as ux.test.ts names them): Width and Depth unless the view has others. */
  const MAIN_SLIDERS: Record<string, readonly string[]> = {
    'gaussian-integrals': ['Moment order', 'Samples'],
    sums: ['Width'],
  };

  // The first step of each view.
  const screens = TOUR_STEPS.filter((s, i) => i === 0 || TOUR_STEPS[i - 1].view !== s.view).flatMap((step) =>
    [
      { present: true, w: 1280, h: 720 },
      { present: false, w: 1280, h: 800 },
    ].map((sc) => ({ step, ...sc })),
  );
  for (const { step, present, w, h } of screens) {
    it(`${step.id}: with the tour bar open at ${w}x${h}${present ? ' in presentation mode' : ''} the sliders and the main chart share one screen`, async () => {
      const page = await app.open(stepLink(step, present), { width: w, height: h });
      await expectStep(page, step);
      expect(await page.getByRole('button', { name: 'Presentation mode' }).getAttribute('aria-pressed')).toBe(
        present ? 'true' : 'false',
      );
      await page.waitForTimeout(500);
      const bar = await page.getByRole('region', { name: 'Guided tour' }).boundingBox();
      expect(inside(bar, w, h), 'the tour bar on screen').toBe(true);
      for (const name of MAIN_SLIDERS[step.view] ?? ['Width', 'Depth']) {
        expect(inside(await page.getByRole('slider', { name }).boundingBox(), w, h), `${name} slider`).toBe(
          true,
        );
      }
      const plot = await page.locator('widelab-chart-card[fill] .plot').boundingBox();
      expect(inside(plot, w, h), 'the main chart').toBe(true);
      expect(plot!.height).toBeGreaterThan(h / 3);
      // The bar sits above the view, never over it.
      expect(bar!.y + bar!.height).toBeLessThanOrEqual(plot!.y);
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
      expect(
        await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        ),
      ).toBe(0);
      await page.screenshot({ path: join(RESULTS, `tour-${step.id}-${w}x${h}.png`) });
      await page.close();
    });
  }
});
