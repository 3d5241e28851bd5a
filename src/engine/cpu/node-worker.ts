/** Node worker thread: runs chunk tasks from the pool and transfers the results back. */
import { parentPort } from 'node:worker_threads';
import { computeTask, type ChunkTask } from './chunk-compute.ts';

const port = parentPort;
if (!port) throw new Error('node-worker.ts must run in a worker thread');
port.on('message', ({ id, task }: { id: number; task: ChunkTask }) => {
  try {
    const r = computeTask(task);
    const arrays = [r.outputs, r.gram, ...Object.values(r.perLayer ?? {})];
    const transfer = arrays.map((a) => a.buffer as ArrayBuffer);
    port.postMessage(
      { id, outputs: r.outputs, gram: r.gram, ...(r.perLayer ? { perLayer: r.perLayer } : {}) },
      transfer,
    );
  } catch (e) {
    port.postMessage({ id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
