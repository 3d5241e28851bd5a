/**
 * What both GPU engines share: the device (renewed after a loss), compiled kernels per device
 * (pipelines with their bindings by name), reusable named buffers, the uniform buffers the
 * dispatcher lends to dispatches, submission and read-back.
 */
import { requestGpu, wrapDevice, type GpuContext } from './device.ts';
import { BufferPool, DeviceLostError, readBack, unlessLost, UNIFORM } from './buffers.ts';
import { shaderSource } from './shaders.ts';
import { compileKernel, type Kernel } from './kernel.ts';

export interface WebGpuEngineOptions {
  /** Run on this device (the app's); after a loss a new one is requested with requestGpu(). */
  device?: GPUDevice;
  /** How to get a device (initially and after a loss) when `device` is absent or lost. */
  requestDevice?: () => Promise<GpuContext>;
  /** Target time of one submission in ms (default DEFAULT_TARGET_MS). */
  targetMs?: number;
  /** Workgroup size (power of two, default 64). */
  workgroupSize?: number;
  /**
   * Explicit engine: at most this many rows of a dense layer per dispatch (default: as many as
   * the pacer's budget allows). Tests force a split with a small value.
   */
  maxRowsPerDispatch?: number;
  /** Called when the device is lost during a run, before the run continues on a new one. */
  onDeviceLost?: (message: string) => void;
}

export class GpuSession {
  gpu: GpuContext | undefined;
  pool: BufferPool | undefined;
  private kernels = new Map<string, Kernel>();
  /** Uniform buffers no queued or running dispatch refers to (see Dispatcher). */
  private freeUniforms: GPUBuffer[] = [];
  /** Every uniform buffer of the current device (those lent out too). */
  private allUniforms = new Set<GPUBuffer>();
  private providedUsed = false;
  /** Device losses seen so far (tests read it). */
  losses = 0;
  /** Largest buffer allocated on any device of this session, in bytes. */
  largestBuffer = 0;

  constructor(private readonly options: WebGpuEngineOptions) {}

  async context(): Promise<GpuContext> {
    if (this.gpu && !this.gpu.isLost) return this.gpu;
    // Lost between chunks (noticed through device.lost): report it like a loss mid-chunk.
    if (this.gpu?.isLost) this.lost(new DeviceLostError('the GPU device was lost between chunks'));
    this.pool = undefined;
    this.kernels.clear();
    this.freeUniforms = [];
    this.allUniforms = new Set();
    if (!this.providedUsed && this.options.device) {
      // The caller's device, once: after a loss a new one is requested.
      this.providedUsed = true;
      this.gpu = wrapDevice(this.options.device);
    } else {
      this.gpu = await (this.options.requestDevice ?? requestGpu)();
    }
    this.pool = new BufferPool(this.gpu.device);
    return this.gpu;
  }

  /** After a loss: report it and forget the device, so the next context() asks for a new one. */
  lost(error: DeviceLostError): void {
    this.losses++;
    const message = `${error.message}; continuing on a new device`;
    if (this.options.onDeviceLost) this.options.onDeviceLost(message);
    else console.warn(`[widelab] ${message}`);
    if (this.gpu && !this.gpu.isLost) this.gpu.device.destroy();
    this.gpu = undefined;
  }

  get workgroupSize(): number {
    const wanted = this.options.workgroupSize ?? 64;
    const max = Math.min(
      this.gpu?.device.limits.maxComputeInvocationsPerWorkgroup ?? 256,
      this.gpu?.device.limits.maxComputeWorkgroupSizeX ?? 256,
    );
    return Math.min(wanted, 2 ** Math.floor(Math.log2(max)));
  }

  /**
   * Entry point `entryPoint` of `files` (concatenated) as a Kernel, cached per device: its
   * pipeline, its uniform struct and the storage bindings it uses by name. `constants` sets
   * the module's override constants (default: WG = the workgroup size).
   */
  async kernel(files: string[], entryPoint: string, constants?: Record<string, number>): Promise<Kernel> {
    const gpu = await this.context();
    const overrides = constants ?? { WG: this.workgroupSize };
    const label = `${files.join('+')}#${entryPoint}#${JSON.stringify(overrides)}`;
    const cached = this.kernels.get(label);
    if (cached) return cached;
    const kernel = await compileKernel(
      gpu.device,
      label,
      await shaderSource(...files),
      entryPoint,
      overrides,
    );
    this.kernels.set(label, kernel);
    return kernel;
  }

  /** A uniform buffer of at least `bytes` that no queued or running dispatch refers to. */
  takeUniform(bytes: number): GPUBuffer {
    const size = Math.max(256, Math.ceil(bytes / 16) * 16);
    const i = this.freeUniforms.findIndex((b) => b.size >= size);
    if (i >= 0) return this.freeUniforms.splice(i, 1)[0];
    const buffer = this.gpu!.device.createBuffer({ size, usage: UNIFORM });
    this.allUniforms.add(buffer);
    return buffer;
  }

  /** Uniform buffers whose dispatches have completed, free for new ones (those of a device since replaced are dropped). */
  releaseUniforms(buffers: readonly GPUBuffer[]): void {
    for (const b of buffers) if (this.allUniforms.has(b)) this.freeUniforms.push(b);
  }

  buffer(name: string, bytes: number, usage: GPUBufferUsageFlags): GPUBuffer {
    const b = this.pool!.get(name, bytes, usage);
    this.largestBuffer = Math.max(this.largestBuffer, this.pool!.largest);
    return b;
  }

  /** Record passes with `encode`, submit, and wait for the GPU; returns the elapsed ms. */
  async submit(encode: (pass: GPUComputePassEncoder) => void): Promise<number> {
    const gpu = this.gpu!;
    const encoder = gpu.device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    encode(pass);
    pass.end();
    const t0 = performance.now();
    gpu.device.queue.submit([encoder.finish()]);
    await unlessLost(gpu, gpu.device.queue.onSubmittedWorkDone());
    if (gpu.isLost) throw new DeviceLostError('the GPU device was lost');
    return performance.now() - t0;
  }

  async read(buffer: GPUBuffer, bytes: number): Promise<Float32Array> {
    const out = new Float32Array(await readBack(this.gpu!, buffer, bytes));
    // A destroyed device can still "map" (Dawn hands back zeros); device.lost settles on a
    // later turn of the event loop, so give it one before trusting the data.
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (this.gpu!.isLost) throw new DeviceLostError('the GPU device was lost');
    return out;
  }

  destroy(): void {
    this.pool?.destroy();
    for (const u of this.allUniforms) u.destroy();
    this.allUniforms.clear();
    this.freeUniforms = [];
  }
}

export { DeviceLostError };
