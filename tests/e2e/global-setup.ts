/**
 * Vitest globalSetup of the `e2e` project (vitest.config.ts): builds the app ONCE per run into a
 * temporary folder, serves it on 127.0.0.1, hands the URL to the test files through
 * `provide('widelabE2E', ...)` (read by e2eSuite() in harness.ts), and removes both afterwards.
 *
 * Vitest runs a project's globalSetup only when one of its test files is selected, so
 * `npm test -- tests/unit` builds nothing. A failed build does not throw here (that would stop
 * the unit and GPU tests too): its message is provided instead, and every e2e suite fails with it.
 */
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { execFileSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { ROOT, missingPrerequisite, type E2EContext } from './harness.ts';

/** `vite build` into a fresh temporary folder; returns it. */
function buildApp(): string {
  const out = mkdtempSync(join(tmpdir(), 'widelab-e2e-'));
  // WIDELAB_E2E_ROOT: build another page (a folder with an index.html) with the project's config.
  const alt = process.env.WIDELAB_E2E_ROOT
    ? [process.env.WIDELAB_E2E_ROOT, '--config', join(ROOT, 'vite.config.ts')]
    : [];
  try {
    execFileSync(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
        'build',
        ...alt,
        '--outDir',
        out,
        '--emptyOutDir',
        '--logLevel',
        'warn',
      ],
      {
        cwd: ROOT,
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
  } catch (e) {
    rmSync(out, { recursive: true, force: true });
    throw e;
  }
  return out;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

/** Serve `dir` on 127.0.0.1 (a free port); resolves to the server and its base URL. */
async function serve(dir: string): Promise<{ server: Server; url: string }> {
  // Reads are asynchronous: this server lives in Vitest's main process, beside its reporters.
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(dir, path));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    readFile(file).then(
      (body) => {
        res.writeHead(200, {
          'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
          'cache-control': 'no-store',
        });
        res.end(body);
      },
      () => res.writeHead(404).end('not found'),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { server, url: `http://127.0.0.1:${port}/` };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const provide = (context: E2EContext) => project.provide('widelabE2E', context);
  // No browser: the suites skip (or fail, in CI) on their own; a build would be wasted.
  const missing = missingPrerequisite();
  if (missing) {
    provide({ url: '', dir: '', error: `e2e prerequisites missing: ${missing}` });
    return async () => {};
  }
  let dir: string;
  try {
    dir = buildApp();
  } catch (e) {
    provide({ url: '', dir: '', error: `vite build failed: ${e instanceof Error ? e.message : String(e)}` });
    return async () => {};
  }
  const { server, url } = await serve(dir);
  provide({ url, dir, error: null });
  return async () => {
    // Browsers are closed by now (afterAll); closeAllConnections drops their idle keep-alives.
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  };
}
