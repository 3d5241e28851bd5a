/**
 * The WebGPU trainer's throughput (src/engine/webgpu/gpu-trainer.ts) on the training bench's
 * config (ReLU, circle6, depth 3: one n x n hidden layer): network-steps per second, matmul
 * GFLOP/s, the time of one step of the whole ensemble, memory per network. Sizes: 'small' for a
 * software adapter (SwiftShader), 'large' (n = 512, 256 networks) for a real GPU.
 *
 * A run also draws the initial weights, computes the empirical NTK at the start and the end
 * (Gram matrices on the GPU, combined on the host) and reads back the records; on a fast GPU
 * those fixed costs can outweigh the steps themselves. So the same ensemble runs twice, with
 * `short` and `long` steps, logged at the same two steps (the first and the last), and the
 * steps' rate is taken from the difference: what the two runs share cancels, and what is left
 * is `long - short` steps of the whole ensemble.
 *
 * WebGPU reports no peak FLOP rate, so the roof the trainer's GFLOP/s are set against is
 * measured: the trainer's own matmul kernel on its most favourable shape, one square
 * n x n x n product (matmulRoof).
 */
import { adapterLine, requestGpu } from '../src/engine/webgpu/device.ts';
import { GpuSession } from '../src/engine/webgpu/session.ts';
import { GpuTrainer } from '../src/engine/webgpu/gpu-trainer.ts';
import { StoredDense } from '../src/engine/webgpu/dense-stored.ts';
import { STORAGE } from '../src/engine/webgpu/buffers.ts';
import type { TrainSpec } from '../src/engine/training/cpu-trainer.ts';
import { dataset } from '../src/engine/training/datasets.ts';
import { spec as trainSpec, stepMacs } from './train-bench.ts';

/**
 * GFLOP/s of the trainer's matmul kernel (StoredDense's forward: the tiled kernel on a GPU, the
 * untiled one on a software adapter) on one square n x n x n f32 product, the best of three
 * after a warm-up: the most this kernel gets from the adapter. The trainer's own products are n
 * x n by n x 6, which read each weight for 6 columns only, so its share of the roof is small
 * by nature; the figure says how small.
 */
async function matmulRoof(session: GpuSession, n: number): Promise<{ n: number; gflops: number }> {
  const layer = new StoredDense(session);
  await layer.prepare();
  const square = (name: string) => session.buffer(`roof.${name}`, 4 * n * n, STORAGE);
  const buffers = {
    w: square('w'),
    x: square('x'),
    z: square('z'),
    b: session.buffer('roof.b', 4 * n, STORAGE),
  };
  const shape = { networks: 1, nIn: n, nOut: n, batch: n };
  await layer.forward(shape, buffers);
  let best = Infinity;
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    await layer.forward(shape, buffers);
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return { n, gflops: (2 * n ** 3) / best / 1e9 };
}

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
  const macsAt = (n: number) => stepMacs(n, 3, 2, circle6.x.length);
  try {
    const trainer = new GpuTrainer(session);
    /** The steps' rate of `m` networks of width `n` from the difference of a short and a long run. */
    const stepRate = async (n: number, m: number) => {
      // Warm-up: pipelines, buffers of this size, and the pacer's first measurements.
      for await (const _ of trainer.run({ ...trainSpec(n, 3), logEvery: 1 }, m)) void _;
      const shortSeconds = await timedRun(trainer, trainSpec(n, short), m);
      const longSeconds = await timedRun(trainer, trainSpec(n, long), m);
      const stepSeconds = (longSeconds - shortSeconds) / (long - short);
      const networkSteps = m * (long - short);
      return {
        width: n,
        networks: m,
        runSeconds: { [short]: shortSeconds, [long]: longSeconds },
        // What a run costs besides its steps: initial weights, the two NTKs, readbacks.
        fixedSeconds: shortSeconds - (short + 1) * stepSeconds,
        networkStepsPerSecond: networkSteps / (longSeconds - shortSeconds),
        ensembleStepMs: 1000 * stepSeconds,
        matmulGflops: (2 * macsAt(n) * networkSteps) / (longSeconds - shortSeconds) / 1e9,
      };
    };
    const base = await stepRate(width, networks);
    // The NTK at initialization (widelab ntk --backend webgpu): a run of no steps, the weights
    // drawn, one forward and one backward pass and the Gram matrices.
    const ntkT0 = performance.now();
    await timedRun(trainer, trainSpec(width, 0), networks);
    const ntkAtInitNetworksPerSecond = networks / ((performance.now() - ntkT0) / 1000);
    const largestBufferBytes = trainer.largestBuffer;
    // After the trainer's largest buffer is read: the roof's square buffers are larger.
    const roof = await matmulRoof(session, sizes === 'large' ? 2048 : 256);
    const wide = await stepRate(2 * width, networks);
    const more = await stepRate(width, 2 * networks);
    return {
      adapter: adapterLine(gpu.adapter),
      software: gpu.adapter.software,
      config: { activation: 'relu', dataset: 'circle6', depth: 3, width, networks, steps: [short, long] },
      ...base,
      matmulRoofGflops: roof.gflops,
      matmulRoofSize: roof.n,
      matmulRoofFraction: base.matmulGflops / roof.gflops,
      roofReason: `WebGPU reports no peak FLOP rate: the roof is this kernel's rate on one ${roof.n}^3 product`,
      // f32 weights and their initial copy (the step is fused with its gradient: no dW), plus
      // the biases, their initial copy and their gradient (4 bytes each).
      bytesPerNetwork: 4 * 2 * (2 * width + width * width + width) + 4 * 3 * (2 * width + 1),
      largestBufferBytes,
      networksPerChunk: trainer.chunkSize(trainSpec(width, long), {}),
      // Time per network-step at 2n over n (about 4 once the n x n layer dominates) and at 2M
      // over M (below 1 while the GPU has room for more networks at once).
      wide,
      more,
      growthWidth2x: base.networkStepsPerSecond / wide.networkStepsPerSecond,
      growthNetworks2x: base.networkStepsPerSecond / more.networkStepsPerSecond,
      ntkAtInitNetworksPerSecond,
    };
  } finally {
    session.destroy();
    gpu.device.destroy();
  }
}
