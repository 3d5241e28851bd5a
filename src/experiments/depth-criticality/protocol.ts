/**
 * Messages between the issue-5 views and their compute worker (views-worker.ts). One job at a
 * time per worker: a new `depth` or `two-inputs` job aborts the one in flight; `cancel` aborts
 * it without starting another. A two-inputs job streams the ensemble, then the phase diagram
 * (skipped when the worker already holds it for the same activation, depth and rho). Each job
 * names the backend the page chose (views-lab.ts); the worker says with a `backend` message
 * which one it actually uses (WebGPU can fail to start in a worker: then the CPU, with why).
 */
import type { DepthState, TwoInputsState } from '../../state/views-state.ts';
import type { DepthSnapshot } from './model.ts';
import type { PhasePart, TwoInputsSnapshot } from '../two-inputs/model.ts';

export type ToViewsWorker =
  | { type: 'depth'; id: number; state: DepthState; backend: 'webgpu' | 'cpu' }
  | { type: 'two-inputs'; id: number; state: TwoInputsState; backend: 'webgpu' | 'cpu' }
  | { type: 'cancel'; id: number };

export type FromViewsWorker =
  | { type: 'depth'; id: number; snapshot: DepthSnapshot }
  | { type: 'two-inputs'; id: number; snapshot: TwoInputsSnapshot }
  | { type: 'phase'; id: number; part: PhasePart }
  | { type: 'done'; id: number; elapsedMs: number }
  | { type: 'cancelled'; id: number }
  | { type: 'error'; id: number; message: string }
  /** The backend actually in use, with the adapter or why the CPU. */
  | { type: 'backend'; backend: 'webgpu' | 'cpu'; detail: string }
  /** Something the user should see, e.g. a lost GPU device (the run goes on on a new one). */
  | { type: 'notice'; message: string };
