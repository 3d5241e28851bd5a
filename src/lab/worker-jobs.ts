/**
 * What every compute worker shares (DOM-free; runs inside a Web Worker):
 *
 * - WorkerEngines: one WebGPU engine per kind for the worker's life, so the device and the
 *   compiled pipelines are reused across runs; the CPU engines when a job asks for them, or
 *   when WebGPU does not start here (said once through `backend`, with why).
 * - SerialJobs: one job at a time. A new job aborts the one in flight; on the GPU it also
 *   waits until that one is over, because a WebGPU engine's session reuses its named buffers
 *   and uniform slots across runs (the aborted run stops at its next submission, so this
 *   costs at most one submission, which the GPU queue would make it wait for anyway).
 *
 * The WebGPU module is loaded by createEngineAsync, a chunk of its own in the bundle.
 */
import { createEngine, createEngineAsync } from '../engine/index.ts';
import type { Backend, Engine, EngineKind } from '../engine/types.ts';

export interface WorkerVoice {
  /** The backend actually in use, and in words the adapter or why not WebGPU. */
  backend(backend: Backend, detail: string): void;
  /** Something the user should see (a lost device: the run goes on on a new one). */
  notice(message: string): void;
}

export class WorkerEngines {
  private readonly gpu = new Map<EngineKind, Promise<Engine>>();
  private gpuFailed = false;
  /** The last backend report, so that it is repeated only when it changes. */
  private reported = '';

  constructor(private readonly voice: WorkerVoice) {}

  async engineFor(kind: EngineKind, backend: Backend): Promise<Engine> {
    if (backend === 'webgpu' && !this.gpuFailed) {
      if (!(globalThis.navigator as Navigator | undefined)?.gpu) {
        this.gpuFailed = true;
        this.report('cpu', 'WebGPU is not available in the compute worker; using the CPU');
      } else {
        let p = this.gpu.get(kind);
        if (!p) {
          p = createEngineAsync(kind, 'webgpu', {
            onDeviceLost: (message) => this.voice.notice(`The GPU device was lost: ${message}.`),
          });
          this.gpu.set(kind, p);
        }
        try {
          const engine = await p;
          const info = engine.adapterInfo?.();
          this.report('webgpu', info ? `${info.description}${info.software ? ' (software)' : ''}` : 'WebGPU');
          return engine;
        } catch (err) {
          this.gpuFailed = true;
          this.report(
            'cpu',
            `WebGPU failed in the compute worker (${err instanceof Error ? err.message : String(err)}); using the CPU`,
          );
        }
      }
    }
    return createEngine(kind, 'cpu');
  }

  private report(backend: Backend, detail: string): void {
    if (this.reported === `${backend}|${detail}`) return;
    this.reported = `${backend}|${detail}`;
    this.voice.backend(backend, detail);
  }
}

/** How a job ended, as the page's protocols say it (each message also carries the job id). */
export type JobEnd =
  { type: 'done'; elapsedMs: number } | { type: 'cancelled' } | { type: 'error'; message: string };

export class SerialJobs {
  private current: { id: number; controller: AbortController; settled: Promise<void> } | null = null;

  /** Run `body` as job `id` (aborting the job in flight), then report its end through `end`. */
  start(
    id: number,
    backend: Backend,
    body: (signal: AbortSignal) => Promise<unknown>,
    end: (e: JobEnd) => void,
  ): void {
    const previous = this.current;
    previous?.controller.abort();
    const controller = new AbortController();
    const job = { id, controller, settled: Promise.resolve() };
    this.current = job;
    const wait = backend === 'webgpu' && previous ? previous.settled : null;
    job.settled = this.run(job, wait, body, end);
  }

  cancel(id: number): void {
    if (this.current?.id === id) this.current.controller.abort();
  }

  private async run(
    job: { controller: AbortController },
    wait: Promise<void> | null,
    body: (signal: AbortSignal) => Promise<unknown>,
    end: (e: JobEnd) => void,
  ): Promise<void> {
    const { signal } = job.controller;
    const t0 = performance.now();
    try {
      if (wait) await wait;
      if (signal.aborted) throw new Error('superseded');
      await body(signal);
      end({ type: 'done', elapsedMs: performance.now() - t0 });
    } catch (e) {
      if (signal.aborted) end({ type: 'cancelled' });
      else end({ type: 'error', message: e instanceof Error ? e.message : String(e) });
    } finally {
      if (this.current?.controller === job.controller) this.current = null;
    }
  }
}
