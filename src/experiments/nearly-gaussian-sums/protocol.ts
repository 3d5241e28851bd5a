/**
 * Messages between the "Nearly-Gaussian sums" view and its compute worker (worker.ts), beside the
 * ones every worker sends (lab/worker-protocol.ts). One job at a time: a new `sums` job aborts
 * the one in flight; `cancel` pauses it. A job streams snapshots as chunks of sums are drawn.
 * The job carries no n: every n comes from the same run.
 */
import type { Backend } from '../../engine/types.ts';
import type { CancelJob, WorkerReply } from '../../lab/worker-protocol.ts';
import type { SumsSnapshot } from './model.ts';
import type { SumsState } from './state.ts';

export type ToWorker = { type: 'sums'; id: number; state: SumsState; backend: Backend } | CancelJob;

export type FromWorker = { type: 'sums'; id: number; snapshot: SumsSnapshot } | WorkerReply;
