/**
 * No dead ends, in Chromium (CPU engines): a typed value out of range keeps its text with the
 * field's message beside it until fixed; a bad link gives one grouped notice that clears item by
 * item and can be dismissed; Cancel says how far the run got and Resume finishes it (to the
 * numbers of an uninterrupted run), the keyboard focus staying on the button; a long run asks
 * first; a view's settings survive a switch to another view and back.
 */
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { join } from 'node:path';
import { RESULTS, e2eSuite, hashParams, text, viewData, viewSettled } from './harness.ts';

/** The focused element through shadow roots: its tag and text. */
const focused = (page: Page) =>
  page.evaluate(() => {
    let a: Element | null = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    return { tag: a?.tagName.toLowerCase() ?? '', text: (a?.textContent ?? '').trim() };
  });

const runs = (page: Page, view: string) => page.evaluate((v) => window.__widelabViews?.[v]?.runs ?? 0, view);

e2eSuite('notices, Cancel and Resume, long runs, view switches', { webgpu: false }, (app) => {
  it('a typed value out of range stays in the field with its message, the last value in use, until fixed', async () => {
    const page = await app.open('#view=depth&width=16&depth=5&networks=500&seed=3');
    await viewSettled(page, 'depth', 1);
    // Every number field carries its bounds.
    const bounds = await page
      .locator('depth-criticality-lab input[type="number"]')
      .evaluateAll((inputs) =>
        inputs.map((i) => [i.getAttribute('aria-label'), i.getAttribute('min'), i.getAttribute('max')]),
      );
    expect(bounds).toEqual([
      ['C_W', '0', '100'],
      ['C_b', '0', '100'],
      ['Networks', '100', '100000'],
      ['Seed', '0', '4294967295'],
      ['Dropout', '0', '0.9'],
    ]);
    const networks = page.getByRole('spinbutton', { name: 'Networks' });
    await networks.fill('99999999');
    await networks.press('Enter');
    const message = 'Networks must be a whole number from 100 to 100000; still using 500.';
    await expect.poll(() => networks.getAttribute('aria-invalid')).toBe('true');
    expect(await networks.inputValue()).toBe('99999999');
    const described = await networks.getAttribute('aria-describedby');
    expect(await text(page.locator(`#${described}`))).toBe(message);
    expect(hashParams(page).networks).toBe('500');
    await page.screenshot({ path: join(RESULTS, 'notices-typed-out-of-range.png') });
    await networks.fill('0');
    await networks.press('Tab');
    await expect.poll(() => networks.inputValue()).toBe('0');
    expect(await text(page.locator(`#${described}`))).toBe(message);
    await page.waitForTimeout(300);
    expect(await runs(page, 'depth')).toBe(1); // nothing ran
    await networks.fill('800');
    await networks.press('Enter');
    await expect.poll(() => networks.getAttribute('aria-invalid')).toBe('false');
    expect(await page.getByText(message).count()).toBe(0);
    expect(hashParams(page).networks).toBe('800');
    await viewSettled(page, 'depth', 2);

    // The Gaussian-limit view's own inputs say the same.
    await page.getByRole('link', { name: /^Gaussian limit/ }).click();
    const cw = page.getByRole('spinbutton', { name: 'C_W' });
    await cw.fill('0');
    await cw.press('Enter');
    await page.getByText('C_W must be a number above 0 and at most 100; still using 2.').waitFor();
    await page.screenshot({ path: join(RESULTS, 'notices-typed-cw.png') });
    expect(await cw.getAttribute('max')).toBe('100');
    await cw.fill('1.5');
    await cw.press('Enter');
    await expect.poll(() => page.getByText('C_W must be').count()).toBe(0);
    expect(hashParams(page).cw).toBe('1.5');
    await page.close();
  });

  it('a bad link gives one notice listing its bad settings; each goes once set, and the notice can be dismissed', async () => {
    const page = await app.open('#view=depth&width=abc&cw=-1&networks=99999999&norm=batch&bogus=1');
    await viewSettled(page, 'depth', 1);
    const alerts = page.getByRole('alert');
    expect(await alerts.count()).toBe(1);
    const items = alerts.locator('li');
    expect(await items.count()).toBe(5);
    expect(await text(alerts)).toContain('The link had 5 settings the lab could not use:');
    expect(await text(items.first())).toContain(
      'Ignored width="abc" from the link: Width must be a whole number',
    );
    await page.screenshot({ path: join(RESULTS, 'notices-bad-link.png') });
    // Setting Width clears its item.
    await page.getByRole('slider', { name: 'Width' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => items.count()).toBe(4);
    expect(await text(alerts)).not.toContain('width=');
    await page.getByRole('button', { name: "Dismiss the link's notices" }).click();
    await expect.poll(() => alerts.count()).toBe(0);
    await page.close();
  });

  it('Cancel says how far the run got and keeps the focus; Resume finishes it with the uninterrupted numbers', async () => {
    const link = '#view=depth&width=128&depth=30&networks=20000&seed=4';
    const page = await app.open(link);
    await page.waitForFunction(
      () => ((window.__widelabViews?.depth?.data as { networks: number } | undefined)?.networks ?? 0) >= 1000,
      null,
      { timeout: 60_000 },
    );
    const cancel = page.getByRole('button', { name: 'Cancel' });
    await cancel.focus();
    await page.keyboard.press('Enter');
    const status = page.getByText(/^Cancelled at \d+ of 20000 networks$/);
    await status.waitFor();
    const at = Number(/at (\d+) of/.exec(await text(status))![1]);
    expect(at).toBeGreaterThanOrEqual(1000);
    expect(at).toBeLessThan(20000);
    expect(await focused(page)).toEqual({ tag: 'button', text: 'Resume' });
    await page.screenshot({ path: join(RESULTS, 'notices-cancelled.png') });
    const readout = page.getByTestId('depth-readout');
    const paused = await text(readout);
    expect(paused).toContain(`M = ${at}:`);
    await page.waitForTimeout(600);
    expect(await text(readout)).toBe(paused); // nothing more arrives while cancelled
    expect(await runs(page, 'depth')).toBe(0);

    await page.keyboard.press('Enter'); // Resume, from where the focus stayed
    await page.waitForFunction(
      (m) => ((window.__widelabViews?.depth?.data as { networks: number } | undefined)?.networks ?? 0) !== m,
      at,
    );
    // It went on from where it stopped: a rerun would start again from a few hundred networks.
    expect((await viewData<{ networks: number }>(page, 'depth')).networks).toBeGreaterThan(at);
    await viewSettled(page, 'depth', 1);
    const resumed = await viewData<unknown>(page, 'depth');
    expect((resumed as { networks: number }).networks).toBe(20000);
    const after = await focused(page);
    expect(after).toEqual({ tag: 'button', text: 'Cancel' }); // never <body>
    expect(await page.getByRole('button', { name: 'Cancel' }).getAttribute('aria-disabled')).toBe('true');
    const finalReadout = await text(readout);
    await page.close();

    const straight = await app.open(link);
    await viewSettled(straight, 'depth', 1);
    expect(await viewData<unknown>(straight, 'depth')).toEqual(resumed);
    expect(await text(straight.getByTestId('depth-readout'))).toBe(finalReadout);
    await straight.close();
  });

  it('a run estimated over 30 s asks first, in the page, and can run a smaller ensemble instead', async () => {
    const page = await app.open('#view=depth&width=1024&depth=100&networks=10000&seed=2');
    const question = page.getByTestId('long-run');
    await question.waitFor({ timeout: 60_000 });
    expect(await text(question)).toMatch(
      /^This run is estimated at \d+(\.\d)? (s|min|h)\. Run it Run 2000 networks instead$/,
    );
    expect(await page.evaluate(() => window.__widelabViews?.depth?.running ?? false)).toBe(false);
    await page.screenshot({ path: join(RESULTS, 'notices-long-run.png') });
    await page.getByRole('button', { name: 'Run 2000 networks instead' }).click();
    expect(hashParams(page).networks).toBe('2000');
    await expect.poll(() => question.count()).toBe(0);
    await expect.poll(() => page.evaluate(() => window.__widelabViews?.depth?.running ?? false)).toBe(true);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.close();
  });

  it("each view's settings survive a switch to another view and back", async () => {
    const page = await app.open('#view=depth&width=16&depth=7&networks=300&dropout=0.2');
    await viewSettled(page, 'depth', 1);
    await page.getByRole('link', { name: /^Two inputs/ }).click();
    await viewSettled(page, 'two-inputs', 1);
    const rho = page.getByRole('spinbutton', { name: 'Input correlation' });
    await rho.fill('-0.25');
    await rho.press('Enter');
    expect(hashParams(page).rho).toBe('-0.25');
    await page.getByRole('link', { name: /^Depth/ }).click();
    await expect.poll(() => hashParams(page).view).toBe('depth');
    expect(hashParams(page)).toMatchObject({ width: '16', depth: '7', networks: '300', dropout: '0.2' });
    await page.getByText('Width n = 16').waitFor();
    expect(await page.getByRole('spinbutton', { name: 'Dropout' }).inputValue()).toBe('0.2');
    await page.getByRole('link', { name: /^Two inputs/ }).click();
    await expect.poll(() => hashParams(page).rho).toBe('-0.25');
    expect(await page.getByRole('spinbutton', { name: 'Input correlation' }).inputValue()).toBe('-0.25');
    // Back into the depth view, a change there, Forward out of it: the nav returns to that change.
    await page.goBack();
    await expect.poll(() => hashParams(page).view).toBe('depth');
    await page.getByRole('slider', { name: 'Depth' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => hashParams(page).depth).toBe('8');
    await page.goForward();
    await expect.poll(() => hashParams(page).view).toBe('two-inputs');
    await page.getByRole('link', { name: /^Depth/ }).click();
    await expect.poll(() => hashParams(page).view).toBe('depth');
    expect(hashParams(page)).toMatchObject({ width: '16', depth: '8', dropout: '0.2' });
    await page.close();
  });
});
