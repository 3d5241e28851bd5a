/** Node worker thread: runs chunk tasks from the pool and transfers the results back. */
import { parentPort } from 'node:worker_threads';
import { computeTask, type ChunkTask } from './chunk-compute.ts';

const port = parentPort;
if (!port) throw new Error('node-worker.ts must run in a worker thread');
port.on('message', ({ id, task }: { id: number; task: ChunkTask }) => {
  try {
    const r = computeTask(task);
    const transfer = [r.outputs.buffer as ArrayBuffer, r.gram.buffer as ArrayBuffer];
    if (r.layerNorms) transfer.push(r.layerNorms.buffer as ArrayBuffer);
    if (r.layerGrams) transfer.push(r.layerGrams.buffer as ArrayBuffer);
    if (r.gradientNorms) transfer.push(r.gradientNorms.buffer as ArrayBuffer);
    port.postMessage({ id, outputs: r.outputs, gram: r.gram, layerNorms: r.layerNorms, layerGrams: r.layerGrams, gradientNorms: r.gradientNorms }, transfer);
  } catch (e) {
    port.postMessage({ id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
