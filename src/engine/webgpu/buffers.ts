/**
 * Small buffer helpers shared by the engines: grow-only reusable buffers, uploads, and a
 * read-back that fails (instead of hanging) when the device is lost.
 */
import type { GpuContext } from './device.ts';

export class DeviceLostError extends Error {
  override name = 'DeviceLostError';
}

/**
 * A named set of storage buffers that are reused from chunk to chunk and only reallocated
 * when a larger one is needed. `largest` records the biggest allocation (bench reports it).
 */
export class BufferPool {
  private readonly buffers = new Map<string, GPUBuffer>();
  largest = 0;

  constructor(private readonly device: GPUDevice) {}

  /** A buffer of at least `bytes` (rounded up to 16) with the given usage, reused when possible. */
  get(name: string, bytes: number, usage: GPUBufferUsageFlags): GPUBuffer {
    const size = Math.max(16, Math.ceil(bytes / 16) * 16);
    const old = this.buffers.get(name);
    if (old && old.size >= size && old.usage === usage) return old;
    old?.destroy();
    const max = this.device.limits.maxStorageBufferBindingSize;
    if (size > max)
      throw new RangeError(`buffer '${name}' would need ${size} bytes, over the device's ${max}`);
    // Grow with headroom so slowly growing chunks do not reallocate every time.
    const grown = Math.min(max, Math.max(size, old ? Math.ceil((old.size * 1.5) / 16) * 16 : 0));
    const buffer = this.device.createBuffer({ label: name, size: grown, usage });
    this.buffers.set(name, buffer);
    this.largest = Math.max(this.largest, grown);
    return buffer;
  }

  destroy(): void {
    for (const b of this.buffers.values()) b.destroy();
    this.buffers.clear();
  }
}

export const STORAGE = 0x80 | 0x08 | 0x04; // STORAGE | COPY_DST | COPY_SRC (GPUBufferUsage)
export const UNIFORM = 0x40 | 0x08; // UNIFORM | COPY_DST
export const READBACK = 0x01 | 0x08; // MAP_READ | COPY_DST

/** Reject with DeviceLostError as soon as the device is lost, whatever `work` is waiting on. */
export function unlessLost<T>(gpu: GpuContext, work: Promise<T>): Promise<T> {
  const lost = gpu.lost.then((info): T => {
    throw new DeviceLostError(`the GPU device was lost (${info.reason}): ${info.message}`);
  });
  // The race may be long over when the device is lost: that late rejection is not an error.
  lost.catch(() => undefined);
  return Promise.race([work, lost]).catch((e: unknown) => {
    if (gpu.isLost && !(e instanceof DeviceLostError))
      throw new DeviceLostError(`the GPU device was lost: ${String(e)}`);
    throw e;
  });
}

/** Copy `bytes` of `source` to a mappable buffer and read it back as a copy. */
export async function readBack(
  gpu: GpuContext,
  source: GPUBuffer,
  bytes: number,
  staging?: GPUBuffer,
): Promise<ArrayBuffer> {
  const { device } = gpu;
  const size = Math.ceil(bytes / 4) * 4;
  const target = staging && staging.size >= size ? staging : device.createBuffer({ size, usage: READBACK });
  const encoder = device.createCommandEncoder();
  encoder.copyBufferToBuffer(source, 0, target, 0, size);
  device.queue.submit([encoder.finish()]);
  await unlessLost(gpu, target.mapAsync(GPUMapMode.READ, 0, size));
  const copy = target.getMappedRange(0, size).slice(0);
  target.unmap();
  if (target !== staging) target.destroy();
  return copy.slice(0, bytes);
}
