/**
 * The "Depth & criticality" view's compute worker (a Vite module worker): per-layer statistics
 * off the page's thread. A job names its backend: 'cpu' runs the CPU engines with one thread;
 * 'webgpu' runs the WebGPU engines here (per-layer statistics and, explicit, gradient norms),
 * falling back to the CPU, saying why, when WebGPU does not start in the worker
 * (lab/worker-host.ts).
 */
import { serveJobs } from '../../lab/worker-host.ts';
import { runDepth } from './model.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

serveJobs<Exclude<ToWorker, { type: 'cancel' }>, FromWorker>(
  (job, post, engines) => (signal) =>
    runDepth(job.state, engines, (snapshot) => post({ type: 'depth', id: job.id, snapshot }), signal),
);
