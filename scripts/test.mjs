#!/usr/bin/env node
// `npm test`: provisions what the suite needs (scripts/provision.mjs), runs all of Vitest
// (tests/unit, tests/gpu, tests/e2e), and ends with one plain line, `N passed, N failed`
// (`, N skipped` when any were), computed from Vitest's JSON report. Exits non-zero on any
// failure. Extra arguments go to Vitest: `npm test -- tests/unit/theory`.
//
// In CI (CI=true) a missing prerequisite stops the run here, loudly: GPU and browser tests
// must fail rather than skip. Elsewhere we warn and let those tests report for themselves.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { provision, testEnvironment } from './provision.mjs';
import { finalLine, summarize } from './summary.mjs';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const inCI = /^(1|true|yes)$/i.test(process.env.CI ?? '');
const started = Date.now();

const vitestBin = join(root, 'node_modules', 'vitest', 'vitest.mjs');
if (!existsSync(vitestBin)) {
  console.error('node_modules is missing or incomplete: run `npm ci` (or `npm install`) first.');
  console.log(finalLine({ passed: 0, failed: 1, skipped: 0 }));
  process.exit(1);
}

const prerequisites = provision();
if (!prerequisites.ok) {
  console.error(prerequisites.message);
  if (inCI) {
    console.error(
      'CI=true: refusing to run with GPU/browser tests unable to run (they must not skip in CI).',
    );
    console.log(finalLine({ passed: 0, failed: 1, skipped: 0 }));
    process.exit(1);
  }
  console.error('Continuing: the GPU and end-to-end tests will report what they cannot do.');
}

const scratch = mkdtempSync(join(tmpdir(), 'widelab-test-'));
const env = testEnvironment(prerequisites.found);
// Dawn's Vulkan backend wants a runtime directory; a private one per run, removed afterwards.
if (!env.XDG_RUNTIME_DIR) env.XDG_RUNTIME_DIR = mkdtempSync(join(scratch, 'xdg-'));
// Kept after the run (test-results/ is gitignored) for a look at what failed.
mkdirSync(join(root, 'test-results'), { recursive: true });
const reportFile = join(root, 'test-results', 'vitest.json');
rmSync(reportFile, { force: true }); // never read a previous run's report

const args = [vitestBin, 'run', '--reporter=default', '--reporter=json', `--outputFile=${reportFile}`];
const child = spawn(process.execPath, [...args, ...process.argv.slice(2)], {
  cwd: root,
  env,
  stdio: 'inherit',
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));

const exitCode = await new Promise((res) =>
  child.on('close', (code, signal) => res(code ?? (signal ? 1 : 0))),
);

let summary;
try {
  summary = summarize(JSON.parse(readFileSync(reportFile, 'utf8')));
} catch (e) {
  console.error(
    `Vitest wrote no readable report (exit code ${exitCode}): ${e instanceof Error ? e.message : e}`,
  );
  summary = { passed: 0, failed: 1, skipped: 0, brokenFiles: [], failedTests: [], skippedTests: [] };
}
rmSync(scratch, { recursive: true, force: true });

const show = (title, items) => {
  if (items.length === 0) return;
  console.log(`\n${title} (${items.length}):`);
  for (const item of items.slice(0, 30)) console.log(`  ${item}`);
  if (items.length > 30) console.log(`  ... and ${items.length - 30} more`);
};
show('Test files that failed to run', summary.brokenFiles);
show('Failed tests', summary.failedTests);
show('Skipped tests', summary.skippedTests);
console.log(`\nwall time ${((Date.now() - started) / 1000).toFixed(1)} s`);
// Vitest can fail with every test passing (an unhandled error, no test files): count that too.
if (exitCode !== 0 && summary.failed === 0) {
  console.log(`Vitest exited with code ${exitCode} although no test failed (see its output above).`);
  summary.failed = 1;
}
console.log(finalLine(summary));
process.exit(summary.failed > 0 ? 1 : 0);
