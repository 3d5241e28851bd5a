/**
 * The compute worker (a Vite module worker): runs the Gaussian-limit model off the page's
 * thread, so the page never freezes. CPU engines run here with one thread; when the page asks
 * for WebGPU and the worker has navigator.gpu, the WebGPU engines run here too.
 * Engines and the one-job-at-a-time rule come from ../worker-jobs.ts.
 */
import { GaussianLimitRunner } from './model.ts';
import type { FromWorker, ToWorker } from './protocol.ts';
import { SerialJobs, WorkerEngines, type Backend } from '../../lab/worker-jobs.ts';

const scope = globalThis as unknown as {
  postMessage(m: FromWorker): void;
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
};
const post = (m: FromWorker): void => scope.postMessage(m);

const engines = new WorkerEngines({
  backend: (backend, detail) => post({ type: 'backend', backend, detail }),
  notice: (message) => post({ type: 'notice', message }),
});
const jobs = new SerialJobs();
const runners = new Map<Backend, GaussianLimitRunner>();

function runnerFor(backend: Backend): GaussianLimitRunner {
  let r = runners.get(backend);
  if (!r) {
    // Without a GPU the sweeps get smaller ensembles, so that the whole page refreshes in seconds.
    r = new GaussianLimitRunner((kind) => engines.engineFor(kind, backend), backend === 'cpu' ? { sweepNetworks: 2000, sweepPointMs: 120 } : {});
    runners.set(backend, r);
  }
  return r;
}

function start(msg: Extract<ToWorker, { type: 'run' }>): void {
  const t0 = performance.now();
  // At most ten progress messages a second: the page only moves a bar with them.
  let lastProgress = -Infinity;
  const onProgress = (progress: number): void => {
    const t = performance.now();
    if (t - lastProgress < 100) return;
    lastProgress = t;
    post({ type: 'progress', id: msg.id, progress });
  };
  jobs.start(
    msg.id,
    msg.backend,
    (signal) =>
      runnerFor(msg.backend).run(
        msg.state,
        (snapshot) => post({ type: 'snapshot', id: msg.id, snapshot, elapsedMs: performance.now() - t0 }),
        signal,
        onProgress,
      ),
    (end) => post({ ...end, id: msg.id }),
  );
}

scope.onmessage = (e) => {
  const msg = e.data;
  if (msg.type === 'run') start(msg);
  else if (msg.type === 'cancel') jobs.cancel(msg.id);
};
