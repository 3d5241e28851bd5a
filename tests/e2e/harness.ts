/**
 * End-to-end plumbing: build the app once into a temporary folder, serve it on 127.0.0.1 with
 * a tiny static server, and drive Debian's Chromium through playwright-core.
 */
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { chromium, type Browser } from 'playwright-core';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const CHROMIUM = process.env.WIDELAB_CHROMIUM ?? '/usr/bin/chromium';
export const IN_CI = /^(1|true|yes)$/i.test(process.env.CI ?? '');
export const RESULTS = join(ROOT, 'test-results', 'e2e');

/** Why the browser tests cannot run here, or null. In CI the caller must fail, never skip. */
export function missingPrerequisite(): string | null {
  if (!existsSync(CHROMIUM)) return `Chromium not found at ${CHROMIUM} (npm test provisions Debian's chromium when run as root)`;
  return null;
}

/** `vite build` into a fresh temporary folder; returns it. */
export function buildApp(): string {
  const out = mkdtempSync(join(tmpdir(), 'widelab-e2e-'));
  // WIDELAB_E2E_ROOT: build another page (a folder with an index.html) with the project's config.
  const alt = process.env.WIDELAB_E2E_ROOT ? [process.env.WIDELAB_E2E_ROOT, '--config', join(ROOT, 'vite.config.ts')] : [];
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', ...alt, '--outDir', out, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
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
export async function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(dir, path));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { server, url: `http://127.0.0.1:${port}/` };
}

const COMMON_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];

/** Chromium, headless, with WebGPU on SwiftShader, or with WebGPU turned off. */
export function launch(webgpu: boolean): Promise<Browser> {
  const args = webgpu
    ? [...COMMON_ARGS, '--enable-unsafe-webgpu', '--enable-unsafe-swiftshader']
    : [...COMMON_ARGS, '--disable-webgpu', '--disable-features=WebGPU'];
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args });
}

export function removeBuild(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
