/**
 * The WebGPU trainer's throughput (src/engine/webgpu/gpu-trainer.ts) on the training bench's
 * config (ReLU, circle6, depth 3: one n x n hidden layer): network-steps per second, matmul
 * GFLOP/s, the time of one step of the whole ensemble, memory per network. Sizes: 'small' for a
 * software adapter (SwiftShader), 'large' (n = 512, 256 networks) for a real GPU.
 *
 * A run also draws the initial weights, computes the empirical NTK at the start and the end on
 * the host (f64) and reads the weights back; on a fast GPU those fixed costs outweigh the steps
 * themselves (at n = 512 and 256 networks, seconds of host work against milliseconds a step).
 * So the same ensemble runs twice, with `short` and `long` steps, logged at the same two steps
 * (the first and the last), and the steps' rate is taken from the difference: what the two runs
 * share cancels, and what is left is `long - short` steps of the whole ensemble.
 */
import { adapterLine, requestGpu } from '../src/engine/webgpu/device.ts';
import { GpuSession } from '../src/engine/webgpu/session.ts';
import { GpuTrainer } from '../src/engine/webgpu/gpu-trainer.ts';
import type { TrainSpec } from '../src/engine/training/cpu-trainer.ts';
import { dataset } from '../src/engine/training/datasets.ts';
import { spec as trainSpec } from './train-bench.ts';

async function timedRun(trainer: GpuTrainer, spec: TrainSpec, networks: number): Promise<number> {
  const t0 = performance.now();
  for await (const _ of trainer.run(spec, networks)) void _;
  return (performance.now() - t0) / 1000;
}

export async function benchGpuTraining(sizes: 'small' | 'large') {
  const [width, networks, short, long] = sizes === 'large' ? [512, 256, 10, 110] : [64, 8, 5, 45];
  const circle6 = dataset('circle6');
  const gpu = await requestGpu();
  const session = new GpuSession({ device: gpu.device, requestDevice: () => requestGpu() });
  try {
    const trainer = new GpuTrainer(session);
    // Warm-up: pipelines, and the pacer's first measurements.
    for await (const _ of trainer.run({ ...trainSpec(width, 3), logEvery: 1 }, 1)) void _;
    const shortSeconds = await timedRun(trainer, trainSpec(width, short), networks);
    const longSeconds = await timedRun(trainer, trainSpec(width, long), networks);
    const stepSeconds = (longSeconds - shortSeconds) / (long - short);
    const networkSteps = networks * (long - short);
    // Multiply-adds per network-step: forward, backward and the weight gradient over the N inputs.
    const macs = 3 * (2 * width + width * width + width) * circle6.x.length;
    return {
      adapter: adapterLine(gpu.adapter),
      software: gpu.adapter.software,
      config: { activation: 'relu', dataset: 'circle6', depth: 3, width, networks, steps: [short, long] },
      runSeconds: { [short]: shortSeconds, [long]: longSeconds },
      // What a run costs besides its steps: initial weights, the two NTKs on the host, readbacks.
      fixedSeconds: shortSeconds - (short + 1) * stepSeconds,
      networkStepsPerSecond: networkSteps / (longSeconds - shortSeconds),
      ensembleStepMs: 1000 * stepSeconds,
      matmulGflops: (2 * macs * networkSteps) / (longSeconds - shortSeconds) / 1e9,
      matmulRoofGflops: null,
      roofReason: 'WebGPU reports no peak FLOP rate for the adapter',
      // f32 weights, their initial copy and their gradient, plus biases (4 bytes each).
      bytesPerNetwork: 4 * 3 * (2 * width + width * width + width) + 4 * 3 * (2 * width + 1),
      largestBufferBytes: trainer.largestBuffer,
      networksPerChunk: trainer.chunkSize(trainSpec(width, long), {}),
    };
  } finally {
    session.destroy();
    gpu.device.destroy();
  }
}
