/**
 * The compute worker of the "Depth & criticality" and "Two inputs" views (a Vite module
 * worker): per-layer statistics and the phase diagram, off the page's thread. A job names its
 * backend: 'cpu' runs the CPU engines with one thread; 'webgpu' runs the WebGPU engines here
 * (per-layer statistics and, explicit, gradient norms), falling back to the CPU with a
 * 'backend' message saying why when WebGPU does not start in the worker.
 *
 * The WebGPU module is imported statically: createEngineAsync's variable dynamic import is
 * meant for Node and is not bundled by Vite.
 */
import { createEngine } from '../../engine/index.ts';
import type { Engine, EngineKind } from '../../engine/types.ts';
import { createWebGpuEngine } from '../../engine/webgpu/index.ts';
import { runDepth } from './model.ts';
import { phaseDiagramRows, phaseGrid, phaseKey, runTwoInputs, type PhasePart } from '../two-inputs/model.ts';
import type { FromViewsWorker, ToViewsWorker } from './protocol.ts';

const scope = globalThis as unknown as {
  postMessage(m: FromViewsWorker): void;
  onmessage: ((e: MessageEvent<ToViewsWorker>) => void) | null;
};
const post = (m: FromViewsWorker): void => scope.postMessage(m);

type GpuEngine = Awaited<ReturnType<typeof createWebGpuEngine>>;
/** One WebGPU engine per kind for the worker's life: its device and compiled pipelines are reused. */
const gpuEngines = new Map<EngineKind, Promise<GpuEngine>>();
let gpuFailed = false;
/** The last 'backend' message, so it is posted again only when it changes. */
let reported = '';

function report(backend: 'webgpu' | 'cpu', detail: string): void {
  if (reported === `${backend}|${detail}`) return;
  reported = `${backend}|${detail}`;
  post({ type: 'backend', backend, detail });
}

async function engineFor(kind: EngineKind, backend: 'webgpu' | 'cpu'): Promise<Engine> {
  if (backend === 'webgpu' && !gpuFailed) {
    if (!(globalThis.navigator as Navigator | undefined)?.gpu) {
      gpuFailed = true;
      report('cpu', 'WebGPU is not available in the compute worker; using the CPU');
    } else {
      let p = gpuEngines.get(kind);
      if (!p) {
        p = createWebGpuEngine(kind, { onDeviceLost: (message) => post({ type: 'notice', message: `The GPU device was lost: ${message}.` }) });
        gpuEngines.set(kind, p);
      }
      try {
        const e = await p;
        const info = e.adapterInfo();
        report('webgpu', info ? `${info.description}${info.software ? ' (software)' : ''}` : 'WebGPU');
        return e;
      } catch (err) {
        gpuFailed = true;
        report('cpu', `WebGPU failed in the compute worker (${err instanceof Error ? err.message : String(err)}); using the CPU`);
      }
    }
  }
  return createEngine(kind, 'cpu');
}

let current: { id: number; controller: AbortController; settled: Promise<void> } | null = null;
/** The last phase diagram, complete or partial: moving C_W or C_b does not recompute it. */
let phaseCache: PhasePart | null = null;

function start(msg: Exclude<ToViewsWorker, { type: 'cancel' }>): void {
  const previous = current;
  previous?.controller.abort();
  const controller = new AbortController();
  const job = { id: msg.id, controller, settled: Promise.resolve() };
  current = job;
  // A WebGPU engine's session reuses named buffers across runs: the aborted run (which stops at
  // its next submission) must be over before the next one starts on the same engine.
  const wait = msg.backend === 'webgpu' && previous ? previous.settled : null;
  job.settled = run(msg, controller, wait);
}

async function run(msg: Exclude<ToViewsWorker, { type: 'cancel' }>, controller: AbortController, wait: Promise<void> | null): Promise<void> {
  const signal = controller.signal;
  const t0 = performance.now();
  const id = msg.id;
  const engines = (kind: EngineKind) => engineFor(kind, msg.backend);
  try {
    if (wait) {
      await wait;
      if (signal.aborted) throw new Error('superseded');
    }
    if (msg.type === 'depth') {
      await runDepth(msg.state, engines, (snapshot) => post({ type: 'depth', id, snapshot }), signal);
    } else {
      const grid = phaseGrid(msg.state);
      const cached = phaseCache?.key === phaseKey(grid) ? phaseCache : null;
      if (cached) post({ type: 'phase', id, part: cached });
      await runTwoInputs(msg.state, engines, (snapshot) => post({ type: 'two-inputs', id, snapshot }), signal);
      if (!cached || cached.rows < cached.cb.length) {
        for await (const part of phaseDiagramRows(grid, signal, cached)) {
          post({ type: 'phase', id, part });
          phaseCache = part;
        }
      }
    }
    post({ type: 'done', id, elapsedMs: performance.now() - t0 });
  } catch (e) {
    if (signal.aborted) post({ type: 'cancelled', id });
    else post({ type: 'error', id, message: e instanceof Error ? e.message : String(e) });
  } finally {
    if (current?.controller === controller) current = null;
  }
}

scope.onmessage = (e) => {
  const msg = e.data;
  if (msg.type === 'cancel') {
    if (current?.id === msg.id) current.controller.abort();
  } else {
    start(msg);
  }
};
