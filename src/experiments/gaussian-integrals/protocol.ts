/**
 * Messages between the "Gaussian integrals" view and its compute worker (worker.ts), beside the
 * ones every worker sends (lab/worker-protocol.ts): one job draws the samples and streams
 * snapshots; a new job aborts the one in flight.
 */
import type { Backend } from '../../engine/types.ts';
import type { CancelJob, WorkerReply } from '../../lab/worker-protocol.ts';
import type { GaussianSnapshot } from './model.ts';
import type { GaussianIntegralsState } from './state.ts';

export type ToWorker =
  { type: 'gaussian-integrals'; id: number; state: GaussianIntegralsState; backend: Backend } | CancelJob;

export type FromWorker = { type: 'gaussian-integrals'; id: number; snapshot: GaussianSnapshot } | WorkerReply;
