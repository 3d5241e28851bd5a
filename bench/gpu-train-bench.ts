/**
 * The WebGPU trainer's throughput (src/engine/webgpu/gpu-trainer.ts) on the training bench's
 * config (ReLU, circle6, depth 3: one n x n hidden layer): network-steps per second, matmul
 * GFLOP/s, the time of one step of the whole ensemble, memory per network. Sizes: 'small' for a
 * software adapter (SwiftShader), 'large' (n = 512, 256 networks) for a real GPU.
 */
import { adapterLine, requestGpu } from '../src/engine/webgpu/device.ts';
import { GpuSession } from '../src/engine/webgpu/session.ts';
import { GpuTrainer } from '../src/engine/webgpu/gpu-trainer.ts';
import { dataset } from '../src/engine/training/datasets.ts';
import { spec as trainSpec } from './train-bench.ts';

export async function benchGpuTraining(sizes: 'small' | 'large') {
  const [width, networks, steps] = sizes === 'large' ? [512, 256, 50] : [64, 8, 10];
  const circle6 = dataset('circle6');
  const spec = trainSpec(width, steps);
  const gpu = await requestGpu();
  const session = new GpuSession({ device: gpu.device, requestDevice: () => requestGpu() });
  try {
    const trainer = new GpuTrainer(session);
    for await (const _ of trainer.run({ ...spec, steps: 1, logEvery: 1 }, 1)) void _; // warm-up: pipelines
    const t0 = performance.now();
    for await (const _ of trainer.run(spec, networks)) void _;
    const seconds = (performance.now() - t0) / 1000;
    const networkSteps = networks * (steps + 1);
    // Multiply-adds per network-step: forward, backward and the weight gradient over the N inputs.
    const macs = 3 * (2 * width + width * width + width) * circle6.x.length;
    return {
      adapter: adapterLine(gpu.adapter),
      software: gpu.adapter.software,
      config: { activation: 'relu', dataset: 'circle6', depth: 3, width, networks, steps },
      seconds,
      networkStepsPerSecond: networkSteps / seconds,
      ensembleStepMs: (1000 * seconds) / (steps + 1),
      matmulGflops: (2 * macs * networkSteps) / seconds / 1e9,
      // Includes the CPU's initial and final NTK and the readbacks: a lower bound on the kernels' rate.
      matmulRoofGflops: null,
      roofReason: 'WebGPU reports no peak FLOP rate for the adapter',
      // f32 weights, their initial copy and their gradient, plus biases (4 bytes each).
      bytesPerNetwork: 4 * 3 * (2 * width + width * width + width) + 4 * 3 * (2 * width + 1),
      largestBufferBytes: trainer.largestBuffer,
      networksPerChunk: trainer.chunkSize(spec, {}),
    };
  } finally {
    session.destroy();
    gpu.device.destroy();
  }
}
