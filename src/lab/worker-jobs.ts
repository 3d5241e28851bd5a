/**
 * What every compute worker shares (DOM-free; runs inside a Web Worker):
 *
 * - WorkerEngines: one WebGPU engine per kind for the worker's life, so the device and the
 *   compiled pipelines are reused across runs; the CPU engines when a job asks for them, or
 *   when WebGPU does not start here (said once through `backend`, with why).
 * - SerialJobs: one job at a time. Cancel pauses the job in flight at its next checkpoint
 *   (PauseGate; pausableEngine puts one before every chunk) and resume continues it, so a
 *   resumed run gives exactly the numbers of one never stopped. A new job aborts the one in
 *   flight (paused or not); on the GPU it also
 *   waits until that one is over, because a WebGPU engine's session reuses its named buffers
 *   and uniform slots across runs (the aborted run stops at its next submission, so this
 *   costs at most one submission, which the GPU queue would make it wait for anyway).
 *
 * The WebGPU module is loaded by createEngineAsync, a chunk of its own in the bundle.
 */
import { createEngine, createEngineAsync } from '../engine/index.ts';
import { abortError, type Backend, type Engine, type EngineKind, type RunOptions } from '../engine/types.ts';
import type { RunSpec } from '../engine/spec.ts';

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

/**
 * Where a job may stop between two of its steps. Paused, the job waits at its next pass
 * (saying so once through `onPaused`) until resumed, so that it goes on exactly where it
 * stopped: the same engine generator, the same chunks, the same accumulators, hence the same
 * numbers as a run never stopped. Aborted, every pass throws an AbortError.
 */
export class PauseGate {
  private paused = false;
  private told = false;
  private aborted = false;
  private waiting: (() => void)[] = [];

  constructor(private readonly onPaused: () => void = () => undefined) {}

  get isPaused(): boolean {
    return this.paused;
  }

  pause(): void {
    if (this.aborted || this.paused) return;
    this.paused = true;
    this.told = false;
  }

  /** Go on; false when it was not paused. */
  resume(): boolean {
    if (!this.paused) return false;
    this.paused = false;
    for (const wake of this.waiting.splice(0)) wake();
    return true;
  }

  abort(): void {
    this.aborted = true;
    this.paused = false;
    for (const wake of this.waiting.splice(0)) wake();
  }

  /** At once unless paused; while paused, waits for resume. Throws an AbortError once aborted. */
  async pass(): Promise<void> {
    if (this.aborted) throw abortError();
    if (!this.paused) return;
    if (!this.told) {
      this.told = true;
      this.onPaused();
    }
    await new Promise<void>((wake) => this.waiting.push(wake));
    if (this.aborted) throw abortError();
  }
}

/**
 * `engine`, stopping before each chunk at the checkpoint of the job a run belongs to (found by
 * the run's signal, so that an engine kept across jobs, as a runner's cache keeps it, pauses the
 * job now running): a paused job computes nothing more, and its run picks up with the next chunk
 * when resumed.
 */
export function pausableEngine(
  engine: Engine,
  checkpoint: (signal: AbortSignal | undefined) => Promise<void>,
): Engine {
  const info = engine.adapterInfo;
  return {
    kind: engine.kind,
    backend: engine.backend,
    describe: (spec, options) => engine.describe(spec, options),
    estimateCost: (spec, options) => engine.estimateCost(spec, options),
    ...(info ? { adapterInfo: () => info.call(engine) } : {}),
    async *run(spec: RunSpec, options?: RunOptions) {
      const chunks = engine.run(spec, options);
      try {
        for (;;) {
          await checkpoint(options?.signal);
          const next = await chunks.next();
          if (next.done) return;
          yield next.value;
        }
      } finally {
        await chunks.return(undefined);
      }
    },
  };
}

/** A job's body: its signal, and the checkpoint where a cancel pauses it (pausableEngine passes it before each chunk). */
export type JobBody = (signal: AbortSignal, checkpoint: () => Promise<void>) => Promise<unknown>;

interface Current {
  id: number;
  controller: AbortController;
  gate: PauseGate;
  settled: Promise<void>;
}

export class SerialJobs {
  private current: Current | null = null;

  /**
   * Run `body` as job `id` (aborting the job in flight), then report its end through `end`;
   * `paused` says when a cancel has stopped it at a checkpoint (or at its end).
   */
  start(
    id: number,
    backend: Backend,
    body: JobBody,
    end: (e: JobEnd) => void,
    paused: () => void = () => undefined,
  ): void {
    const previous = this.current;
    if (previous) this.abort(previous);
    const controller = new AbortController();
    const gate = new PauseGate(paused);
    const job: Current = { id, controller, gate, settled: Promise.resolve() };
    this.current = job;
    const wait = backend === 'webgpu' && previous ? previous.settled : null;
    job.settled = this.run(job, wait, body, end);
  }

  /** Stop job `id` at its next checkpoint, kept for resume (only the job in flight). */
  pause(id: number): void {
    if (this.current?.id === id) this.current.gate.pause();
  }

  /** Go on with the paused job `id`; false when it is not the job in flight or not paused. */
  resume(id: number): boolean {
    return this.current?.id === id ? this.current.gate.resume() : false;
  }

  /** Whether job `id` is the job in flight and paused (what it sends is then held back). */
  isPaused(id: number): boolean {
    return this.current?.id === id && this.current.gate.isPaused;
  }

  /** Whether job `id` is the job in flight (paused or not). */
  has(id: number): boolean {
    return this.current?.id === id;
  }

  /** End job `id` for good (only the job in flight). */
  cancel(id: number): void {
    if (this.current?.id === id) this.abort(this.current);
  }

  private abort(job: Current): void {
    job.controller.abort();
    job.gate.abort();
  }

  private async run(
    job: Current,
    wait: Promise<void> | null,
    body: JobBody,
    end: (e: JobEnd) => void,
  ): Promise<void> {
    const { signal } = job.controller;
    const checkpoint = () => job.gate.pass();
    const t0 = performance.now();
    try {
      if (wait) await wait;
      if (signal.aborted) throw new Error('superseded');
      await body(signal, checkpoint);
      // Paused as it finished: the end waits for the resume, as its last messages do.
      await checkpoint();
      end({ type: 'done', elapsedMs: performance.now() - t0 });
    } catch (e) {
      if (signal.aborted) end({ type: 'cancelled' });
      else {
        const message = e instanceof Error ? e.message : String(e);
        await checkpoint().then(
          () => end({ type: 'error', message }),
          () => end({ type: 'cancelled' }),
        );
      }
    } finally {
      if (this.current === job) this.current = null;
    }
  }
}
