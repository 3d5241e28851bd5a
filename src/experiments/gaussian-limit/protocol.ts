/**
 * Messages between the page and the compute worker (compute-worker.ts). One run at a time:
 * a new `run` aborts the one in flight; `cancel` aborts it without starting another.
 */
import type { LabState } from '../../state/schema.ts';
import type { Snapshot } from './model.ts';

export type ToWorker =
  | { type: 'run'; id: number; state: LabState; backend: 'webgpu' | 'cpu' }
  | { type: 'cancel'; id: number };

export type FromWorker =
  | { type: 'snapshot'; id: number; snapshot: Snapshot; elapsedMs: number }
  /** Progress (0..1) between snapshots, e.g. layer by layer through a slow explicit network. */
  | { type: 'progress'; id: number; progress: number }
  | { type: 'done'; id: number; elapsedMs: number }
  | { type: 'cancelled'; id: number }
  | { type: 'error'; id: number; message: string }
  /** The backend actually in use (WebGPU can fail to start in a worker: then CPU, with why). */
  | { type: 'backend'; backend: 'webgpu' | 'cpu'; detail: string }
  /** Something the user should see, e.g. a lost GPU device (the run goes on on a new one). */
  | { type: 'notice'; message: string };
