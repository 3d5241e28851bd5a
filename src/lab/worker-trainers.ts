/**
 * The trainers a compute worker keeps for its life (DOM-free; runs inside a Web Worker), as
 * WorkerEngines keeps the initialization engines: one WebGPU session and trainer, started on
 * the first job that asks for WebGPU and reused (device and pipelines) across runs; the CPU
 * trainer when a job asks for it or when WebGPU does not start here, said once through
 * `backend` with why. A lost device is reported and the next run asks for a new one.
 *
 * The WebGPU modules are imported on first use, a chunk of their own in the bundle.
 */
import type { Backend } from '../engine/types.ts';
import { cpuTrainer, type TrainerSource } from '../engine/training/trainer-source.ts';
import type { WorkerVoice } from './worker-jobs.ts';

export class WorkerTrainers {
  private gpu: Promise<TrainerSource> | null = null;
  private gpuFailed = false;
  private reported = '';

  constructor(private readonly voice: WorkerVoice) {}

  async trainerFor(backend: Backend): Promise<TrainerSource> {
    if (backend === 'webgpu' && !this.gpuFailed) {
      if (!(globalThis.navigator as Navigator | undefined)?.gpu) {
        this.gpuFailed = true;
        this.report('cpu', 'WebGPU is not available in the compute worker; training on the CPU');
      } else {
        this.gpu ??= this.startGpu();
        try {
          return await this.gpu;
        } catch (err) {
          this.gpuFailed = true;
          this.report(
            'cpu',
            `WebGPU failed in the compute worker (${err instanceof Error ? err.message : String(err)}); training on the CPU`,
          );
        }
      }
    }
    this.report('cpu', 'the CPU trainer (f64, this worker)');
    return cpuTrainer();
  }

  private async startGpu(): Promise<TrainerSource> {
    const [{ GpuSession }, { GpuTrainer }] = await Promise.all([
      import('../engine/webgpu/session.ts'),
      import('../engine/webgpu/gpu-trainer.ts'),
    ]);
    const session = new GpuSession({
      onDeviceLost: (message) => this.voice.notice(`The GPU device was lost: ${message}.`),
    });
    const gpu = await session.context();
    const trainer = new GpuTrainer(session);
    this.report('webgpu', `${gpu.adapter.description}${gpu.adapter.software ? ' (software)' : ''}`);
    return {
      backend: 'webgpu',
      train: (spec, networks, signal) => trainer.run(spec, networks, { signal }),
    };
  }

  private report(backend: Backend, detail: string): void {
    if (this.reported === `${backend}|${detail}`) return;
    this.reported = `${backend}|${detail}`;
    this.voice.backend(backend, detail);
  }
}
