// The real-GPU pack, as far as it can be checked without a GPU or a network: check.sh parses and
// names only what scripts/device-pack.mjs makes, its results fit the device tool's return limits,
// the size budget is exact, the source rewrites do what they say, the bundles build and run, and
// the small test runner that replaces Vitest there counts passes, failures and skips as Vitest does.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CARRY_LIMIT_BYTES,
  ENTRIES,
  EXPECTED_REWRITES,
  PACK_FILES,
  ROOT,
  bundle,
  rewriteSource,
  sizeBudget,
} from '../../../scripts/device-pack.mjs';
import * as shim from '../../../device-pack/vitest-shim.mjs';

const checkSh = join(ROOT, 'device-pack/check.sh');
const script = readFileSync(checkSh, 'utf8');

describe('device-pack/check.sh', () => {
  it('parses (bash -n)', () => {
    const r = spawnSync('bash', ['-n', checkSh], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('reads from the pack only files the pack script makes, and requires all but the optional Node', () => {
    const named = new Set([...script.matchAll(/\$pack"?\/([A-Za-z0-9._-]+)/g)].map((m) => m[1]));
    const required = /for f in ([^;]+); do\s*\n?\s*\[\[ -e \$pack\/\$f/.exec(script)?.[1].trim().split(/\s+/);
    expect(required).toBeDefined();
    for (const f of required!) named.add(f);
    named.delete('$f');
    expect([...named].filter((f) => !PACK_FILES.includes(f))).toEqual([]);
    expect([...required!].sort()).toEqual(PACK_FILES.filter((f) => f !== 'node.gz').sort());
  });

  it('writes at most 8 flat files into $OUT, named as the device tool returns them', () => {
    const direct = [...script.matchAll(/\$OUT\/([A-Za-z0-9._-]+)/g)].map((m) => m[1]);
    const staged = [...script.matchAll(/^\s*stage [\w-]+ \d+ (\S+)/gm)]
      .map((m) => m[1])
      .filter((f) => f !== '-');
    const files = new Set([...direct, ...staged]);
    expect(files.size).toBeGreaterThanOrEqual(7);
    expect(files.size).toBeLessThanOrEqual(8);
    for (const f of files) expect(f).toMatch(/^[A-Za-z0-9._-]+$/);
  });

  it('gives every stage its own timeout, and their limits fit the 10-minute command', () => {
    const limits = [...script.matchAll(/^\s*stage [\w-]+ (\d+) /gm)].map((m) => Number(m[1]));
    expect(limits.length).toBeGreaterThanOrEqual(6);
    const budget = Number(/WIDELAB_CHECK_BUDGET_S:-(\d+)/.exec(script)?.[1]);
    expect(budget).toBeLessThanOrEqual(570);
    expect(script).toMatch(/timeout -k 5 "\$limit"/);
  });
});

describe('the size budget', () => {
  it('is the 64 MiB of the device tool', () => {
    expect(CARRY_LIMIT_BYTES).toBe(67_108_864);
  });

  it('adds the tree to the pack and fits up to the last byte', () => {
    const items: [string, number][] = [
      ['node.gz', 36_000_000],
      ['dawn.node.gz', 7_000_003],
    ];
    const b = sizeBudget(2_000_000, items, 45_000_003);
    expect(b).toEqual({
      treeBytes: 2_000_000,
      packBytes: 43_000_003,
      total: 45_000_003,
      limit: 45_000_003,
      margin: 0,
      ok: true,
    });
    const over = sizeBudget(2_000_001, items, 45_000_003);
    expect([over.margin, over.ok]).toEqual([-1, false]);
  });
});

describe('the source rewrites', () => {
  const opts = () => ({ root: '/r', outdir: '/r/.device-pack', counts: {} as Record<string, number> });

  it('turns a specifier hidden in a variable into a literal import', () => {
    const o = opts();
    const text = "const nodeModule = './node-gpu.ts';\nawait import(/* @vite-ignore */ nodeModule);\n";
    expect(rewriteSource(text, '/r/src/engine/webgpu/device.ts', o)).toBe(
      "const nodeModule = './node-gpu.ts';\nawait import('./node-gpu.ts');\n",
    );
    expect(o.counts).toEqual({ 'hidden-import': 1 });
  });

  it('aims new URL(..., import.meta.url) from the pack folder at the same file, a folder keeping its slash', () => {
    const o = opts();
    const text = [
      "new URL('../../package.json', import.meta.url)",
      'new URL(`../../../shaders/${name}`, import.meta.url)',
      "new URL('./results/', import.meta.url)",
    ].join('\n');
    expect(rewriteSource(text, '/r/src/cli/main.ts', o).split('\n')).toEqual([
      "new URL('../package.json', import.meta.url)",
      'new URL(`../../shaders/${name}`, import.meta.url)',
      "new URL('../src/cli/results/', import.meta.url)",
    ]);
    expect(o.counts).toEqual({ 'url-to-tree': 3 });
  });

  it('points the worker entry and bin/widelab.mjs at their bundles', () => {
    const o = opts();
    expect(
      rewriteSource(
        "new Worker(new URL('./node-worker.mjs', import.meta.url))",
        '/r/src/engine/cpu/node-pool.ts',
        o,
      ),
    ).toBe("new Worker(new URL('./node-worker.mjs', import.meta.url))");
    expect(
      rewriteSource("new URL('../../bin/widelab.mjs', import.meta.url)", '/r/tests/gpu/cli.test.ts', o),
    ).toBe("new URL('./widelab.mjs', import.meta.url)");
    expect(o.counts).toEqual({ 'url-to-bundle': 2 });
  });
});

describe('the bundles', () => {
  const out = mkdtempSync(join(tmpdir(), 'widelab-pack-test-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('build from the sources with every rewrite still matching, and the CLI runs from them', async () => {
    const r = await bundle(ROOT, out);
    for (const rule of EXPECTED_REWRITES) expect(r.counts[rule] ?? 0, rule).toBeGreaterThan(0);
    for (const name of Object.keys(ENTRIES)) expect(existsSync(join(out, `${name}.mjs`)), name).toBe(true);
    expect(r.testFiles).toContain('gpu-trainer.test.ts');
    expect(r.testFiles).toContain('engines.test.ts');
    // Every source the bundles read is listed with its hash, so check.sh can refuse a stale pack.
    const hashed = readFileSync(join(out, 'inputs.sha256'), 'utf8').trim().split('\n');
    expect(hashed.length).toBe(r.inputs);
    expect(hashed.some((l) => /^[0-9a-f]{64} {2}src\/engine\/webgpu\/gpu-trainer\.ts$/.test(l))).toBe(true);
    expect(hashed.some((l) => l.endsWith('  shaders/rng.wgsl'))).toBe(true);
    // No tsx, no node_modules: package.json is found in the tree through the rewritten URL.
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const v = spawnSync(process.execPath, [join(out, 'widelab.mjs'), '--version'], { encoding: 'utf8' });
    expect(v.stderr).toBe('');
    expect(v.stdout.trim()).toBe(pkg.version);
  });
});

describe('the runner that stands in for Vitest on the device', () => {
  const newReport = (): shim.ShimReport => ({
    passed: 0,
    failed: 0,
    skipped: 0,
    files: [],
    failures: [],
    log: () => {},
  });

  it('counts passes, failures (Vitest assertion messages) and skips, and runs afterAll after the tests', async () => {
    const order: string[] = [];
    const report = newReport();
    await shim.runFile(
      'a.test.ts',
      async () => {
        shim.describe('suite', () => {
          shim.afterAll(() => order.push('afterAll'));
          shim.it('passes', () => {
            order.push('passes');
            shim.expect({ a: [1, 2] }).toEqual({ a: [1, 2] });
          });
          shim.it('fails', () => shim.expect([1]).toEqual([2]));
          shim.it('rejects', async () => {
            await Promise.resolve();
            throw new Error('boom');
          });
          shim.it.skipIf(true)('skipped', () => order.push('never'));
        });
        shim.describe.skipIf(true)('skipped suite', () => {
          shim.afterAll(() => order.push('never'));
          shim.it('one', () => order.push('never'));
          shim.it('two', () => order.push('never'));
        });
      },
      report,
    );
    expect([report.passed, report.failed, report.skipped]).toEqual([1, 2, 3]);
    expect(order).toEqual(['passes', 'afterAll']);
    expect(report.failures.map((f) => f.test)).toEqual([
      'a.test.ts > suite > fails',
      'a.test.ts > suite > rejects',
    ]);
    expect(report.failures[0].message).toMatch(/expected \[ 1 \] to deeply equal \[ 2 \]/);
    expect(report.files.map((f) => f.file)).toEqual(['a.test.ts']);
  });

  it('counts a file that fails to load as one failure', async () => {
    const report = newReport();
    await shim.runFile('b.test.ts', () => Promise.reject(new Error('no adapter')), report);
    expect([report.passed, report.failed, report.skipped]).toEqual([0, 1, 0]);
    expect(report.failures).toEqual([{ test: 'b.test.ts (failed to load)', message: 'no adapter' }]);
  });
});
