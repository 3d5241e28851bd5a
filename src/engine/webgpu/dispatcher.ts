/**
 * Queues compute dispatches into submissions. It owns the pending work, decides when to flush
 * (before a dispatch that would take the pending batch over the pacer's budget), measures each
 * submission for the pacer, and checks the abort signal after each: a cancel lands between
 * submissions of a long chunk.
 *
 *   const d = new Dispatcher(session, { pacer, signal });
 *   await d.dispatch(kernel, { layer: 1, n_in: 8 }, { prev: z0, prev_stats: stats, out: z1 }, [groups, nets], units);
 *   await d.flush();
 *
 * Buffers are bound by the WGSL variable's name, checked against the bindings the kernel's
 * entry point uses: a missing or unknown name throws, and renumbering `@binding`s in a shader
 * cannot bind the wrong buffer. Parameters are checked against the uniform struct's fields.
 *
 * Uniform buffers are lent per dispatch: dispatch() writes its parameters into a buffer that
 * belongs to the batch it records into (after any flush it causes), and the batch gives them
 * back only once its submission has completed. No uniform can be written into a batch that
 * was already submitted, nor reused while a queued dispatch still refers to it.
 */
import { abortError } from '../types.ts';
import type { GpuSession } from './session.ts';
import type { Pacer } from './pacer.ts';
import type { Kernel } from './kernel.ts';

export type { Kernel };

/** Workgroups in x, y, z. */
export type Grid = readonly [number, number?, number?];
/** Uniform fields by name; a field left out is zero. */
export type Params = Readonly<Record<string, number>>;
/** Storage buffers by the WGSL variable's name. */
export type Buffers = Readonly<Record<string, GPUBuffer>>;

/** The bind group entries of one dispatch of `kernel`; throws on a missing or unknown name. */
export function bindingsByName(kernel: Kernel, uniform: GPUBuffer, buffers: Buffers): GPUBindGroupEntry[] {
  const unknown = Object.keys(buffers).filter((name) => !kernel.storage.has(name));
  if (unknown.length) {
    throw new Error(
      `${kernel.label}: no storage binding named ${unknown.map((n) => `'${n}'`).join(', ')} in its entry point (it uses ${[...kernel.storage.keys()].join(', ')})`,
    );
  }
  const entries: GPUBindGroupEntry[] = [{ binding: kernel.uniformBinding, resource: { buffer: uniform } }];
  for (const [name, binding] of kernel.storage) {
    const buffer = buffers[name];
    if (!buffer) throw new Error(`${kernel.label}: no buffer given for its binding '${name}'`);
    entries.push({ binding, resource: { buffer } });
  }
  return entries;
}

/** Writes `params` into the kernel's view, every other field zero; throws on an unknown field. */
function setParams(kernel: Kernel, params: Params): ArrayBuffer {
  const view = kernel.params;
  const fields = view.views as Record<string, unknown>;
  const unknown = Object.keys(params).filter((name) => !(name in fields));
  if (unknown.length)
    throw new Error(`${kernel.label}: its uniform has no field ${unknown.map((n) => `'${n}'`).join(', ')}`);
  new Uint8Array(view.arrayBuffer).fill(0);
  view.set(params);
  return view.arrayBuffer;
}

type Step = (pass: GPUComputePassEncoder) => void;

/** Dispatches recorded for one submission, and the uniform buffers lent to them. */
class Batch {
  readonly steps: Step[] = [];
  readonly uniforms: GPUBuffer[] = [];
  units = 0;
}

export interface DispatcherOptions {
  /** Sizes submissions (its budget, in the units dispatch() is given) and learns from them. Without one, all goes into one submission. */
  pacer?: Pacer;
  /** Checked after each submission. */
  signal?: AbortSignal;
}

export class Dispatcher {
  private batch = new Batch();

  constructor(
    readonly session: GpuSession,
    private readonly options: DispatcherOptions = {},
  ) {}

  /**
   * Queues one dispatch of `kernel` costing `units` of work (the pacer's units), first
   * submitting what is pending if this one would take it over the budget.
   */
  async dispatch(kernel: Kernel, params: Params, buffers: Buffers, grid: Grid, units = 0): Promise<void> {
    const budget = this.options.pacer?.budget ?? Infinity;
    if (this.batch.steps.length && this.batch.units + units > budget) await this.flush();
    const batch = this.batch;
    const bytes = setParams(kernel, params);
    const uniform = this.session.takeUniform(bytes.byteLength);
    batch.uniforms.push(uniform);
    kernel.device.queue.writeBuffer(uniform, 0, bytes);
    const entries = bindingsByName(kernel, uniform, buffers);
    const bind = kernel.device.createBindGroup({
      label: kernel.label,
      layout: kernel.pipeline.getBindGroupLayout(0),
      entries,
    });
    batch.steps.push((pass) => {
      pass.setPipeline(kernel.pipeline);
      pass.setBindGroup(0, bind);
      pass.dispatchWorkgroups(grid[0], grid[1], grid[2]);
    });
    batch.units += units;
  }

  /** Submits what is pending and waits for it; then throws AbortError if the run was aborted. */
  async flush(): Promise<void> {
    const batch = this.batch;
    if (!batch.steps.length) return;
    this.batch = new Batch();
    const ms = await this.session.submit((pass) => batch.steps.forEach((step) => step(pass)));
    this.session.releaseUniforms(batch.uniforms);
    this.options.pacer?.record(batch.units, ms);
    if (this.options.signal?.aborted) throw abortError();
  }
}
