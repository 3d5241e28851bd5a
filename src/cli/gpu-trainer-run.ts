/**
 * The command line's WebGPU trainer: a session on the default adapter for one command, its
 * adapter described for the JSON, and the device released whatever happens. The WebGPU modules
 * are imported only here, so the CPU commands never load Dawn.
 */
import type { GpuTrainer } from '../engine/webgpu/gpu-trainer.ts';

export async function withGpuTrainer<T>(
  body: (trainer: GpuTrainer, adapter: Record<string, unknown>) => Promise<T>,
): Promise<T> {
  const { GpuSession } = await import('../engine/webgpu/session.ts');
  const trainers = await import('../engine/webgpu/gpu-trainer.ts');
  const session = new GpuSession({});
  try {
    const gpu = await session.context();
    return await body(new trainers.GpuTrainer(session), { type: 'webgpu', ...gpu.adapter });
  } finally {
    session.destroy();
    session.gpu?.device.destroy();
  }
}
