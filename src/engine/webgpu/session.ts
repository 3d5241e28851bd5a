/**
 * What both GPU engines share: the device (renewed after a loss), compiled pipelines per
 * device, reusable buffers, uniforms through webgpu-utils, and a pacer that sizes each
 * submission from measured times so it stays well under 100 ms on the adapter at hand.
 */
import { uniformView, type StructuredView } from './uniforms.ts';
import { requestGpu, wrapDevice, type GpuContext } from './device.ts';
import { BufferPool, DeviceLostError, readBack, unlessLost, UNIFORM } from './buffers.ts';
import { shaderSource } from './shaders.ts';

/**
 * A submission's target time in ms. Well under the 100 ms a frame budget allows, and short
 * because a run superseded by a new setting cannot recall the submission it has queued: the
 * new run's first histogram waits for it.
 */
export const DEFAULT_TARGET_MS = 25;

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
  private pipelines = new Map<string, { pipeline: GPUComputePipeline; view: StructuredView }>();
  private uniforms: GPUBuffer[] = [];
  private uniformNext = 0;
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
    this.pipelines.clear();
    this.uniforms = [];
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
    const max = Math.min(this.gpu?.device.limits.maxComputeInvocationsPerWorkgroup ?? 256, this.gpu?.device.limits.maxComputeWorkgroupSizeX ?? 256);
    return Math.min(wanted, 2 ** Math.floor(Math.log2(max)));
  }

  /**
   * A compute pipeline of `files` (concatenated), cached per device, and its uniform view.
   * `constants` sets the module's override constants (default: WG = the workgroup size).
   */
  async pipeline(
    files: string[],
    entryPoint: string,
    uniformName = 'P',
    constants?: Record<string, number>,
  ): Promise<{ pipeline: GPUComputePipeline; view: StructuredView }> {
    const gpu = await this.context();
    const overrides = constants ?? { WG: this.workgroupSize };
    const key = `${files.join('+')}#${entryPoint}#${JSON.stringify(overrides)}`;
    const cached = this.pipelines.get(key);
    if (cached) return cached;
    const code = await shaderSource(...files);
    const module = gpu.device.createShaderModule({ label: key, code });
    const errors = (await module.getCompilationInfo()).messages.filter((m) => m.type === 'error');
    if (errors.length) throw new Error(`WGSL errors in ${key}: ${errors.map((m) => `${m.lineNum}:${m.linePos} ${m.message}`).join('; ')}`);
    // Synchronous creation: createComputePipelineAsync crashes dawn.node on SwiftShader.
    const pipeline = gpu.device.createComputePipeline({
      label: key,
      layout: 'auto',
      compute: { module, entryPoint, constants: overrides },
    });
    const view = await uniformView(code, uniformName);
    const entry = { pipeline, view };
    this.pipelines.set(key, entry);
    return entry;
  }

  /** A uniform buffer holding `view`'s current bytes; distinct per dispatch within a submission. */
  uniform(view: StructuredView): GPUBuffer {
    const device = this.gpu!.device;
    let buffer = this.uniforms[this.uniformNext];
    if (!buffer || buffer.size < view.arrayBuffer.byteLength) {
      buffer = device.createBuffer({ size: Math.max(256, view.arrayBuffer.byteLength), usage: UNIFORM });
      this.uniforms[this.uniformNext] = buffer;
    }
    this.uniformNext++;
    device.queue.writeBuffer(buffer, 0, view.arrayBuffer);
    return buffer;
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
    this.uniformNext = 0;
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

  /** A bind group of buffers by binding index; leave a hole (undefined) for a binding the entry point does not use. */
  bind(pipeline: GPUComputePipeline, buffers: (GPUBuffer | undefined)[]): GPUBindGroup {
    const entries: GPUBindGroupEntry[] = [];
    buffers.forEach((buffer, binding) => {
      if (buffer) entries.push({ binding, resource: { buffer } });
    });
    return this.gpu!.device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries });
  }

  destroy(): void {
    this.pool?.destroy();
    for (const u of this.uniforms) u.destroy();
    this.uniforms = [];
  }
}

/**
 * Work per submission from measured rates. The first submission is a probe (`initialBudget`
 * work units); its rate sets the budget for the next at once, and from then on the budget
 * aims each submission at `targetMs`, growing at most 4x per step so one slow guess cannot
 * trip a watchdog. A submission much shorter than the target is dominated by fixed costs
 * (submit, wait, low occupancy): it only says the rate is at least that high, so it can raise
 * the rate estimate but not lower it.
 */
export class Pacer {
  /** Work units per ms (0 until the first measurement). */
  rate = 0;
  budget: number;
  /** Submissions measured so far. */
  samples = 0;

  constructor(
    readonly targetMs = 40,
    initialBudget = 1e5,
  ) {
    this.budget = initialBudget;
  }

  record(units: number, ms: number): void {
    if (units <= 0 || ms < 0) return;
    const r = units / Math.max(ms, 0.25);
    const underLoaded = ms < this.targetMs / 4;
    if (this.samples === 0) this.rate = r;
    else if (underLoaded) this.rate = Math.max(this.rate, r);
    else this.rate = 0.5 * this.rate + 0.5 * r;
    const aim = this.rate * this.targetMs;
    // The probe may jump straight to its estimate; later steps grow geometrically.
    this.budget = Math.max(1, this.samples === 0 ? aim : Math.min(this.budget * 4, aim));
    this.samples++;
  }
}

/** Dropout threshold on the 32-bit word: keep iff word >= ceil(p 2^32 - 1/2) (see activations.wgsl). */
export function dropThreshold(p: number): number {
  if (p <= 0) return 0;
  return Math.min(0xffffffff, Math.max(0, Math.ceil(p * 2 ** 32 - 0.5)));
}

export { DeviceLostError };
