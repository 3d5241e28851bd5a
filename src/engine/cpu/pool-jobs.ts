/**
 * What the worker pool runs (node-pool.ts, node-worker.ts), by kind: the CPU engines' chunks and
 * the trainer's networks. Types only, so browser code can name the pool without loading it.
 */
import type { ChunkResult } from './chunk-result.ts';
import type { ChunkTask } from './chunk-compute.ts';
import type { TrainTask } from '../training/train-task.ts';
import type { NetworkTrace } from '../training/cpu-trainer.ts';

export interface PoolJobs {
  chunk: { task: ChunkTask; result: ChunkResult };
  train: { task: TrainTask; result: NetworkTrace[] };
}

export type PoolJob = keyof PoolJobs;

export interface EnginePool {
  run<K extends PoolJob>(kind: K, task: PoolJobs[K]['task']): Promise<PoolJobs[K]['result']>;
}

/** node-pool.ts as its dynamic importers see it. */
export interface NodePoolModule {
  defaultThreads(): number;
  hasWarmPool(threads: number): boolean;
  sharedPool(threads: number): EnginePool;
}
