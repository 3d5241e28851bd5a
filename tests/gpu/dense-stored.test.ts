/**
 * The stored-weight dense layer (shaders/dense_stored.wgsl via StoredDense) against float64
 * matmuls on the CPU: forward Z = W X + b, backward dX = W^T dZ, dW = dZ X^T, db = sum dZ,
 * several networks, sizes that are not multiples of the tile, two tile sizes, accumulation.
 * Tolerance: f32 sums of p products of unit-scale numbers: 1e-4 relative + 1e-5 sqrt(p).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { GpuSession } from '../../src/engine/webgpu/session.ts';
import { StoredDense, type DenseShape } from '../../src/engine/webgpu/dense-stored.ts';
import { Dispatcher } from '../../src/engine/webgpu/dispatcher.ts';
import { STORAGE } from '../../src/engine/webgpu/buffers.ts';
import { requestGpu } from '../../src/engine/webgpu/device.ts';
import { checked, tryGpu } from './gpu-setup.ts';

const gpu = await tryGpu();

/** Deterministic values in about [-1.7, 1.7] (a hash of the index; not random-quality, need not be). */
function values(count: number, salt: number): Float32Array<ArrayBuffer> {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const h = Math.imul((i + 1) ^ Math.imul(salt, 0x9e3779b1), 0x85ebca6b) >>> 0;
    out[i] = ((h % 10007) / 10007 - 0.5) * 3.4;
  }
  return out;
}

/** C[net] = A B with A(m, p) and B(p, n) read through accessors, in float64. */
function matmul(
  networks: number,
  m: number,
  n: number,
  p: number,
  a: (net: number, i: number, q: number) => number,
  b: (net: number, q: number, j: number) => number,
): Float64Array {
  const c = new Float64Array(networks * m * n);
  for (let net = 0; net < networks; net++)
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let q = 0; q < p; q++) s += a(net, i, q) * b(net, q, j);
        c[(net * m + i) * n + j] = s;
      }
  return c;
}

function expectClose(got: Float32Array, want: Float64Array, p: number, label: string): void {
  expect(got.length, label).toBe(want.length);
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    const tol = 1e-4 * Math.abs(want[i]) + 1e-5 * Math.sqrt(p);
    worst = Math.max(worst, Math.abs(got[i] - want[i]) / tol);
  }
  expect(worst, `${label}: worst error over tolerance`).toBeLessThan(1);
}

describe.skipIf(!gpu)('stored-weight dense layer (forward and backward matmuls)', () => {
  const session = new GpuSession({ device: gpu?.device, requestDevice: () => requestGpu() });
  afterAll(() => {
    session.destroy();
    gpu?.device.destroy();
  });

  function upload(name: string, data: Float32Array<ArrayBuffer>): GPUBuffer {
    const buffer = session.buffer(name, data.byteLength, STORAGE);
    session.gpu!.device.queue.writeBuffer(buffer, 0, data);
    return buffer;
  }

  /** `direct`: the untiled kernel (software adapters' default), else the tiled one (GPUs'). */
  async function check(shape: DenseShape, tile: number, direct = false): Promise<void> {
    await session.context();
    const { networks, nIn, nOut, batch } = shape;
    const label = `${networks} networks, ${nOut} x ${nIn}, batch ${batch}, tile ${tile}${direct ? ', direct' : ''}`;
    const layer = new StoredDense(session, { tile, direct });
    await layer.prepare();
    expect(layer.tile).toBe(tile);
    const w = values(networks * nOut * nIn, 1);
    const b = values(networks * nOut, 2);
    const x = values(networks * nIn * batch, 3);
    const dz = values(networks * nOut * batch, 4);
    const buf = {
      w: upload('t.w', w),
      b: upload('t.b', b),
      x: upload('t.x', x),
      z: session.buffer('t.z', 4 * networks * nOut * batch, STORAGE),
      dz: upload('t.dz', dz),
      dx: session.buffer('t.dx', 4 * networks * nIn * batch, STORAGE),
      dw: session.buffer('t.dw', 4 * networks * nOut * nIn, STORAGE),
      db: session.buffer('t.db', 4 * networks * nOut, STORAGE),
    };
    const device = session.gpu!.device;
    await checked(device, async () => {
      await layer.forward(shape, buf);
      await layer.backward(shape, buf);
    });
    const W = (net: number, i: number, j: number) => w[(net * nOut + i) * nIn + j];
    const X = (net: number, j: number, t: number) => x[(net * nIn + j) * batch + t];
    const DZ = (net: number, i: number, t: number) => dz[(net * nOut + i) * batch + t];
    const z = matmul(networks, nOut, batch, nIn, W, X);
    for (let net = 0; net < networks; net++)
      for (let i = 0; i < nOut; i++)
        for (let t = 0; t < batch; t++) z[(net * nOut + i) * batch + t] += b[net * nOut + i];
    const dx = matmul(networks, nIn, batch, nOut, (net, j, i) => W(net, i, j), DZ);
    const dw = matmul(networks, nOut, nIn, batch, DZ, (net, t, j) => X(net, j, t));
    const db = matmul(networks, nOut, 1, batch, DZ, () => 1);
    expectClose(await session.read(buf.z, 4 * z.length), z, nIn, `${label}: Z`);
    expectClose(await session.read(buf.dx, 4 * dx.length), dx, nOut, `${label}: dX`);
    expectClose(await session.read(buf.dw, 4 * dw.length), dw, batch, `${label}: dW`);
    expectClose(await session.read(buf.db, 4 * db.length), db, batch, `${label}: db`);

    // Accumulation: a second backward pass adds to dW and db, overwrites dX.
    await checked(device, () => layer.backward(shape, buf, { accumulate: true }));
    expectClose(
      await session.read(buf.dw, 4 * dw.length),
      dw.map((v) => 2 * v),
      batch,
      `${label}: accumulated dW`,
    );
    expectClose(
      await session.read(buf.db, 4 * db.length),
      db.map((v) => 2 * v),
      batch,
      `${label}: accumulated db`,
    );
    expectClose(await session.read(buf.dx, 4 * dx.length), dx, nOut, `${label}: dX after accumulation`);
  }

  it('forward and backward equal float64 matmuls (sizes not multiples of the tile), tiled and direct', async () => {
    for (const direct of [false, true]) {
      await check({ networks: 3, nIn: 37, nOut: 21, batch: 5 }, 16, direct);
      await check({ networks: 4, nIn: 70, nOut: 9, batch: 33 }, 8, direct);
      await check({ networks: 1, nIn: 1, nOut: 1, batch: 1 }, 8, direct);
    }
  });

  it('a wide layer (n_in = 300) with many networks', async () => {
    await check({ networks: 12, nIn: 300, nOut: 45, batch: 7 }, 16);
  });
  it('the fused weight step W -= rate dZ X^T + decay (W - target) is the direct dW then the update, to f32 rounding, with either matmul; halted networks are left as they are', async () => {
    await session.context();
    // The reference dW comes from the untiled matmul; the step runs on a layer of each kind (a
    // GPU's layer has the tiled matmul; its step is the same fused kernel).
    const layer = new StoredDense(session, { tile: 8, direct: true });
    const tiled = new StoredDense(session, { tile: 8, direct: false });
    await layer.prepare();
    await tiled.prepare();
    const device = session.gpu!.device;
    const NOT_HALTED = 0xffffffff;
    // n_in = 1, 6 and 13: fewer than 4 columns, and groups of 4 with 2 and 1 left over.
    for (const [nIn, towardsInit, stepper] of [
      [13, true, layer],
      [6, false, layer],
      [1, true, layer],
      [13, true, tiled],
      [6, false, tiled],
    ] as const) {
      const shape = { networks: 3, nIn, nOut: 11, batch: 6 };
      const { networks, nOut, batch } = shape;
      const w = values(networks * nOut * nIn, 5);
      const target = values(networks * nOut * nIn, 6);
      const x = values(networks * nIn * batch, 7);
      const dz = values(networks * nOut * batch, 8);
      const halted = new Uint32Array([NOT_HALTED, 4, NOT_HALTED]);
      const buf = {
        w: upload('s.w', w),
        target: upload('s.target', target),
        x: upload('s.x', x),
        dz: upload('s.dz', dz),
        halted: session.buffer('s.halted', 4 * networks, STORAGE),
        dw: session.buffer('s.dw', 4 * w.length, STORAGE),
        db: session.buffer('s.db', 4 * networks * nOut, STORAGE),
      };
      device.queue.writeBuffer(buf.halted, 0, halted);
      const step = { rate: 0.37, decay: 0.05, towardsInit };
      await checked(device, async () => {
        await layer.backward(shape, buf);
        const d = new Dispatcher(session);
        await stepper.queueWeightStep(d, shape, buf, step);
        await d.flush();
      });
      const dw = await session.read(buf.dw, 4 * w.length);
      const got = await session.read(buf.w, 4 * w.length);
      const f = Math.fround;
      const size = nOut * nIn;
      for (let q = 0; q < w.length; q++) {
        const net = Math.floor(q / size);
        const toward = towardsInit ? target[q] : 0;
        if (halted[net] !== NOT_HALTED) {
          expect(got[q], `n_in ${nIn}, halted network ${net}`).toBe(w[q]);
          continue;
        }
        // The trainer's update kernel on the direct kernel's dW, in f32; the shader compiler may
        // fuse a multiply and an add (one rounding fewer), so within the three operations' rounding.
        const terms = [w[q], step.rate * dw[q], step.decay * (w[q] - toward)];
        const want = f(f(terms[0] - f(terms[1])) - f(terms[2]));
        const tol = 3 * 2 ** -24 * terms.reduce((sum, v) => sum + Math.abs(v), 0);
        expect(
          Math.abs(got[q] - want),
          `n_in ${nIn}, network ${net}, weight ${q % size}`,
        ).toBeLessThanOrEqual(tol);
      }
    }
  });
});
