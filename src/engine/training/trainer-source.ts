/**
 * Where a trained ensemble comes from, as the views see it: an async stream of batches of
 * network traces in network order (the CPU trainer one network at a time, the WebGPU trainer a
 * chunk at a time), stopping with an AbortError when the signal fires. DOM-free.
 *
 *   for await (const batch of cpuTrainer().train(spec, 64, signal)) batch.forEach(record);
 */
import { abortError } from '../types.ts';
import { trainNetwork, type NetworkTrace, type TrainSpec } from './cpu-trainer.ts';

export interface TrainerSource {
  /** 'cpu' or 'webgpu', and in words what runs it. */
  readonly backend: 'cpu' | 'webgpu';
  train(spec: TrainSpec, networks: number, signal?: AbortSignal): AsyncIterable<NetworkTrace[]>;
}

/**
 * The f64 CPU trainer on this thread, handing back what it trained every `sliceMs` and
 * yielding to the event loop there, so that a worker still reads its cancel messages.
 */
export function cpuTrainer(sliceMs = 100): TrainerSource {
  return {
    backend: 'cpu',
    async *train(spec, networks, signal) {
      let batch: NetworkTrace[] = [];
      let since = performance.now();
      for (let n = 0; n < networks; n++) {
        if (signal?.aborted) throw abortError();
        batch.push(trainNetwork(spec, n));
        if (performance.now() - since >= sliceMs || n === networks - 1) {
          yield batch;
          batch = [];
          await new Promise((r) => setTimeout(r, 0));
          since = performance.now();
        }
      }
    },
  };
}
