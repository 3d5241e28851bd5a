/**
 * The "Gaussian integrals" view's compute worker (a Vite module worker): up to a million
 * samples of the 2-D Gaussian and the running sample moment, off the page's thread (the
 * engines are not used: the samples come straight from the counter-based generator).
 */
import { serveJobs } from '../../lab/worker-host.ts';
import { runGaussianIntegrals } from './model.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

serveJobs<Exclude<ToWorker, { type: 'cancel' }>, FromWorker>(
  (job, post, _engines, checkpoint) => (signal) =>
    runGaussianIntegrals(
      job.state,
      (snapshot) => post({ type: 'gaussian-integrals', id: job.id, snapshot }),
      signal,
      checkpoint,
    ),
);
