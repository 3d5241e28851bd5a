/**
 * Messages between the "Two inputs" view and its compute worker (worker.ts), beside the ones
 * every worker sends (lab/worker-protocol.ts). One job at a time: a new `two-inputs` job aborts
 * the one in flight; `cancel` aborts it without starting another. A job streams the ensemble,
 * then the phase diagram (skipped when the worker already holds it for the same activation,
 * depth and rho).
 */
import type { Backend } from '../../engine/types.ts';
import type { CancelJob, WorkerReply } from '../../lab/worker-protocol.ts';
import type { PhasePart, TwoInputsSnapshot } from './model.ts';
import type { TwoInputsState } from './state.ts';

export type ToWorker =
  { type: 'two-inputs'; id: number; state: TwoInputsState; backend: Backend } | CancelJob;

export type FromWorker =
  | { type: 'two-inputs'; id: number; snapshot: TwoInputsSnapshot }
  | { type: 'phase'; id: number; part: PhasePart }
  | WorkerReply;
