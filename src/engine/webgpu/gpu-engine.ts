/**
 * What a WebGPU engine is made of besides its kernels: a session (device, kernels, buffers)
 * and a pacer (work per submission), both kept across runs so pipelines and measured rates
 * carry over; and the adapter it runs on, for describe().
 */
import { adapterLine, type AdapterReport } from './device.ts';
import { Pacer } from './pacer.ts';
import { GpuSession, type WebGpuEngineOptions } from './session.ts';

export abstract class GpuEngine {
  readonly backend = 'webgpu' as const;
  readonly session: GpuSession;
  readonly pacer: Pacer;

  /** `initialBudget`: the pacer's probe, in the engine's work units. */
  constructor(
    protected readonly options: WebGpuEngineOptions,
    initialBudget?: number,
  ) {
    this.session = new GpuSession(options);
    this.pacer = new Pacer(options.targetMs, initialBudget);
  }

  adapterInfo(): AdapterReport | undefined {
    return this.session.gpu?.adapter;
  }

  /** ' on <adapter>' once a device is acquired, else ''. */
  protected adapterSuffix(): string {
    const a = this.session.gpu?.adapter;
    return a ? ` on ${adapterLine(a)}` : '';
  }
}
