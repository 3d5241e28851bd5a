/**
 * The body of every experiment's compute worker (a Vite module worker): engines kept for the
 * worker's life and one job at a time (worker-jobs.ts), cancel handled, every job's end and
 * the backend reports posted. An experiment's worker.ts only says how to run one job:
 *
 *   serveJobs<ToWorker, FromWorker>((job, post, engines) => (signal) =>
 *     runDepth(job.state, engines, (snapshot) => post({ type: 'depth', id: job.id, snapshot }), signal));
 *
 * `start` is called when the job arrives; the function it returns runs once the job's turn
 * comes (on the GPU, after the job it supersedes has stopped).
 */
import type { Backend } from '../engine/types.ts';
import type { EngineSource } from './stream-run.ts';
import type { CancelJob, WorkerReply } from './worker-protocol.ts';
import { SerialJobs, WorkerEngines } from './worker-jobs.ts';

type Job = { type: string; id: number; backend: Backend };

export function serveJobs<To extends Job, From>(
  start: (
    job: To,
    post: (m: From) => void,
    engines: EngineSource,
  ) => (signal: AbortSignal) => Promise<unknown>,
): void {
  const scope = globalThis as unknown as {
    postMessage(m: From | WorkerReply): void;
    onmessage: ((e: MessageEvent<To | CancelJob>) => void) | null;
  };
  const post = (m: From | WorkerReply): void => scope.postMessage(m);
  const workerEngines = new WorkerEngines({
    backend: (backend, detail) => post({ type: 'backend', backend, detail }),
    notice: (message) => post({ type: 'notice', message }),
  });
  const jobs = new SerialJobs();
  scope.onmessage = (e) => {
    const msg = e.data;
    if (msg.type === 'cancel') {
      jobs.cancel(msg.id);
      return;
    }
    const job = msg as To;
    const body = start(job, post, (kind) => workerEngines.engineFor(kind, job.backend));
    jobs.start(job.id, job.backend, body, (end) => post({ ...end, id: job.id }));
  };
}
