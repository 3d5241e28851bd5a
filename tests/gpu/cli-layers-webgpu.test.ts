/**
 * `widelab layers --backend webgpu` (through main(), the code path of bin/widelab.mjs): every
 * number of every layer's summary (preactivation norms, gradient norms with the explicit
 * engine, two-input correlations) equals the --backend cpu run of the same seed, relative 1e-4
 * (f32 on the GPU; quantiles are order statistics, so the same network's value); the JSON
 * names the adapter.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { tryGpu } from './gpu-setup.ts';

const gpu = await tryGpu();
gpu?.device.destroy();

async function layers(args: string[], backend: 'cpu' | 'webgpu'): Promise<Record<string, unknown>> {
  let stdout = '';
  let stderr = '';
  const argv = ['layers', ...args, '--backend', backend, ...(backend === 'cpu' ? ['--threads', '1'] : [])];
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  expect(code, `${argv.join(' ')}: ${stderr}`).toBe(0);
  return JSON.parse(stdout) as Record<string, unknown>;
}

/** Every numeric leaf of `value` with its path ('layers.2.gradient.mean.value'). */
function leaves(value: unknown, path: string, out: Map<string, number>): Map<string, number> {
  if (typeof value === 'number') out.set(path, value);
  else if (Array.isArray(value)) value.forEach((v, i) => leaves(v, `${path}.${i}`, out));
  else if (value && typeof value === 'object')
    for (const [key, v] of Object.entries(value)) leaves(v, `${path}.${key}`, out);
  return out;
}

const CASES: { name: string; args: string[]; gradients: boolean }[] = [
  {
    name: 'explicit relu, layer norm',
    args: [
      '--engine',
      'explicit',
      '--activation',
      'relu',
      '--cw',
      '2',
      '--widths',
      '33,17,64',
      '--networks',
      '24',
      '--seed',
      '5',
      '--norm',
      'layer',
    ],
    gradients: true,
  },
  {
    name: 'explicit tanh, two inputs, dropout',
    args: [
      '--engine',
      'explicit',
      '--activation',
      'tanh',
      '--cb',
      '0.1',
      '--width',
      '17',
      '--depth',
      '4',
      '--networks',
      '20',
      '--seed',
      '6',
      '--inputs-correlation',
      '0.3',
      '--dropout',
      '0.2',
    ],
    gradients: true,
  },
  {
    name: 'exact tanh (no gradients: it samples preactivations, not weights)',
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
      '30',
      '--seed',
      '7',
    ],
    gradients: false,
  },
];

describe.skipIf(!gpu)('widelab layers --backend webgpu', () => {
  for (const c of CASES) {
    it(`${c.name}: every per-layer number equals the CPU run's`, async () => {
      const [g, cpu] = [await layers(c.args, 'webgpu'), await layers(c.args, 'cpu')];
      expect(g.backend).toBe('webgpu');
      expect((g.adapter as { type: string }).type).toBe('webgpu');
      expect(g.warnings).toEqual(cpu.warnings);
      const gl = g.layers as { gradient: unknown }[];
      expect(gl.length).toBe((cpu.layers as unknown[]).length);
      for (const layer of gl) {
        if (c.gradients) expect(layer.gradient).toMatchObject({ count: expect.any(Number), nonFinite: 0 });
        else expect(layer.gradient).toBeNull();
      }
      const want = leaves(cpu.layers, 'layers', new Map());
      const got = leaves(g.layers, 'layers', new Map());
      expect([...got.keys()]).toEqual([...want.keys()]);
      // Summaries of logs can sit near 0: an absolute floor of 1e-6 there, far below any SE.
      for (const [path, v] of want) {
        const err = Math.abs(got.get(path)! - v) / Math.max(Math.abs(v), 1e-6);
        expect(err, `${c.name}: ${path}: ${got.get(path)} vs ${v}`).toBeLessThan(1e-4);
      }
      expect(g.theory).toEqual(cpu.theory);
    });
  }
});
