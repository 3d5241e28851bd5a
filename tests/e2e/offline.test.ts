/**
 * Offline and installable: after one visit the service worker (vite-plugin-pwa's Workbox
 * precache of the whole build) serves the lab with the network off: reload, every view, a run
 * in each. And the built index.html opened from the file system says how to serve it instead
 * of showing a blank page.
 */
import { expect, it } from 'vitest';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inject } from 'vitest';
import { e2eSuite, text, viewSettled } from './harness.ts';

/** Every view's name (src/app/experiments.ts; the views' modules are not loaded into Node). */
const VIEWS = ['gaussian', 'depth', 'two-inputs'];

e2eSuite('offline', { webgpu: false }, (app) => {
  it('reloads, switches views and runs with the network off after one visit', async () => {
    const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(app.url);
    await viewSettled(page, 'gaussian', 1);
    // Installed and activated: its precache holds the build. A reload puts the page under it.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    const manifest = await page.evaluate(() =>
      fetch(document.querySelector<HTMLLinkElement>('link[rel="manifest"]')!.href).then((r) => r.json()),
    );
    expect(manifest.short_name).toBe('widelab');
    expect(manifest.icons.length).toBeGreaterThan(0);

    await context.setOffline(true);
    await page.reload();
    for (const view of VIEWS) {
      // The view's own link: `view=gaussian` is also the start of `view=gaussian-integrals`.
      await page.locator(`nav a[href*="view=${view}&"], nav a[href$="view=${view}"]`).first().click();
      await viewSettled(page, view, 1);
      // Locators pierce the views' shadow roots; textContent of the host would not.
      expect(await page.getByText(/compute worker|undefined/).count()).toBe(0);
      expect(await page.locator('[role="alert"]').count()).toBe(0);
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it('opened from the file system, the built page says how to serve it', async () => {
    const { dir } = inject('widelabE2E');
    const page = await app.browser.newPage();
    await page.goto(pathToFileURL(join(dir, 'index.html')).href);
    const message = page.locator('#file-protocol');
    await message.waitFor();
    expect(await text(message)).toMatch(/npm start.*npx vite preview.*static web server/);
    await page.close();
  });
});
