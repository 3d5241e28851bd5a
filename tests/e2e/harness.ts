/**
 * End-to-end plumbing. tests/e2e/global-setup.ts builds the app once per run and serves it on
 * 127.0.0.1; each test file wraps its tests in e2eSuite(), which skips them with a warning when
 * Chromium is missing (and FAILS them in CI, CI=true: browser tests must never skip there),
 * launches Debian's Chromium through playwright-core, and opens pages of the served app.
 *
 * A new e2e file (tests/e2e/*.test.ts is the `e2e` project in vitest.config.ts, so it gets the
 * build and the server with nothing else to set up):
 *
 *   import { expect, it } from 'vitest';
 *   import { e2eSuite, hashParams, viewSettled } from './harness.ts';
 *
 *   e2eSuite('what it covers', { webgpu: false }, (app) => {
 *     it('does a thing', async () => {
 *       const page = await app.open('#view=depth');
 *       await viewSettled(page, 'depth', 1);
 *       expect(hashParams(page).view).toBe('depth');
 *       await page.close();
 *     });
 *   });
 *
 * Screenshots and downloads go under RESULTS (test-results/e2e/, created before the tests).
 */
import { mkdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const CHROMIUM = process.env.WIDELAB_CHROMIUM ?? '/usr/bin/chromium';
export const IN_CI = /^(1|true|yes)$/i.test(process.env.CI ?? '');
export const RESULTS = join(ROOT, 'test-results', 'e2e');

/** What global-setup.ts hands the test files: the served build, or why there is none. */
export interface E2EContext {
  /** Base URL of the served build, ending in '/'; '' when `error` is set. */
  url: string;
  /** The build's folder (removed after the run); '' when `error` is set. */
  dir: string;
  error: string | null;
}

declare module 'vitest' {
  export interface ProvidedContext {
    widelabE2E: E2EContext;
  }
}

/** Why the browser tests cannot run here, or null. In CI the caller must fail, never skip. */
export function missingPrerequisite(): string | null {
  if (!existsSync(CHROMIUM))
    return `Chromium not found at ${CHROMIUM} (npm test provisions Debian's chromium when run as root)`;
  return null;
}

const COMMON_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

/** Chromium, headless, with WebGPU on SwiftShader, or with WebGPU turned off. */
export function launch(webgpu: boolean): Promise<Browser> {
  const args = webgpu
    ? [...COMMON_ARGS, '--enable-unsafe-webgpu', '--enable-unsafe-swiftshader']
    : [...COMMON_ARGS, '--disable-webgpu', '--disable-features=WebGPU'];
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args });
}

/** A suite's handle on the served app; usable inside tests (after the suite's beforeAll). */
export interface E2EApp {
  /** Base URL of the served build, ending in '/'. */
  readonly url: string;
  /** The suite's browser (WebGPU on or off as asked), for pages that need set-up before loading. */
  readonly browser: Browser;
  /** A new page on `url + hash` (hash may start with '?' or '#'), downloads accepted, page errors logged. */
  open(hash?: string, viewport?: { width: number; height: number }): Promise<Page>;
}

/**
 * describe(name, body) around the served build and one browser for the whole file; the browser
 * is closed after the suite, the build and server after the run (global-setup.ts).
 */
export function e2eSuite(name: string, options: { webgpu: boolean }, body: (app: E2EApp) => void): void {
  const missing = missingPrerequisite();
  if (missing && !IN_CI) console.warn(`[e2e] skipped: ${missing}`);
  describe.skipIf(missing !== null && !IN_CI)(name, () => {
    let url = '';
    let browser: Browser | undefined;

    beforeAll(async () => {
      // In CI a missing browser is a failure, never a skip.
      if (missing) throw new Error(`e2e prerequisites missing in CI: ${missing}`);
      const context = inject('widelabE2E');
      if (!context)
        throw new Error(
          'no served build: run the e2e tests through vitest.config.ts (its e2e project has the globalSetup)',
        );
      if (context.error) throw new Error(context.error);
      url = context.url;
      mkdirSync(RESULTS, { recursive: true });
      browser = await launch(options.webgpu);
    });

    afterAll(async () => {
      await browser?.close();
    });

    const app: E2EApp = {
      get url() {
        if (!url)
          throw new Error(
            'e2eSuite: the app is served only once the suite has started (use it inside tests)',
          );
        return url;
      },
      get browser() {
        if (!browser)
          throw new Error(
            'e2eSuite: the browser is launched only once the suite has started (use it inside tests)',
          );
        return browser;
      },
      async open(hash = '', viewport = { width: 1280, height: 900 }) {
        const page = await app.browser.newPage({ viewport, acceptDownloads: true });
        page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
        await page.goto(app.url + hash);
        return page;
      },
    };
    body(app);
  });
}

/** Text with whitespace runs collapsed (templates break lines anywhere). */
export async function text(l: { textContent(): Promise<string | null> }): Promise<string> {
  return ((await l.textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** The page's state as its URL hash says it. */
export function hashParams(page: Page): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(new URL(page.url()).hash.slice(1)));
}

/** Wait until experiment view `view` (window.__widelabViews) has finished `runs` runs since the page loaded. */
export async function viewSettled(page: Page, view: string, runs: number): Promise<void> {
  await page.waitForFunction(
    ([v, n]) => (window.__widelabViews?.[v as string]?.runs ?? 0) >= (n as number),
    [view, runs],
    { timeout: 60_000 },
  );
}

/** The data that experiment view `view` last published for tests (window.__widelabViews). */
export const viewData = <T>(page: Page, view: string): Promise<T> =>
  page.evaluate((v) => window.__widelabViews![v].data as T, view);
