/**
 * Networks [start, start + count) of a training ensemble as one unit of work that crosses a
 * worker boundary: the spec as plain data (the activation by its id: structured clone drops
 * functions; every other field travels as it is), rebuilt and trained on the other side with
 * the same code, so a network's trace is the same value for value wherever it runs.
 */
import { parseActivation } from '../../theory/activations.ts';
import { trainNetwork, type NetworkTrace, type TrainSpec } from './cpu-trainer.ts';

export type PlainTrainSpec = Omit<TrainSpec, 'activation'> & { activation: string };

export interface TrainTask {
  spec: PlainTrainSpec;
  start: number;
  count: number;
}

export function toPlainTrainSpec(spec: TrainSpec): PlainTrainSpec {
  const { activation, ...rest } = spec;
  return { ...rest, activation: activation.id };
}

export function fromPlainTrainSpec(p: PlainTrainSpec): TrainSpec {
  return { ...p, activation: parseActivation(p.activation) };
}

/** Trains networks start..start+count-1 of `spec`. */
export function trainNetworks(spec: TrainSpec, start: number, count: number): NetworkTrace[] {
  const out: NetworkTrace[] = [];
  for (let n = start; n < start + count; n++) out.push(trainNetwork(spec, n));
  return out;
}

export function computeTrainTask(task: TrainTask): NetworkTrace[] {
  return trainNetworks(fromPlainTrainSpec(task.spec), task.start, task.count);
}

/** The buffers of `traces` (each once: a transfer list may not repeat one), to transfer rather than copy. */
export function traceBuffers(traces: readonly NetworkTrace[]): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const t of traces)
    for (const v of Object.values(t)) if (v instanceof Float64Array) buffers.add(v.buffer as ArrayBuffer);
  return [...buffers];
}
