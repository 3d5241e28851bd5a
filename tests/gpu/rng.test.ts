/**
 * shaders/rng.wgsl against src/random: Philox words bit for bit (KAT vectors and many random
 * counters/keys, including extreme words), normals and uniforms to float tolerance.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { philox4x32 } from '../../src/random/philox.ts';
import { fillNormals, fillUniforms } from '../../src/random/normals.ts';
import { Purpose } from '../../src/random/address.ts';
import { shaderSource } from '../../src/engine/webgpu/shaders.ts';
import { readBack, STORAGE } from '../../src/engine/webgpu/buffers.ts';
import { checked, runKernel, tryGpu } from './gpu-setup.ts';

const gpu = await tryGpu();

const KERNELS = /* wgsl */ `
@group(0) @binding(0) var<storage, read> inp: array<vec4<u32>>;
@group(0) @binding(1) var<storage, read_write> outp: array<vec4<u32>>;
@group(0) @binding(2) var<storage, read_write> outf: array<vec4<f32>>;

// inp[2i] = counter, inp[2i+1].xy = key.
@compute @workgroup_size(64) fn philox_test(@builtin(global_invocation_id) id: vec3<u32>) {
  let i = id.x;
  if (i >= arrayLength(&outp)) { return; }
  outp[i] = philox4x32(inp[2u * i], inp[2u * i + 1u].xy);
  outf[i] = words_to_normals(outp[i]);
}

// inp[i] = (seed, network, purpose, layer); row = i % 7; block i: normals and uniforms of a row.
@compute @workgroup_size(64) fn rows_test(@builtin(global_invocation_id) id: vec3<u32>) {
  let i = id.x;
  if (i >= arrayLength(&outp)) { return; }
  let a = inp[i];
  outf[i] = rng_normal4(a.x, a.y, a.z, a.w, i % 7u, i / 3u);
  let u = vec4<f32>(rng_uniform(a.x, a.y, a.z, a.w, i % 7u, 4u * (i / 3u)),
                    rng_uniform(a.x, a.y, a.z, a.w, i % 7u, 4u * (i / 3u) + 1u),
                    rng_uniform(a.x, a.y, a.z, a.w, i % 7u, 4u * (i / 3u) + 2u),
                    rng_uniform(a.x, a.y, a.z, a.w, i % 7u, 4u * (i / 3u) + 3u));
  outp[i] = bitcast<vec4<u32>>(u);
}
`;

/** A small deterministic u32 stream for test inputs (xorshift32). */
function xorshift(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>>= 0);
  };
}

describe.skipIf(!gpu)('WGSL generator (shaders/rng.wgsl)', () => {
  afterAll(() => gpu?.device.destroy());

  async function run(
    entry: string,
    input: Uint32Array<ArrayBuffer>,
    count: number,
  ): Promise<{ words: Uint32Array; floats: Float32Array }> {
    const { device } = gpu!;
    return checked(device, async () => {
      const code = (await shaderSource('rng.wgsl')) + KERNELS;
      const inBuf = device.createBuffer({ size: input.byteLength, usage: STORAGE });
      device.queue.writeBuffer(inBuf, 0, input);
      const outP = device.createBuffer({ size: count * 16, usage: STORAGE });
      const outF = device.createBuffer({ size: count * 16, usage: STORAGE });
      await runKernel(gpu!, code, entry, [inBuf, outP, outF], count);
      const words = new Uint32Array(await readBack(gpu!, outP, count * 16));
      const floats = new Float32Array(await readBack(gpu!, outF, count * 16));
      return { words, floats };
    });
  }

  it('equals philox4x32 bit for bit: KAT vectors, extremes and 20,000 random counters/keys', async () => {
    const count = 20_000;
    const input = new Uint32Array(count * 8);
    const kat = [
      [0, 0, 0, 0, 0, 0],
      [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff],
      [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0],
    ];
    const next = xorshift(12345);
    for (let i = 0; i < count; i++) {
      const v =
        i < kat.length
          ? kat[i]
          : Array.from({ length: 6 }, (_, j) => (i % 5 === j ? 0xffffffff - (i & 7) : next()));
      input.set([v[0], v[1], v[2], v[3], v[4], v[5], 0, 0], i * 8);
    }
    const { words, floats } = await run('philox_test', input, count);
    expect(Array.from(words.subarray(0, 12), (w) => w.toString(16).padStart(8, '0'))).toEqual([
      '6627e8d5',
      'e169c58d',
      'bc57ac4c',
      '9b00dbd8',
      '408f276d',
      '41c83b0e',
      'a20bc7c6',
      '6d5451fd',
      'd16cfe09',
      '94fdcceb',
      '5001e420',
      '24126ea1',
    ]);
    const want = new Uint32Array(4);
    let mismatches = 0;
    let worst = 0;
    for (let i = 0; i < count; i++) {
      const c = input.subarray(i * 8, i * 8 + 6);
      philox4x32(c[0], c[1], c[2], c[3], c[4], c[5], want, 0);
      for (let lane = 0; lane < 4; lane++) if (words[i * 4 + lane] !== want[lane]) mismatches++;
      // Box-Muller of these words against float64.
      const r01 = Math.sqrt(-2 * Math.log((want[0] + 0.5) * 2 ** -32));
      const r23 = Math.sqrt(-2 * Math.log((want[2] + 0.5) * 2 ** -32));
      const t01 = 2 * Math.PI * (want[1] + 0.5) * 2 ** -32;
      const t23 = 2 * Math.PI * (want[3] + 0.5) * 2 ** -32;
      const z = [r01 * Math.cos(t01), r01 * Math.sin(t01), r23 * Math.cos(t23), r23 * Math.sin(t23)];
      for (let lane = 0; lane < 4; lane++) {
        worst = Math.max(worst, Math.abs(floats[i * 4 + lane] - z[lane]) / (1 + Math.abs(z[lane])));
      }
    }
    expect(mismatches).toBe(0);
    expect(worst).toBeLessThan(1e-6);
  });

  it('Box-Muller is accurate at the extreme words (u near 0 and 1, angles at quadrant edges)', async () => {
    const words = [
      0, 1, 2, 0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe, 0xffffffff, 0x20000000, 0x1fffffff, 0x3fffffff,
      0x40000000, 0xc0000000, 0xdfffffff, 0xe0000000, 12345,
    ];
    // Feed the words through philox's inverse is impractical; instead test words_to_normals via
    // a counter whose output we choose: use the entry with known words by brute search is slow,
    // so check the helper functions directly with a dedicated kernel.
    const { device } = gpu!;
    const count = words.length * words.length;
    const input = new Uint32Array(count * 4);
    for (let i = 0; i < words.length; i++)
      for (let j = 0; j < words.length; j++)
        input.set([words[i], words[j], words[j], words[i]], (i * words.length + j) * 4);
    const code =
      (await shaderSource('rng.wgsl')) +
      /* wgsl */ `
      @group(0) @binding(0) var<storage, read> inp: array<vec4<u32>>;
      @group(0) @binding(1) var<storage, read_write> outf: array<vec4<f32>>;
      @compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3<u32>) {
        if (id.x >= arrayLength(&outf)) { return; }
        outf[id.x] = words_to_normals(inp[id.x]);
      }`;
    const floats = await checked(device, async () => {
      const inBuf = device.createBuffer({ size: input.byteLength, usage: STORAGE });
      device.queue.writeBuffer(inBuf, 0, input);
      const out = device.createBuffer({ size: count * 16, usage: STORAGE });
      await runKernel(gpu!, code, 'main', [inBuf, out], count);
      return new Float32Array(await readBack(gpu!, out, count * 16));
    });
    let worst = 0;
    for (let i = 0; i < count; i++) {
      const w = input.subarray(i * 4, i * 4 + 4);
      const r01 = Math.sqrt(-2 * Math.log((w[0] + 0.5) * 2 ** -32));
      const r23 = Math.sqrt(-2 * Math.log((w[2] + 0.5) * 2 ** -32));
      const t01 = 2 * Math.PI * (w[1] + 0.5) * 2 ** -32;
      const t23 = 2 * Math.PI * (w[3] + 0.5) * 2 ** -32;
      const z = [r01 * Math.cos(t01), r01 * Math.sin(t01), r23 * Math.cos(t23), r23 * Math.sin(t23)];
      for (let lane = 0; lane < 4; lane++)
        worst = Math.max(worst, Math.abs(floats[i * 4 + lane] - z[lane]) / (1e-3 + Math.abs(z[lane])));
    }
    expect(worst).toBeLessThan(1e-5);
  });

  it('normals and uniforms at addresses equal fillNormals/fillUniforms to 1e-5 (abs + rel)', async () => {
    const count = 6_000;
    const input = new Uint32Array(count * 4);
    const next = xorshift(777);
    const purposes = Object.values(Purpose);
    for (let i = 0; i < count; i++)
      input.set([next(), i % 1000, purposes[i % purposes.length], (i * 7) % 13], i * 4);
    const { words, floats } = await run('rows_test', input, count);
    const u = new Float32Array(words.buffer);
    const normals = new Float64Array(4);
    const uniforms = new Float64Array(4);
    let worstN = 0;
    let worstU = 0;
    for (let i = 0; i < count; i++) {
      const [seed, net, purpose, layer] = input.subarray(i * 4, i * 4 + 4);
      const row = i % 7;
      const block = Math.floor(i / 3);
      // fillNormals fills a row from index 0; take the block we asked for.
      const rowNormals = new Float64Array(4 * block + 4);
      fillNormals(seed, net, purpose as Purpose, layer, row, rowNormals);
      normals.set(rowNormals.subarray(4 * block));
      const rowUniforms = new Float64Array(4 * block + 4);
      fillUniforms(seed, net, purpose as Purpose, layer, row, rowUniforms);
      uniforms.set(rowUniforms.subarray(4 * block));
      for (let lane = 0; lane < 4; lane++) {
        worstN = Math.max(
          worstN,
          Math.abs(floats[i * 4 + lane] - normals[lane]) / (1 + Math.abs(normals[lane])),
        );
        worstU = Math.max(worstU, Math.abs(u[i * 4 + lane] - uniforms[lane]) / uniforms[lane]);
      }
    }
    expect(worstN).toBeLessThan(1e-5);
    expect(worstU).toBeLessThan(1e-6);
  });
});
