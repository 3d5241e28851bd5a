/**
 * Running: the same seed gives the same networks whatever the chunk size and thread count
 * (worker_threads included); chunks arrive in order with progress; an AbortSignal stops a
 * run with an AbortError.
 */
import { describe, expect, it } from 'vitest';
import {
  ExactCpuEngine,
  ExplicitCpuEngine,
  collect,
  createEngine,
  type Engine,
} from '../../../src/engine/index.ts';
import { runSpec, type ModelOptions } from './models.ts';

const tanh: ModelOptions = {
  activation: 'tanh',
  widths: [16, 12],
  cw: 1.3,
  cb: 0.2,
  rho: 0.4,
  networks: 300,
  seed: 9,
};
const engines: [string, Engine, ModelOptions][] = [
  ['exact', new ExactCpuEngine(), tanh],
  ['explicit', new ExplicitCpuEngine(), tanh],
  [
    'exact shortcut',
    new ExactCpuEngine(),
    { activation: 'relu', widths: [64, 64, 64], cw: 2, dropout: 0.1, networks: 300, seed: 9 },
  ],
  ['exact with norm and dropout', new ExactCpuEngine(), { ...tanh, norm: 'layer', dropout: 0.3 }],
];

describe.each(engines)('%s engine', (_, engine, o) => {
  it('gives identical values for any chunk size and thread count, and differs with the seed', async () => {
    const spec = runSpec(o);
    const base = await collect(engine, spec, { threads: 1, chunkNetworks: 1000 });
    expect(base.outputs.every(Number.isFinite)).toBe(true);
    const again = await collect(engine, spec, { threads: 1, chunkNetworks: 7 });
    expect(again.outputs).toEqual(base.outputs);
    expect(again.gram).toEqual(base.gram);
    const threaded = await collect(engine, spec, { threads: 2, chunkNetworks: 13 });
    expect(threaded.outputs).toEqual(base.outputs);
    expect(threaded.gram).toEqual(base.gram);
    const other = await collect(engine, runSpec({ ...o, seed: 10 }), { threads: 1 });
    expect(other.outputs).not.toEqual(base.outputs);
    // A prefix run gives the prefix: network m depends on (seed, m) only.
    const prefix = await collect(engine, runSpec({ ...o, networks: 50 }), { threads: 1 });
    expect(prefix.outputs).toEqual(base.outputs.subarray(0, prefix.outputs.length));
  });
});

describe('worker failure', () => {
  it('chunks of a worker that dies are computed on the calling thread: same values', async () => {
    const { terminatePools } = await import('../../../src/engine/cpu/node-pool.ts');
    const spec = runSpec({ ...tanh, widths: [96, 96], networks: 400 });
    const engine = new ExplicitCpuEngine();
    const base = await collect(engine, spec, { threads: 1 });
    let killed = false;
    const survived = await collect(engine, spec, {
      threads: 2,
      chunkNetworks: 20,
      onProgress: () => {
        // At the first chunk the worker still holds chunks (or is still starting).
        if (!killed) {
          killed = true;
          terminatePools();
        }
      },
    });
    expect(killed).toBe(true);
    expect(survived.outputs).toEqual(base.outputs);
    expect(survived.gram).toEqual(base.gram);
  });
});

describe('chunks, progress and cancellation', () => {
  const spec = runSpec({ ...tanh, networks: 100 });

  it('yields chunks in order with progress after each', async () => {
    const progress: number[] = [];
    const starts: number[] = [];
    for await (const c of new ExactCpuEngine().run(spec, {
      chunkNetworks: 30,
      threads: 1,
      onProgress: (d, t) => {
        expect(t).toBe(100);
        progress.push(d);
      },
    })) {
      starts.push(c.start);
      expect(c.inputs).toBe(2);
      expect(c.outputs.length).toBe(c.count * 2);
      expect(c.gram.length).toBe(c.count * 4);
    }
    expect(starts).toEqual([0, 30, 60, 90]);
    expect(progress).toEqual([30, 60, 90, 100]);
  });

  it.each([1, 2])('an abort after the first chunk stops the run (threads = %d)', async (threads) => {
    const controller = new AbortController();
    let chunks = 0;
    const run = async () => {
      for await (const c of new ExplicitCpuEngine().run(runSpec({ ...tanh, networks: 2000 }), {
        chunkNetworks: 10,
        threads,
        signal: controller.signal,
      })) {
        expect(c.start).toBe(chunks * 10);
        chunks++;
        controller.abort();
      }
    };
    await expect(run()).rejects.toMatchObject({ name: 'AbortError' });
    expect(chunks).toBe(1);
  });

  it('an abort from a timer lands between chunks of an inline run', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    let done = 0;
    const run = collect(new ExplicitCpuEngine(), runSpec({ ...tanh, widths: [64, 64], networks: 100_000 }), {
      chunkNetworks: 20,
      threads: 1,
      signal: controller.signal,
      onProgress: (d) => (done = d),
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(done).toBeLessThan(100_000);
  });

  it('an already aborted signal runs nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    let progressed = false;
    await expect(
      collect(new ExactCpuEngine(), spec, {
        signal: controller.signal,
        onProgress: () => (progressed = true),
      }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(progressed).toBe(false);
  });
});

describe('engine registry', () => {
  it('creates the CPU engines and refuses webgpu synchronously with a clear message', () => {
    expect(createEngine('exact').kind).toBe('exact');
    expect(createEngine('explicit', 'cpu').backend).toBe('cpu');
    expect(
      createEngine('exact', 'cpu', { shortcut: false }).describe(
        runSpec({ activation: 'relu', widths: [4], cw: 2, networks: 1 }),
      ),
    ).toContain('Gaussian conditioning');
    expect(() => createEngine('exact', 'webgpu')).toThrow(/createEngineAsync/);
  });
});
