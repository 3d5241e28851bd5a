/**
 * How many networks of a training run share one chunk of GPU buffers. Every per-network array
 * is stored contiguously for the chunk, so the largest one (a hidden layer's W or dW, 4 n^2
 * bytes per network, or an activation block) times the chunk's networks must fit both one
 * storage binding and one buffer.
 */
import type { TrainSpec } from '../training/cpu-trainer.ts';

export interface BufferLimits {
  maxStorageBufferBindingSize: number;
  maxBufferSize: number;
}

/** WebGPU's guaranteed minimums, for a session without a device yet. */
export const DEFAULT_LIMITS: BufferLimits = {
  maxStorageBufferBindingSize: 128 * 2 ** 20,
  maxBufferSize: 256 * 2 ** 20,
};

/** Bytes of the largest per-network buffer: weights or their gradient, or a layer's activations over the batch. */
export function bytesPerNetwork(spec: TrainSpec): number {
  const n0 = spec.inputs[0].length;
  const batch = spec.inputs.length + spec.tests.length;
  let worst = 0;
  for (let k = 0; k < spec.depth; k++) {
    const nIn = k === 0 ? n0 : spec.width;
    const nOut = k === spec.depth - 1 ? 1 : spec.width;
    worst = Math.max(worst, 4 * Math.max(nOut * nIn, nOut * batch, nIn * batch));
  }
  return worst;
}

/** Networks per chunk, at most `cap`; throws when even one network's largest buffer exceeds the adapter's limits. */
export function networksPerChunk(spec: TrainSpec, limits: BufferLimits, cap = 512): number {
  const limit = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  const perNetwork = bytesPerNetwork(spec);
  if (perNetwork > limit)
    throw new Error(
      `one network at width ${spec.width} needs a ${perNetwork}-byte buffer, over this adapter's limit of ${limit} bytes ` +
        '(the smaller of maxStorageBufferBindingSize and maxBufferSize): use a smaller width or the CPU backend',
    );
  return Math.max(1, Math.min(cap, Math.floor(limit / perNetwork)));
}
