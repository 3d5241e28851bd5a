/**
 * The "Nearly-Gaussian sums" view's compute worker (a Vite module worker): the sums drawn chunk
 * by chunk off the page's thread, on the CPU whatever the page's backend (a few hundred million
 * counter-based draws; lab/worker-host.ts handles cancel and resume).
 */
import { serveJobs } from '../../lab/worker-host.ts';
import { runSums } from './model.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

serveJobs<Exclude<ToWorker, { type: 'cancel' }>, FromWorker>(
  (job, post, _engines, checkpoint) => () =>
    runSums(job.state, (snapshot) => post({ type: 'sums', id: job.id, snapshot }), checkpoint),
);
