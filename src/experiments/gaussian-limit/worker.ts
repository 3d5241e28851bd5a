/**
 * The Gaussian-limit view's compute worker (a Vite module worker): runs the model off the
 * page's thread, so the page never freezes. CPU engines run here with one thread; when the
 * page asks for WebGPU and the worker has navigator.gpu, the WebGPU engines run here too.
 * Engines and the one-job-at-a-time rule: lab/worker-host.ts.
 */
import type { Backend } from '../../engine/types.ts';
import type { EngineSource } from '../../lab/stream-run.ts';
import { serveJobs } from '../../lab/worker-host.ts';
import { GaussianLimitRunner } from './model.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

const runners = new Map<Backend, GaussianLimitRunner>();

/** One runner per backend, for its cache of sweep points. */
function runnerFor(backend: Backend, engines: EngineSource): GaussianLimitRunner {
  let r = runners.get(backend);
  if (!r) {
    // Without a GPU the sweeps get smaller ensembles, so that the whole page refreshes in seconds.
    r = new GaussianLimitRunner(engines, backend === 'cpu' ? { sweepNetworks: 2000, sweepPointMs: 120 } : {});
    runners.set(backend, r);
  }
  return r;
}

serveJobs<Exclude<ToWorker, { type: 'cancel' }>, FromWorker>((job, post, engines) => {
  const t0 = performance.now();
  // At most ten progress messages a second: the page only moves a bar with them.
  let lastProgress = -Infinity;
  const onProgress = (progress: number): void => {
    const t = performance.now();
    if (t - lastProgress < 100) return;
    lastProgress = t;
    post({ type: 'progress', id: job.id, progress });
  };
  const runner = runnerFor(job.backend, engines);
  return (signal) =>
    runner.run(
      job.state,
      (snapshot) => post({ type: 'snapshot', id: job.id, snapshot, elapsedMs: performance.now() - t0 }),
      signal,
      onProgress,
    );
});
