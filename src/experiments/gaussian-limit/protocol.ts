/**
 * Messages between the Gaussian-limit view and its compute worker (worker.ts), beside the
 * ones every worker sends (lab/worker-protocol.ts). One run at a time: a new `run` aborts the
 * one in flight; `cancel` aborts it without starting another.
 */
import type { Backend } from '../../engine/types.ts';
import type { CancelJob, WorkerReply } from '../../lab/worker-protocol.ts';
import type { Snapshot } from './model.ts';
import type { LabState } from './state.ts';

export type ToWorker = { type: 'run'; id: number; state: LabState; backend: Backend } | CancelJob;

export type FromWorker =
  | { type: 'snapshot'; id: number; snapshot: Snapshot; elapsedMs: number }
  /** Progress (0..1) between snapshots, e.g. layer by layer through a slow explicit network. */
  | { type: 'progress'; id: number; progress: number }
  | WorkerReply;
