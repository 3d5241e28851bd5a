/**
 * Play, New seed and Reset to defaults, as a teacher uses them by keyboard: Play steps Width up
 * to 4096, one finished ensemble per value, saying where it is; any other input stops it; New seed
 * and Reset change the link as they say.
 */
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { e2eSuite, hashParams } from './harness.ts';

const width = (page: Page) => Number(hashParams(page).width);

e2eSuite('Play, New seed, Reset', { webgpu: false }, (app) => {
  it('Play (by keyboard) steps Width to 4096 with the readout following, then stops by itself', async () => {
    const page = await app.open('#view=gaussian&width=1024&depth=3&networks=500&present=1');
    await page.waitForFunction(() => (window.__widelabTimings?.runs ?? 0) >= 1, null, { timeout: 60_000 });
    const play = page.getByRole('button', { name: /^Play: Width 4 → 4096/ });
    await play.focus();
    await page.keyboard.press('Enter');
    const stop = page.getByRole('button', { name: /^Stop playing Width/ });
    expect(await stop.getAttribute('aria-pressed')).toBe('true');
    expect(width(page)).toBe(2048);
    await page.getByText('Width 2048 (10 of 11)').waitFor();
    // The readout of 2048 before the next value: Play waits for each run.
    await page.waitForFunction(
      () => new URLSearchParams(location.hash.slice(1)).get('width') === '4096',
      null,
      {
        timeout: 60_000,
      },
    );
    expect(await page.getByText('Width n = 4096').count()).toBe(1);
    await page.getByRole('button', { name: /^Play: Width/ }).waitFor({ timeout: 60_000 });
    expect(await page.getByRole('button', { name: /^Play: Width/ }).getAttribute('aria-pressed')).toBe(
      'false',
    );
    // Focus stayed on the button.
    expect(
      await page.evaluate(() => {
        let a: Element | null = document.activeElement;
        while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
        return a?.getAttribute('aria-pressed');
      }),
    ).toBe('false');
    await page.close();
  });

  it('any other input stops Play: a key on the Depth slider', async () => {
    const page = await app.open('#view=depth&width=4&networks=200');
    await page.waitForFunction(() => (window.__widelabViews?.depth?.runs ?? 0) >= 1, null, {
      timeout: 60_000,
    });
    await page.getByRole('button', { name: /^Play: Width/ }).click();
    expect(width(page)).toBe(8);
    await page.getByRole('slider', { name: 'Depth' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('button', { name: /^Play: Width/ }).getAttribute('aria-pressed')).toBe(
      'false',
    );
    await page.waitForTimeout(4000);
    expect(width(page)).toBe(8);
    await page.close();
  });

  it('New seed moves the seed on; Reset to defaults restores the defaults and keeps presentation mode', async () => {
    const page = await app.open('#view=two-inputs&width=32&seed=7&networks=200&present=1');
    await page.waitForFunction(() => (window.__widelabViews?.['two-inputs']?.runs ?? 0) >= 1, null, {
      timeout: 60_000,
    });
    await page.getByRole('button', { name: 'New seed' }).click();
    expect(hashParams(page).seed).toBe('8');
    await page.getByRole('button', { name: 'Reset to defaults' }).click();
    const h = hashParams(page);
    expect(h.width).toBe('128');
    expect(h.seed).toBe('1');
    expect(h.present).toBe('1');
    await page.close();
  });
});
