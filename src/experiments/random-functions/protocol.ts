/**
 * Messages between the "Random functions" view and its compute worker (worker.ts), beside the
 * ones every worker sends (lab/worker-protocol.ts). One job at a time: a new `functions` job
 * aborts the one in flight; `cancel` pauses it.
 */
import type { Backend } from '../../engine/types.ts';
import type { CancelJob, WorkerReply } from '../../lab/worker-protocol.ts';
import type { FunctionsSnapshot } from './model.ts';
import type { FunctionsState } from './state.ts';

export type ToWorker = { type: 'functions'; id: number; state: FunctionsState; backend: Backend } | CancelJob;

export type FromWorker = { type: 'functions'; id: number; snapshot: FunctionsSnapshot } | WorkerReply;
