/**
 * The messages every compute worker and its view exchange, beside each experiment's own
 * (its protocol.ts): a job names the backend the page chose; cancel pauses it and resume goes
 * on; the worker ends every job with done, cancelled or error, says with `backend` which
 * backend it actually uses (WebGPU can fail to start in a worker: then the CPU, with why), and
 * sends notices the user should see.
 *
 *   export type ToWorker = { type: 'depth'; id: number; state: DepthState; backend: Backend } | CancelJob;
 *   export type FromWorker = { type: 'depth'; id: number; snapshot: DepthSnapshot } | WorkerReply;
 */
import type { Backend } from '../engine/types.ts';

/**
 * Cancel stops a job at its next step and keeps it, paused, so that Resume can continue it
 * exactly where it stopped; the next job aborts it.
 */
export type CancelJob = { type: 'cancel'; id: number };
export type ResumeJob = { type: 'resume'; id: number };

export type WorkerReply =
  | { type: 'done'; id: number; elapsedMs: number }
  /** `resumable`: the job is paused in the worker and a resume continues it. */
  | { type: 'cancelled'; id: number; resumable?: boolean }
  /** A resume reached the paused job: what it had held back follows. */
  | { type: 'resumed'; id: number }
  | { type: 'error'; id: number; message: string }
  /** The backend actually in use, with the adapter or why the CPU. */
  | { type: 'backend'; backend: Backend; detail: string }
  /** Something the user should see, e.g. a lost GPU device (the run goes on on a new one). */
  | { type: 'notice'; message: string };

/** A job as a view describes it: the client adds the id, the compute controller the backend. */
export type JobRequest<To> = To extends { type: 'cancel' }
  ? never
  : To extends { id: number; backend: Backend }
    ? Omit<To, 'id' | 'backend'>
    : never;
