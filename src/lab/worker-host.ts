/**
 * The body of every experiment's compute worker (a Vite module worker): engines kept for the
 * worker's life and one job at a time (worker-jobs.ts), cancel and resume handled, every job's
 * end and the backend reports posted. A cancel pauses the job before its next engine chunk (or
 * at `checkpoint`, for work between engine runs) and holds back what it sends until a resume,
 * which then continues the same run. An experiment's worker.ts only says how to run one job:
 *
 *   serveJobs<ToWorker, FromWorker>((job, post, engines, checkpoint) => (signal) =>
 *     runDepth(job.state, engines, (snapshot) => post({ type: 'depth', id: job.id, snapshot }), signal));
 *
 * `start` is called when the job arrives; the function it returns runs once the job's turn
 * comes (on the GPU, after the job it supersedes has stopped).
 */
import type { Backend } from '../engine/types.ts';
import type { EngineSource } from './stream-run.ts';
import type { CancelJob, ResumeJob, WorkerReply } from './worker-protocol.ts';
import { SerialJobs, WorkerEngines, pausableEngine } from './worker-jobs.ts';

type Job = { type: string; id: number; backend: Backend };

/** How an experiment's worker starts one job: the function it returns runs once the job's turn comes. */
export type StartJob<To, From> = (
  job: To,
  post: (m: From) => void,
  engines: EngineSource,
  checkpoint: () => Promise<void>,
) => (signal: AbortSignal) => Promise<unknown>;

/**
 * The worker's message handler, posting through `post`: jobs, cancel (pause) and resume.
 * serveJobs wires it to the worker's global scope; tests drive it directly.
 */
export function jobHost<To extends Job, From>(
  start: StartJob<To, From>,
  post: (m: From | WorkerReply) => void,
): (msg: To | CancelJob | ResumeJob) => void {
  const workerEngines = new WorkerEngines({
    backend: (backend, detail) => post({ type: 'backend', backend, detail }),
    notice: (message) => post({ type: 'notice', message }),
  });
  const jobs = new SerialJobs();
  /** Each job's checkpoint by its signal: an engine run pauses the job it was started for. */
  const checkpoints = new WeakMap<AbortSignal, () => Promise<void>>();
  const pass = (signal: AbortSignal | undefined): Promise<void> =>
    (signal && checkpoints.get(signal)?.()) ?? Promise.resolve();
  /** What the paused job sent after its cancel: the page gets it on resume, in order. */
  let held: { id: number; messages: (From | WorkerReply)[] } | null = null;
  return (msg) => {
    if (msg.type === 'cancel') {
      jobs.pause(msg.id);
      return;
    }
    if (msg.type === 'resume') {
      if (!jobs.has(msg.id)) {
        post({
          type: 'error',
          id: msg.id,
          message: 'the cancelled run is no longer in the worker: run it again',
        });
        return;
      }
      post({ type: 'resumed', id: msg.id });
      const back = held?.id === msg.id ? held.messages : [];
      held = null;
      for (const m of back) post(m);
      jobs.resume(msg.id);
      return;
    }
    const job = msg as To;
    held = null;
    const jobPost = (m: From | WorkerReply): void => {
      if (!jobs.isPaused(job.id)) return post(m);
      if (held?.id !== job.id) held = { id: job.id, messages: [] };
      held.messages.push(m);
    };
    let checkpoint: () => Promise<void> = () => Promise.resolve();
    const engines: EngineSource = async (kind) =>
      pausableEngine(await workerEngines.engineFor(kind, job.backend), pass);
    const body = start(job, jobPost as (m: From) => void, engines, () => checkpoint());
    jobs.start(
      job.id,
      job.backend,
      (signal, jobPass) => {
        checkpoint = jobPass;
        checkpoints.set(signal, jobPass);
        return body(signal);
      },
      // A job aborted while paused ends with nothing held to wait for.
      (end) => (end.type === 'cancelled' ? post({ ...end, id: job.id }) : jobPost({ ...end, id: job.id })),
      () => post({ type: 'cancelled', id: job.id, resumable: true }),
    );
  };
}

export function serveJobs<To extends Job, From>(start: StartJob<To, From>): void {
  const scope = globalThis as unknown as {
    postMessage(m: From | WorkerReply): void;
    onmessage: ((e: MessageEvent<To | CancelJob | ResumeJob>) => void) | null;
  };
  const handle = jobHost(start, (m) => scope.postMessage(m));
  scope.onmessage = (e) => handle(e.data);
}
