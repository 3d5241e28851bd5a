/**
 * The compute worker of the "Depth & criticality" and "Two inputs" views (a Vite module
 * worker): per-layer statistics and the phase diagram, off the page's thread. A job names its
 * backend: 'cpu' runs the CPU engines with one thread; 'webgpu' runs the WebGPU engines here
 * (per-layer statistics and, explicit, gradient norms), falling back to the CPU with a
 * 'backend' message saying why when WebGPU does not start in the worker.
 * Engines and the one-job-at-a-time rule come from ../worker-jobs.ts.
 */
import type { EngineKind } from '../../engine/types.ts';
import { runDepth } from './model.ts';
import { phaseDiagramRows, phaseGrid, phaseKey, runTwoInputs, type PhasePart } from '../two-inputs/model.ts';
import type { FromViewsWorker, ToViewsWorker } from './protocol.ts';
import { SerialJobs, WorkerEngines } from '../../lab/worker-jobs.ts';

const scope = globalThis as unknown as {
  postMessage(m: FromViewsWorker): void;
  onmessage: ((e: MessageEvent<ToViewsWorker>) => void) | null;
};
const post = (m: FromViewsWorker): void => scope.postMessage(m);

const workerEngines = new WorkerEngines({
  backend: (backend, detail) => post({ type: 'backend', backend, detail }),
  notice: (message) => post({ type: 'notice', message }),
});
const jobs = new SerialJobs();

/** The last phase diagram, complete or partial: moving C_W or C_b does not recompute it. */
let phaseCache: PhasePart | null = null;

function start(msg: Exclude<ToViewsWorker, { type: 'cancel' }>): void {
  const id = msg.id;
  const engines = (kind: EngineKind) => workerEngines.engineFor(kind, msg.backend);
  jobs.start(id, msg.backend, (signal) => body(msg, engines, signal), (end) => post({ ...end, id }));
}

async function body(msg: Exclude<ToViewsWorker, { type: 'cancel' }>, engines: (kind: EngineKind) => ReturnType<WorkerEngines['engineFor']>, signal: AbortSignal): Promise<void> {
  const id = msg.id;
  if (msg.type === 'depth') {
    await runDepth(msg.state, engines, (snapshot) => post({ type: 'depth', id, snapshot }), signal);
    return;
  }
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

scope.onmessage = (e) => {
  const msg = e.data;
  if (msg.type === 'cancel') jobs.cancel(msg.id);
  else start(msg);
};
