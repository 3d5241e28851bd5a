/**
 * The Dispatcher binds buffers by the WGSL variable's name: the same shader with its
 * @bindings renumbered gives the same result, a wrong or missing name (or uniform field)
 * throws before anything is queued, and a tiny pacer budget (a submission per dispatch)
 * leaves every dispatch's own parameters intact (uniform buffers are lent per dispatch).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { GpuSession } from '../../src/engine/webgpu/session.ts';
import { Pacer } from '../../src/engine/webgpu/pacer.ts';
import { Dispatcher } from '../../src/engine/webgpu/dispatcher.ts';
import { compileKernel } from '../../src/engine/webgpu/kernel.ts';
import { STORAGE } from '../../src/engine/webgpu/buffers.ts';
import { requestGpu } from '../../src/engine/webgpu/device.ts';
import { checked, tryGpu } from './gpu-setup.ts';

const gpu = await tryGpu();

/** out[P.at + i] = P.scale * x[i] + bias[i] for i < 4, with the bindings numbered as given. */
function shader(bindings: { P: number; x: number; bias: number; out: number; unused: number }): string {
  return /* wgsl */ `
struct Params { at: u32, scale: f32 }
@group(0) @binding(${bindings.out}) var<storage, read_write> out: array<f32>;
@group(0) @binding(${bindings.P}) var<uniform> P: Params;
@group(0) @binding(${bindings.bias}) var<storage, read> bias: array<f32>;
@group(0) @binding(${bindings.unused}) var<storage, read> unused: array<f32>;
@group(0) @binding(${bindings.x}) var<storage, read> x: array<f32>;

fn term(i: u32) -> f32 {
  let unused_here = 0.0; // a local, not the binding
  return P.scale * x[i] + unused_here;
}

@compute @workgroup_size(4) fn affine(@builtin(local_invocation_index) i: u32) {
  out[P.at + i] = term(i) + bias[i];
}

@compute @workgroup_size(1) fn other() { out[P.at] = unused[0]; }
`;
}

describe.skipIf(!gpu)('Dispatcher', () => {
  const session = new GpuSession({ device: gpu?.device, requestDevice: () => requestGpu() });
  afterAll(() => session.destroy());

  async function setup() {
    const { device } = await session.context();
    const upload = (name: string, data: Float32Array<ArrayBuffer>): GPUBuffer => {
      const b = session.buffer(name, data.byteLength, STORAGE);
      device.queue.writeBuffer(b, 0, data);
      return b;
    };
    const x = upload('t.x', new Float32Array([1, 2, 3, 4]));
    const bias = upload('t.bias', new Float32Array([0.5, 0.25, 0, -1]));
    const out = upload('t.out', new Float32Array(64));
    return { device, x, bias, out };
  }

  async function run(code: string, budget: number): Promise<Float32Array> {
    const { device, x, bias, out } = await setup();
    const kernel = await compileKernel(device, 'affine', code, 'affine', {});
    expect([...kernel.storage.keys()].sort()).toEqual(['bias', 'out', 'x']);
    const pacer = new Pacer(25, budget);
    pacer.record = () => undefined;
    const d = new Dispatcher(session, { pacer });
    await checked(device, async () => {
      for (let j = 0; j < 16; j++)
        await d.dispatch(kernel, { at: 4 * j, scale: j }, { x, bias, out }, [1], 1);
      await d.flush();
    });
    return session.read(out, 4 * 64);
  }

  it('binds by name: renumbered @bindings give the same values, in one submission or one per dispatch', async () => {
    const want = Array.from(
      { length: 64 },
      (_, i) => Math.floor(i / 4) * (1 + (i % 4)) + [0.5, 0.25, 0, -1][i % 4],
    );
    const a = await run(shader({ P: 0, x: 1, bias: 2, out: 3, unused: 4 }), Infinity);
    const b = await run(shader({ P: 4, x: 2, bias: 0, out: 1, unused: 3 }), 1);
    expect(Array.from(a)).toEqual(want);
    expect(Array.from(b)).toEqual(want);
  });

  it('throws on an unknown or a missing buffer name and on an unknown uniform field', async () => {
    const { device, x, bias, out } = await setup();
    const kernel = await compileKernel(
      device,
      'affine',
      shader({ P: 0, x: 1, bias: 2, out: 3, unused: 4 }),
      'affine',
      {},
    );
    const d = new Dispatcher(session);
    await expect(d.dispatch(kernel, { at: 0 }, { x, bias, out, unused: x }, [1])).rejects.toThrow(
      /no storage binding named 'unused'/,
    );
    await expect(d.dispatch(kernel, { at: 0 }, { x, bias, outt: out }, [1])).rejects.toThrow(
      /no storage binding named 'outt'/,
    );
    await expect(d.dispatch(kernel, { at: 0 }, { x, bias }, [1])).rejects.toThrow(
      /no buffer given for its binding 'out'/,
    );
    await expect(d.dispatch(kernel, { at: 0, scal: 1 }, { x, bias, out }, [1])).rejects.toThrow(
      /no field 'scal'/,
    );
    // Each entry point has its own set: `other` uses out and unused, not x or bias.
    const other = await compileKernel(
      device,
      'other',
      shader({ P: 0, x: 1, bias: 2, out: 3, unused: 4 }),
      'other',
      {},
    );
    expect([...other.storage.keys()].sort()).toEqual(['out', 'unused']);
    await expect(d.dispatch(other, { at: 0 }, { out, x }, [1])).rejects.toThrow(
      /no storage binding named 'x'/,
    );
  });
});
