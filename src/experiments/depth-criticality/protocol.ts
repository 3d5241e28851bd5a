/**
 * Messages between the "Depth & criticality" view and its compute worker (worker.ts), beside
 * the ones every worker sends (lab/worker-protocol.ts). One job at a time: a new `depth` job
 * aborts the one in flight; `cancel` aborts it without starting another.
 */
import type { Backend } from '../../engine/types.ts';
import type { CancelJob, WorkerReply } from '../../lab/worker-protocol.ts';
import type { DepthSnapshot } from './model.ts';
import type { DepthState } from './state.ts';

export type ToWorker = { type: 'depth'; id: number; state: DepthState; backend: Backend } | CancelJob;

export type FromWorker = { type: 'depth'; id: number; snapshot: DepthSnapshot } | WorkerReply;
