/** Node worker thread: runs the pool's jobs (pool-jobs.ts) and transfers the results back. */
import { parentPort } from 'node:worker_threads';
import { computeTask } from './chunk-compute.ts';
import { computeTrainTask, traceBuffers } from '../training/train-task.ts';
import type { PoolJob, PoolJobs } from './pool-jobs.ts';

const port = parentPort;
if (!port) throw new Error('node-worker.ts must run in a worker thread');

/** Each kind's computation and the buffers of its result to transfer. */
const JOBS: { [K in PoolJob]: (task: PoolJobs[K]['task']) => [PoolJobs[K]['result'], ArrayBuffer[]] } = {
  chunk: (task) => {
    const r = computeTask(task);
    const arrays = [r.outputs, r.gram, ...Object.values(r.perLayer ?? {})];
    const result = { outputs: r.outputs, gram: r.gram, ...(r.perLayer ? { perLayer: r.perLayer } : {}) };
    return [result, arrays.map((a) => a.buffer as ArrayBuffer)];
  },
  train: (task) => {
    const traces = computeTrainTask(task);
    return [traces, traceBuffers(traces)];
  },
};

port.on(
  'message',
  <K extends PoolJob>({ id, kind, task }: { id: number; kind: K; task: PoolJobs[K]['task'] }) => {
    try {
      const [result, transfer] = JOBS[kind](task);
      port.postMessage({ id, result }, transfer);
    } catch (e) {
      port.postMessage({ id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  },
);
