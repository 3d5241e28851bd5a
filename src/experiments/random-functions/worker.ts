/**
 * The "Random functions" view's compute worker (a Vite module worker). The grid has 17-65
 * inputs and the WebGPU ensemble engines take at most 4 (engine/webgpu/exact-webgpu.ts
 * MAX_INPUTS), so this view runs the CPU engines whatever backend the page chose, and says so
 * once through the worker's `backend` report (the page shows it as its backend note).
 */
import { createEngine } from '../../engine/index.ts';
import type { EngineKind } from '../../engine/types.ts';
import { serveJobs } from '../../lab/worker-host.ts';
import { pausableEngine } from '../../lab/worker-jobs.ts';
import { runFunctions } from './model.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

export const CPU_ONLY =
  'This view runs on the CPU: its grid has more inputs than the WebGPU ensemble engines take (4)';

let told = false;

serveJobs<Exclude<ToWorker, { type: 'cancel' }>, FromWorker>((job, post, _engines, checkpoint) => {
  if (job.backend === 'webgpu' && !told) {
    told = true;
    post({ type: 'backend', backend: 'cpu', detail: CPU_ONLY });
  }
  const cpu = (kind: EngineKind) => pausableEngine(createEngine(kind, 'cpu'), () => checkpoint());
  return (signal) =>
    runFunctions(job.state, cpu, (snapshot) => post({ type: 'functions', id: job.id, snapshot }), signal);
});
