/**
 * `widelab simulate --backend webgpu` end to end (a child process, as a user runs it): for both
 * engines the --samples file equals, line by line, the --backend cpu run of the same seed
 * (relative 1e-4 on f32), and the JSON names the adapter. The exact cases avoid the CPU's
 * scale-invariant shortcut (relu/linear with one input draws other random numbers): tanh, or
 * two inputs.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tryGpu } from './gpu-setup.ts';

const gpu = await tryGpu();
const software = gpu?.adapter.software ?? false;
gpu?.device.destroy();

const BIN = fileURLToPath(new URL('../../bin/widelab.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'widelab-cli-gpu-'));

function widelab(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** The samples of one run: one row per network, k values. */
async function simulate(
  args: string[],
  backend: 'cpu' | 'webgpu',
  name: string,
): Promise<{ json: Record<string, unknown>; rows: number[][] }> {
  const file = join(dir, `${name}-${backend}.txt`);
  const extra = backend === 'cpu' ? ['--threads', '1'] : [];
  const r = await widelab(['simulate', ...args, '--backend', backend, '--samples', file, ...extra]);
  expect(r.status, `${name} ${backend}: ${r.stderr}`).toBe(0);
  const rows = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split('\t').map(Number));
  return { json: JSON.parse(r.stdout) as Record<string, unknown>, rows };
}

const CASES: { name: string; args: string[]; networks: number; k: number }[] = [
  {
    name: 'exact-tanh',
    args: [
      '--engine',
      'exact',
      '--activation',
      'tanh',
      '--width',
      '40',
      '--depth',
      '3',
      '--networks',
      '50',
      '--seed',
      '7',
    ],
    networks: 50,
    k: 1,
  },
  {
    name: 'exact-relu-k2',
    args: [
      '--engine',
      'exact',
      '--activation',
      'relu',
      '--widths',
      '33,20',
      '--networks',
      '40',
      '--seed',
      '8',
      '--inputs-correlation',
      '0.3',
    ],
    networks: 40,
    k: 2,
  },
  {
    name: 'explicit-tanh',
    args: [
      '--engine',
      'explicit',
      '--activation',
      'tanh',
      '--width',
      '24',
      '--depth',
      '3',
      '--networks',
      '20',
      '--seed',
      '9',
    ],
    networks: 20,
    k: 1,
  },
  {
    name: 'explicit-gelu-k2',
    args: [
      '--engine',
      'explicit',
      '--activation',
      'gelu',
      '--width',
      '19',
      '--depth',
      '2',
      '--networks',
      '15',
      '--seed',
      '10',
      '--inputs-correlation',
      '-0.4',
    ],
    networks: 15,
    k: 2,
  },
];

describe.skipIf(!gpu)('widelab simulate --backend webgpu', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.skipIf(!software)(
    'with no ICD configured, falls back to SwiftShader and says so in the JSON',
    async () => {
      const env = { ...process.env };
      delete env.VK_ICD_FILENAMES;
      const r = await widelab(
        ['simulate', '--width', '10', '--depth', '2', '--networks', '5', '--backend', 'webgpu'],
        env,
      );
      expect(r.status, r.stderr).toBe(0);
      const adapter = (JSON.parse(r.stdout) as { adapter: { software: boolean; note: string } }).adapter;
      expect(adapter.software).toBe(true);
      expect(adapter.note).toMatch(/SwiftShader/);
    },
  );

  it('with no Vulkan driver at all, simulate, train and ntk on WebGPU say so in one line, exit 1, no stack trace', async () => {
    const env = {
      ...process.env,
      VK_ICD_FILENAMES: '/nonexistent.json',
      VK_DRIVER_FILES: '/nonexistent.json',
    };
    for (const command of ['simulate', 'train', 'ntk']) {
      const r = await widelab([command, '--width', '8', '--networks', '4', '--backend', 'webgpu'], env);
      expect(r.status, `${command}: ${r.stderr}`).toBe(1);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines.at(-1)).toMatch(
        /^widelab: WebGPU is unavailable here \(no WebGPU adapter: .+\); run with --backend cpu$/,
      );
      expect(
        lines.filter((l) => /^\s+at /.test(l)),
        command,
      ).toEqual([]);
    }
  });

  it("keeps Dawn's own adapter-discovery warnings off stderr (no ICD configured, so Dawn tries them all)", async () => {
    const env = { ...process.env };
    delete env.VK_ICD_FILENAMES;
    const args = ['simulate', '--width', '16', '--depth', '3', '--networks', '200', '--backend', 'webgpu'];
    const r = await widelab(args, env);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect((JSON.parse(r.stdout) as { networks: number }).networks).toBe(200);
  });

  it('sweep --backend webgpu: every row as the CPU sweep of the same seed (f32 rounding)', async () => {
    const args = [
      'sweep',
      '--activation',
      'tanh',
      '--width',
      '8,24',
      '--depth',
      '3',
      '--networks',
      '400',
      '--seed',
      '4',
    ];
    const [g, c] = await Promise.all([
      widelab([...args, '--backend', 'webgpu']),
      widelab([...args, '--backend', 'cpu', '--threads', '1']),
    ]);
    expect(g.status, g.stderr).toBe(0);
    expect(c.status, c.stderr).toBe(0);
    expect(g.stderr).toBe('');
    type Row = { width: number; variance: { value: number }; excessKurtosis: { value: number } };
    const gpuRows = (JSON.parse(g.stdout) as { rows: Row[] }).rows;
    const cpuRows = (JSON.parse(c.stdout) as { rows: Row[] }).rows;
    expect(gpuRows.map((r) => r.width)).toEqual([8, 24]);
    for (const [i, row] of gpuRows.entries()) {
      const v = cpuRows[i].variance.value;
      expect(Math.abs(row.variance.value - v) / v).toBeLessThan(1e-3);
      const k = cpuRows[i].excessKurtosis.value;
      expect(Math.abs(row.excessKurtosis.value - k)).toBeLessThan(1e-2 * (1 + Math.abs(k)));
    }
  });

  for (const c of CASES) {
    it(`${c.name}: samples equal the CPU run's line by line; the JSON names the adapter`, async () => {
      const [g, cpu] = await Promise.all([
        simulate(c.args, 'webgpu', c.name),
        simulate(c.args, 'cpu', c.name),
      ]);
      expect(g.rows.length).toBe(c.networks);
      expect(cpu.rows.length).toBe(c.networks);
      const all = cpu.rows.flat();
      const rms = Math.sqrt(all.reduce((s, v) => s + v * v, 0) / all.length) || 1;
      for (let i = 0; i < c.networks; i++) {
        expect(g.rows[i].length).toBe(c.k);
        for (let a = 0; a < c.k; a++) {
          const err = Math.abs(g.rows[i][a] - cpu.rows[i][a]) / (Math.abs(cpu.rows[i][a]) + rms);
          expect(
            err,
            `${c.name}: network ${i} input ${a}: ${g.rows[i][a]} vs ${cpu.rows[i][a]}`,
          ).toBeLessThan(1e-4);
        }
      }
      expect(g.json.backend).toBe('webgpu');
      expect((g.json.engine as { kind: string }).kind).toBe(c.args[1]);
      const adapter = g.json.adapter as Record<string, unknown>;
      expect(adapter.type).toBe('webgpu');
      for (const field of ['vendor', 'architecture', 'description'])
        expect(typeof adapter[field]).toBe('string');
      expect(String(adapter.description).length).toBeGreaterThan(0);
      expect(adapter.software).toBe(software);
      if (software)
        expect(
          `${String(adapter.vendor)} ${String(adapter.architecture)} ${String(adapter.description)}`,
        ).toMatch(/swiftshader/i);
      expect((cpu.json.adapter as { type: string }).type).toBe('cpu');
    });
  }
});
