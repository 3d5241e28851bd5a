import { requestGpu } from '../src/engine/webgpu/device.ts';
import { GpuSession } from '../src/engine/webgpu/session.ts';
import { GpuTrainer } from '../src/engine/webgpu/gpu-trainer.ts';
import { spec } from './train-bench.ts';
const gpu = await requestGpu();
const session = new GpuSession({ device: gpu.device, requestDevice: () => requestGpu() });
for (const direct of [true, false]) {
  const trainer = new GpuTrainer(session, { dense: { direct } });
  for (const w of [13, 37, 64]) {
    const s = { ...spec(w, 12), logEvery: 4, tests: [[0.6, 0.8]] };
    for await (const _ of trainer.run(s, 5, { chunkNetworks: 2 })) void _;
    const t0 = performance.now();
    for await (const _ of trainer.run(s, 5, { chunkNetworks: 2 })) void _;
    console.log(direct, w, (performance.now() - t0).toFixed(0), 'ms');
  }
}
session.destroy();
