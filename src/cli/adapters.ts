/**
 * The command line's trainers' `adapter` for the JSON: the CPU's (cpuAdapter), or the WebGPU
 * trainer's, a session on the default adapter for one command with the device released
 * whatever happens (withGpuTrainer). The WebGPU modules are imported only here, so the CPU
 * commands never load Dawn.
 */
import { cpus } from 'node:os';
import type { GpuTrainer } from '../engine/webgpu/gpu-trainer.ts';

/** The CPU as the JSON's `adapter`: its model name and the threads the run used. */
export function cpuAdapter(threads: number): Record<string, unknown> {
  return { type: 'cpu', description: cpus()[0]?.model ?? 'unknown CPU', threads };
}

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
