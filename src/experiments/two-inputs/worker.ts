/**
 * The "Two inputs" view's compute worker (a Vite module worker): the two-input ensemble on
 * the backend the job names (lab/worker-host.ts), then the order/chaos phase diagram row by
 * row, off the page's thread.
 */
import { serveJobs } from '../../lab/worker-host.ts';
import { phaseDiagramRows, phaseGrid, phaseKey, runTwoInputs, type PhasePart } from './model.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

/** The last phase diagram, complete or partial: moving C_W or C_b does not recompute it. */
let phaseCache: PhasePart | null = null;

serveJobs<Exclude<ToWorker, { type: 'cancel' }>, FromWorker>(
  (job, post, engines, checkpoint) => async (signal) => {
    const id = job.id;
    const grid = phaseGrid(job.state);
    const cached = phaseCache?.key === phaseKey(grid) ? phaseCache : null;
    if (cached) post({ type: 'phase', id, part: cached });
    await runTwoInputs(job.state, engines, (snapshot) => post({ type: 'two-inputs', id, snapshot }), signal);
    if (!cached || cached.rows < cached.cb.length) {
      for await (const part of phaseDiagramRows(grid, signal, cached)) {
        post({ type: 'phase', id, part });
        phaseCache = part;
        // A cancel stops the diagram between rows, as it stops the ensemble between chunks.
        await checkpoint();
      }
    }
  },
);
