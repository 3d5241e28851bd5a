/**
 * The messages every compute worker and its view exchange, beside each experiment's own
 * (its protocol.ts): a job names the backend the page chose; the worker ends every job with
 * done, cancelled or error, says with `backend` which backend it actually uses (WebGPU can
 * fail to start in a worker: then the CPU, with why), and sends notices the user should see.
 *
 *   export type ToWorker = { type: 'depth'; id: number; state: DepthState; backend: Backend } | CancelJob;
 *   export type FromWorker = { type: 'depth'; id: number; snapshot: DepthSnapshot } | WorkerReply;
 */
import type { Backend } from '../engine/types.ts';

export type CancelJob = { type: 'cancel'; id: number };

export type WorkerReply =
  | { type: 'done'; id: number; elapsedMs: number }
  | { type: 'cancelled'; id: number }
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
