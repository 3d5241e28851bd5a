// The device machine's GPU checks, bundled by scripts/device-pack.mjs into .device-pack/gpu-check.mjs.
//
//   node gpu-check.mjs adapter FILE.json    the adapter Dawn picks, its limits and features
//   node gpu-check.mjs tests FILE.json      every tests/gpu file (GPU == CPU value by value)
//
// `virtual:gpu-tests` is generated at pack time: one loader per tests/gpu/*.test.ts. With
// WIDELAB_CHECK_TESTS=a,b only files whose names contain a or b run (a quick run here).
// Exit status 0 only when every selected test passed (skips are reported; with CI set, as
// check.sh sets it, a missing adapter fails each file instead of skipping it).
import { readFileSync, writeFileSync } from 'node:fs';
import { runFile } from './vitest-shim.mjs';
import testFiles from 'virtual:gpu-tests';
import { requestGpu, adapterLine } from '../src/engine/webgpu/device.ts';

const [mode, outFile] = process.argv.slice(2);
const log = (line) => console.log(line);

/** The Vulkan loader and driver libraries this process mapped (Linux): which ones Dawn found. */
function vulkanLibraries() {
  try {
    const paths = readFileSync('/proc/self/maps', 'utf8')
      .split('\n')
      .map((l) => l.slice(l.indexOf('/')))
      .filter((p) => /vulkan|nvidia|swiftshader|GLdispatch/i.test(p) && p.startsWith('/'));
    return [...new Set(paths)];
  } catch {
    return [];
  }
}

async function adapter() {
  const gpu = await requestGpu();
  const limits = {};
  // GPUSupportedLimits' fields are getters on its prototype: copy the numeric ones.
  for (const key in gpu.device.limits) {
    const v = gpu.device.limits[key];
    if (typeof v === 'number') limits[key] = v;
  }
  const report = {
    line: adapterLine(gpu.adapter),
    adapter: gpu.adapter,
    features: [...gpu.device.features].sort(),
    limits,
    node: process.version,
    libraries: vulkanLibraries(),
    env: {
      VK_DRIVER_FILES: process.env.VK_DRIVER_FILES ?? null,
      VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES ?? null,
    },
  };
  gpu.device.destroy();
  log(`adapter: ${report.line}`);
  for (const lib of report.libraries) log(`  mapped ${lib}`);
  log(
    `  maxStorageBufferBindingSize ${limits.maxStorageBufferBindingSize}, maxBufferSize ${limits.maxBufferSize}`,
  );
  return { report, ok: true };
}

async function tests() {
  const wanted = (process.env.WIDELAB_CHECK_TESTS ?? '').split(',').filter(Boolean);
  const chosen = testFiles.filter(([name]) => wanted.length === 0 || wanted.some((w) => name.includes(w)));
  const report = { passed: 0, failed: 0, skipped: 0, files: [], failures: [], log };
  // Vitest fails a run on an unhandled error; so do we.
  process.on('unhandledRejection', (e) => {
    report.failed++;
    report.failures.push({ test: '(unhandled rejection)', message: String(e?.message ?? e) });
    log(`  FAIL unhandled rejection: ${e?.message ?? e}`);
  });
  const started = Date.now();
  for (const [name, load] of chosen) await runFile(name, load, report);
  if (chosen.length === 0) {
    report.failed++;
    report.failures.push({ test: '(selection)', message: `no test file matches ${wanted.join(',')}` });
  }
  const { log: _log, ...summary } = report;
  const seconds = (Date.now() - started) / 1000;
  log(
    `gpu tests: ${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped in ${seconds.toFixed(1)} s`,
  );
  return { report: { ...summary, seconds, selected: chosen.map(([n]) => n) }, ok: summary.failed === 0 };
}

if (mode !== 'adapter' && mode !== 'tests') {
  console.error('usage: gpu-check.mjs adapter|tests OUT.json');
  process.exit(2);
}
let result;
try {
  result = mode === 'adapter' ? await adapter() : await tests();
} catch (e) {
  result = { report: { error: e instanceof Error ? e.message : String(e) }, ok: false };
  console.error(`${mode} failed: ${result.report.error}`);
}
if (outFile) writeFileSync(outFile, `${JSON.stringify(result.report, null, 2)}\n`);
// Dawn's instances are kept alive for the process (node-gpu.ts): leave without waiting on them.
process.exit(result.ok ? 0 : 1);
