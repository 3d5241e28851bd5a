/**
 * Messages between the issue-5 views and their compute worker (views-worker.ts). One job at a
 * time per worker: a new `depth` or `two-inputs` job aborts the one in flight; `cancel` aborts
 * it without starting another. A two-inputs job streams the ensemble, then the phase diagram
 * (skipped when the worker already holds it for the same activation, depth and rho).
 */
import type { DepthState, TwoInputsState } from '../../state/views-state.ts';
import type { DepthSnapshot } from './model.ts';
import type { PhasePart, TwoInputsSnapshot } from '../two-inputs/model.ts';

export type ToViewsWorker =
  | { type: 'depth'; id: number; state: DepthState }
  | { type: 'two-inputs'; id: number; state: TwoInputsState }
  | { type: 'cancel'; id: number };

export type FromViewsWorker =
  | { type: 'depth'; id: number; snapshot: DepthSnapshot }
  | { type: 'two-inputs'; id: number; snapshot: TwoInputsSnapshot }
  | { type: 'phase'; id: number; part: PhasePart }
  | { type: 'done'; id: number; elapsedMs: number }
  | { type: 'cancelled'; id: number }
  | { type: 'error'; id: number; message: string };
