/**
 * The activation and normalization codes of src/engine/webgpu/codes.ts against the shaders:
 * the WGSL names each code (ACT_*, NORM_*) with the same number, the switches use only those
 * names, and `activate` / `norm_stats` run on the GPU compute, for every code, what its name
 * says (against src/theory's float64 nonlinearities). Renumbering either side fails here.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { ACTIVATION_NAMES, makeActivation } from '../../src/theory/activations.ts';
import { NORMALIZATIONS } from '../../src/engine/spec.ts';
import { ACTIVATION_CODES, NORM_CODES, wgslName } from '../../src/engine/webgpu/codes.ts';
import { shaderSource } from '../../src/engine/webgpu/shaders.ts';
import { readBack, STORAGE } from '../../src/engine/webgpu/buffers.ts';
import { checked, runKernel, tryGpu } from './gpu-setup.ts';

const gpu = await tryGpu();
const wgsl = (name: string) => readFile(new URL(`../../shaders/${name}`, import.meta.url), 'utf8');

/** `const PREFIX_NAME: u32 = Nu;` declarations of a source, by name. */
function constants(code: string, prefix: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of code.matchAll(
    new RegExp(`const\\s+(${prefix}_\\w+)\\s*:\\s*u32\\s*=\\s*(\\d+)u\\s*;`, 'g'),
  ))
    out.set(m[1], Number(m[2]));
  return out;
}

/** The case selectors of the `switch (code)` in function `fn` of `code`. */
function switchCases(code: string, fn: string): string[] {
  const start = code.indexOf(`fn ${fn}(`);
  const body = code.slice(start, code.indexOf('\n}\n', start));
  return [...body.matchAll(/case\s+([^:{]+?)\s*:?\s*\{/g)].flatMap((m) =>
    m[1].split(',').map((s) => s.trim()),
  );
}

describe('activation and normalization codes', () => {
  it('every code has its WGSL constant with the same number, and no other exists', async () => {
    const code = await wgsl('activations.wgsl');
    const acts = constants(code, 'ACT');
    expect(new Map(Object.entries(ACTIVATION_CODES).map(([n, c]) => [wgslName('ACT', n), c]))).toEqual(acts);
    const norms = constants(code, 'NORM');
    expect(new Map(Object.entries(NORM_CODES).map(([n, c]) => [wgslName('NORM', n), c]))).toEqual(norms);
    // Every name the lab offers has a code, and no two share one.
    for (const name of ACTIVATION_NAMES) expect(ACTIVATION_CODES[name], name).toBeTypeOf('number');
    expect(new Set(Object.values(ACTIVATION_CODES)).size).toBe(ACTIVATION_NAMES.length);
    for (const name of NORMALIZATIONS) expect(NORM_CODES[name], name).toBeTypeOf('number');
  });

  it('the activation switches select by name only, one case per code', async () => {
    const names = Object.keys(ACTIVATION_CODES).map((n) => wgslName('ACT', n));
    for (const [file, fn] of [
      ['activations.wgsl', 'activate'],
      ['activations.wgsl', 'activate_deriv'],
    ]) {
      const cases = switchCases(await wgsl(file), fn).filter((c) => c !== 'default');
      expect(cases.sort(), `${file} ${fn}`).toEqual([...names].sort());
    }
  });
});

describe.skipIf(!gpu)('activation and normalization codes on the GPU', () => {
  const buffers: GPUBuffer[] = [];
  afterAll(() => buffers.forEach((b) => b.destroy()));
  const xs = Array.from({ length: 64 }, (_, i) => -3 + (6 * i) / 63);
  const slope = 0.2;

  it('activate(code) computes the activation of that name', async () => {
    const { device } = gpu!;
    const names = Object.keys(ACTIVATION_CODES) as (keyof typeof ACTIVATION_CODES)[];
    const inp = new Float32Array(names.length * xs.length * 2);
    names.forEach((name, a) =>
      xs.forEach((x, i) => inp.set([ACTIVATION_CODES[name], x], 2 * (a * xs.length + i))),
    );
    const inBuf = device.createBuffer({ size: inp.byteLength, usage: STORAGE });
    const outBuf = device.createBuffer({ size: inp.byteLength / 2, usage: STORAGE });
    buffers.push(inBuf, outBuf);
    device.queue.writeBuffer(inBuf, 0, inp);
    const kernel = /* wgsl */ `
@group(0) @binding(0) var<storage, read> inp: array<vec2<f32>>;
@group(0) @binding(1) var<storage, read_write> outp: array<f32>;
@compute @workgroup_size(64) fn act_test(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= arrayLength(&outp)) { return; }
  outp[id.x] = activate(u32(inp[id.x].x), ${slope}, inp[id.x].y);
}`;
    const code = `${await shaderSource('rng.wgsl', 'activations.wgsl')}\n${kernel}`;
    await checked(device, () => runKernel(gpu!, code, 'act_test', [inBuf, outBuf], names.length * xs.length));
    const got = new Float32Array(await readBack(gpu!, outBuf, outBuf.size));
    names.forEach((name, a) => {
      const f = makeActivation(name, slope);
      const worst = Math.max(...xs.map((x, i) => Math.abs(got[a * xs.length + i] - f.f(Math.fround(x)))));
      expect(worst, name).toBeLessThan(1e-5);
    });
  });

  it('norm_stats(code) normalizes as its name says', async () => {
    const { device } = gpu!;
    // sum 6, centred sum of squares 8 over n = 2 units: layer -> (3, 1/2), rms -> (0, 1/2), others (0, 1).
    const want: Record<string, [number, number]> = {
      none: [0, 1],
      layer: [3, 0.5],
      rms: [0, 0.5],
      batch: [0, 1],
    };
    const names = Object.keys(NORM_CODES) as (keyof typeof NORM_CODES)[];
    const inBuf = device.createBuffer({ size: 16 * names.length, usage: STORAGE });
    const outBuf = device.createBuffer({ size: 8 * names.length, usage: STORAGE });
    buffers.push(inBuf, outBuf);
    device.queue.writeBuffer(inBuf, 0, new Uint32Array(names.flatMap((n) => [NORM_CODES[n], 0, 0, 0])));
    const kernel = /* wgsl */ `
@group(0) @binding(0) var<storage, read> inp: array<vec4<u32>>;
@group(0) @binding(1) var<storage, read_write> outp: array<vec2<f32>>;
@compute @workgroup_size(64) fn norm_test(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= arrayLength(&outp)) { return; }
  outp[id.x] = norm_stats(inp[id.x].x, 6.0, 8.0, 2.0);
}`;
    const code = `${await shaderSource('rng.wgsl', 'activations.wgsl')}\n${kernel}`;
    await checked(device, () => runKernel(gpu!, code, 'norm_test', [inBuf, outBuf], names.length));
    const got = new Float32Array(await readBack(gpu!, outBuf, outBuf.size));
    names.forEach((name, i) => expect([got[2 * i], got[2 * i + 1]], name).toEqual(want[name]));
  });
});
