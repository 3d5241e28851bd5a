/**
 * The "Training" view's compute worker (a Vite module worker): the ensemble trained on the
 * backend the job names (WebGPU, or the CPU trainer when WebGPU does not start), the
 * infinite-width prediction beside it, off the page's thread.
 */
import { serveJobs } from '../../lab/worker-host.ts';
import { WorkerTrainers } from '../../lab/worker-trainers.ts';
import { runTraining } from './model.ts';
import { sweepParts } from './sweep.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

let trainers: WorkerTrainers | null = null;

serveJobs<Exclude<ToWorker, { type: 'cancel' }>, FromWorker>(
  (job, post, _engines, checkpoint) => async (signal) => {
    trainers ??= new WorkerTrainers({
      backend: (backend, detail) => post({ type: 'backend', backend, detail }),
      notice: (message) => post({ type: 'notice', message }),
    });
    const source = await trainers.trainerFor(job.backend);
    await runTraining(
      job.state,
      source,
      (snapshot) => post({ type: 'training', id: job.id, snapshot }),
      signal,
      checkpoint,
    );
    if (job.state.sweep)
      for await (const part of sweepParts(job.state, signal, checkpoint))
        post({ type: 'sweep', id: job.id, part });
  },
);
