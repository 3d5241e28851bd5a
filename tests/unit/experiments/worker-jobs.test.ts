// The compute workers' shared rules: one job at a time, a new one aborts the last, on the GPU
// it starts only once the last is over (the engines' buffers are shared), every job's end is
// reported once; and engines fall back to the CPU, saying why once, where WebGPU is missing.
import { describe, expect, it } from 'vitest';
import { PauseGate, SerialJobs, WorkerEngines, type JobEnd } from '../../../src/lab/worker-jobs.ts';

/** A job that runs until aborted, then takes `stopMs` to stop (as a GPU run finishes its submission). */
function slowToStop(log: string[], name: string, stopMs: number) {
  return (signal: AbortSignal) =>
    new Promise<void>((_, reject) => {
      log.push(`${name} start`);
      signal.addEventListener('abort', () =>
        setTimeout(() => {
          log.push(`${name} stopped`);
          reject(new Error('aborted'));
        }, stopMs),
      );
    });
}

describe('SerialJobs', () => {
  it('on the GPU, starts a new job only after the aborted one has stopped', async () => {
    const jobs = new SerialJobs();
    const log: string[] = [];
    const ends: [number, JobEnd['type']][] = [];
    jobs.start(1, 'webgpu', slowToStop(log, 'a', 30), (e) => ends.push([1, e.type]));
    jobs.start(
      2,
      'webgpu',
      async () => void log.push('b start'),
      (e) => ends.push([2, e.type]),
    );
    await new Promise((r) => setTimeout(r, 80));
    expect(log).toEqual(['a start', 'a stopped', 'b start']);
    expect(ends).toEqual([
      [1, 'cancelled'],
      [2, 'done'],
    ]);
  });

  it('on the CPU, starts at once; a job superseded while waiting never starts', async () => {
    const jobs = new SerialJobs();
    const log: string[] = [];
    const ends: [number, JobEnd['type']][] = [];
    jobs.start(1, 'cpu', slowToStop(log, 'a', 30), (e) => ends.push([1, e.type]));
    jobs.start(
      2,
      'cpu',
      async () => void log.push('b start'),
      (e) => ends.push([2, e.type]),
    );
    expect(log).toEqual(['a start', 'b start']); // no wait for a to stop
    await new Promise((r) => setTimeout(r, 0));
    jobs.start(3, 'webgpu', slowToStop(log, 'c', 30), (e) => ends.push([3, e.type]));
    jobs.start(
      4,
      'webgpu',
      async () => void log.push('d start'),
      (e) => ends.push([4, e.type]),
    );
    jobs.start(
      5,
      'webgpu',
      async () => void log.push('e start'),
      (e) => ends.push([5, e.type]),
    );
    await new Promise((r) => setTimeout(r, 80));
    expect(log).toEqual(['a start', 'b start', 'c start', 'a stopped', 'c stopped', 'e start']);
    expect(ends).toEqual([
      [2, 'done'],
      [1, 'cancelled'],
      [3, 'cancelled'],
      [4, 'cancelled'],
      [5, 'done'],
    ]);
  });

  it('reports an error of the job itself, and cancel() only for the job in flight', async () => {
    const jobs = new SerialJobs();
    const ends: JobEnd[] = [];
    jobs.start(
      7,
      'cpu',
      async () => {
        throw new Error('boom');
      },
      (e) => ends.push(e),
    );
    await new Promise((r) => setTimeout(r, 0));
    expect(ends).toEqual([{ type: 'error', message: 'boom' }]);
    const log: string[] = [];
    jobs.start(8, 'cpu', slowToStop(log, 'x', 1), (e) => ends.push(e));
    jobs.cancel(7); // not in flight: nothing happens
    await new Promise((r) => setTimeout(r, 20));
    expect(ends).toHaveLength(1);
    jobs.cancel(8);
    await new Promise((r) => setTimeout(r, 20));
    expect(ends.at(-1)).toEqual({ type: 'cancelled' });
  });
});

describe('WorkerEngines', () => {
  it('falls back to the CPU where the worker has no navigator.gpu, saying why once', async () => {
    const said: string[] = [];
    const engines = new WorkerEngines({
      backend: (b, d) => said.push(`${b}: ${d}`),
      notice: (m) => said.push(m),
    });
    const nav = (globalThis as { navigator?: { gpu?: unknown } }).navigator;
    expect(nav?.gpu).toBeUndefined(); // Node's navigator has no WebGPU without the webgpu package
    const a = await engines.engineFor('exact', 'webgpu');
    const b = await engines.engineFor('explicit', 'webgpu');
    expect([a.backend, b.backend]).toEqual(['cpu', 'cpu']);
    expect(said).toEqual(['cpu: WebGPU is not available in the compute worker; using the CPU']);
    const c = await engines.engineFor('exact', 'cpu');
    expect(c.backend).toBe('cpu');
    expect(said).toHaveLength(1);
  });
});

describe('PauseGate', () => {
  it('passes at once until paused; paused, says so once and waits for resume; aborted, throws', async () => {
    let told = 0;
    const gate = new PauseGate(() => told++);
    await gate.pass();
    gate.pause();
    const log: string[] = [];
    const a = gate.pass().then(() => log.push('a'));
    const b = gate.pass().then(() => log.push('b'));
    await new Promise((r) => setTimeout(r, 10));
    expect(log).toEqual([]);
    expect(told).toBe(1);
    expect(gate.resume()).toBe(true);
    await Promise.all([a, b]);
    expect(log).toEqual(['a', 'b']);
    expect(gate.resume()).toBe(false); // not paused
    gate.pause();
    const c = gate.pass();
    gate.abort();
    await expect(c).rejects.toMatchObject({ name: 'AbortError' });
    await expect(gate.pass()).rejects.toMatchObject({ name: 'AbortError' });
    gate.pause();
    expect(gate.isPaused).toBe(false);
    expect(told).toBe(2);
  });
});
