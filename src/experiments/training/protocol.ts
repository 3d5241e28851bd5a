/**
 * Messages between the "Training" view and its compute worker (worker.ts), beside the ones
 * every worker sends (lab/worker-protocol.ts). One job at a time: a new `training` job aborts
 * the one in flight. A job streams snapshots as networks finish training, then, when asked, the width sweep one width at a time.
 */
import type { Backend } from '../../engine/types.ts';
import type { CancelJob, WorkerReply } from '../../lab/worker-protocol.ts';
import type { TrainingSnapshot } from './model.ts';
import type { TrainingState } from './state.ts';
import type { SweepPart } from './sweep.ts';

export type ToWorker = { type: 'training'; id: number; state: TrainingState; backend: Backend } | CancelJob;

export type FromWorker =
  | { type: 'training'; id: number; snapshot: TrainingSnapshot }
  | { type: 'sweep'; id: number; part: SweepPart }
  | WorkerReply;
