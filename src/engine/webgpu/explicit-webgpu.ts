/**
 * The explicit engine (real weights, generated inside the matmul shader, never stored) on
 * WebGPU: shaders/explicit_layer.wgsl. Per chunk of networks: layer 1 from the shared inputs,
 * then per hidden layer the normalization statistics (if any) and the next dense layer,
 * finally the output unit and the output layer's conditional covariance. Same networks as
 * the CPU explicit engine for the same seed, to f32 rounding.
 */
import { abortError, type EnsembleChunk, type Engine, type RunOptions } from '../types.ts';
import { depthOf, inputCount, type ModelSpec, type RunSpec } from '../spec.ts';
import { STORAGE } from '../../gpu/buffers.ts';
import { adapterLine, type AdapterReport } from '../../gpu/device.ts';
import { DeviceLostError, dropThreshold, GpuSession, Pacer, type WebGpuEngineOptions } from './session.ts';
import { MAX_INPUTS } from './exact-webgpu.ts';
import { layerStatsFrom } from './layer-stats.ts';

const FILES = ['rng.wgsl', 'activations.wgsl', 'layer_common.wgsl', 'explicit_layer.wgsl'];
const NORM_CODE = { none: 0, layer: 1, rms: 2, batch: 3 } as const;
const MAX_GRID = 65535;

/** x_a = sqrt(k) * row a of cholesky(inputGram), laid out [j][a] (dimension j, input a). */
export function explicitInputs(model: ModelSpec): Float32Array<ArrayBuffer> {
  const k = inputCount(model);
  const g = model.inputGram;
  const c = new Float64Array(k * k);
  let scale = 0;
  for (let i = 0; i < k; i++) scale = Math.max(scale, g[i][i]);
  for (let j = 0; j < k; j++) {
    let d = g[j][j];
    for (let p = 0; p < j; p++) d -= c[j * k + p] ** 2;
    if (d <= 1e-12 * scale) continue;
    const cjj = Math.sqrt(d);
    c[j * k + j] = cjj;
    for (let i = j + 1; i < k; i++) {
      let s = g[i][j];
      for (let p = 0; p < j; p++) s -= c[i * k + p] * c[j * k + p];
      c[i * k + j] = s / cjj;
    }
  }
  const x = new Float32Array(k * k);
  for (let a = 0; a < k; a++) for (let j = 0; j < k; j++) x[j * k + a] = Math.sqrt(k) * c[a * k + j];
  return x;
}

export class ExplicitWebGpuEngine implements Engine {
  readonly kind = 'explicit' as const;
  readonly backend = 'webgpu' as const;
  readonly session: GpuSession;
  readonly pacer: Pacer;

  /** Dense-layer dispatches issued so far (tests check that a layer was split). */
  denseDispatches = 0;

  constructor(private readonly options: WebGpuEngineOptions = {}) {
    this.session = new GpuSession(options);
    this.pacer = new Pacer(options.targetMs ?? 40, 2e5);
  }

  adapterInfo(): AdapterReport | undefined {
    return this.session.gpu?.adapter;
  }

  describe(_spec: RunSpec): string {
    const a = this.session.gpu?.adapter;
    return `explicit (weights generated in the matmul shader), webgpu${a ? ` on ${adapterLine(a)}` : ''}`;
  }

  /** Weight draws (multiply-adds per input) of one network. */
  static weightsPerNetwork(model: ModelSpec): number {
    const widths = [inputCount(model), ...model.hiddenWidths, 1];
    let s = 0;
    for (let l = 1; l < widths.length; l++) s += widths[l] * widths[l - 1];
    return s;
  }

  async *run(spec: RunSpec, options: RunOptions = {}): AsyncGenerator<EnsembleChunk, void, undefined> {
    const k = inputCount(spec.model);
    if (k > MAX_INPUTS) throw new RangeError(`the WebGPU explicit engine takes at most ${MAX_INPUTS} inputs, got ${k}`);
    const perNetwork = ExplicitWebGpuEngine.weightsPerNetwork(spec.model) + 1;
    const maxUnits = Math.max(k, ...spec.model.hiddenWidths);
    const device = (await this.session.context()).device;
    // Memory: two activation buffers of count x n x k floats must fit the binding limit.
    const memoryCap = Math.max(1, Math.floor(device.limits.maxStorageBufferBindingSize / (4 * maxUnits * k)));
    let done = 0;
    while (done < spec.networks) {
      if (options.signal?.aborted) throw abortError();
      const count = Math.min(
        spec.networks - done,
        memoryCap,
        MAX_GRID * 64,
        options.chunkNetworks ?? Math.max(1, Math.floor(this.pacer.budget / perNetwork)),
      );
      let chunk: EnsembleChunk | undefined;
      for (let attempt = 0; !chunk; attempt++) {
        try {
          chunk = await this.chunk(spec, done, count, options.layerStats === true, options.signal);
        } catch (e) {
          if (!(e instanceof DeviceLostError) || attempt >= 2) throw e;
          this.session.lost(e);
        }
      }
      done += count;
      options.onProgress?.(done, spec.networks);
      yield chunk;
    }
  }

  private async chunk(spec: RunSpec, start: number, count: number, withStats: boolean, signal?: AbortSignal): Promise<EnsembleChunk> {
    const { model } = spec;
    const s = this.session;
    const gpu = await s.context();
    const k = inputCount(model);
    const depth = depthOf(model);
    const widths = [k, ...model.hiddenWidths, 1];
    const dense = await s.pipeline(FILES, 'dense_forward');
    const stats = await s.pipeline(FILES, 'layer_stats');
    const layerGram = withStats ? await s.pipeline(FILES, 'layer_gram') : undefined;
    const layerGramsBuf = withStats ? s.buffer('explicit.layerGrams', 4 * count * depth * k * k, STORAGE) : undefined;
    const output = await s.pipeline(FILES, 'output_layer');
    const wg = s.workgroupSize;

    const input = s.buffer('explicit.x', 4 * k * k, STORAGE);
    gpu.device.queue.writeBuffer(input, 0, explicitInputs(model));
    const maxUnits = Math.max(k, ...model.hiddenWidths);
    const act = [s.buffer('explicit.z0', 4 * count * maxUnits * k, STORAGE), s.buffer('explicit.z1', 4 * count * maxUnits * k, STORAGE)];
    const statsBuf = s.buffer('explicit.stats', 8 * count * k, STORAGE);
    const outputs = s.buffer('explicit.outputs', 4 * count * k, STORAGE);
    const grams = s.buffer('explicit.grams', 4 * count * k * k, STORAGE);

    const base = {
      seed: spec.seed >>> 0,
      net_offset: start,
      networks: count,
      k,
      code: model.activation.code,
      slope: model.activation.slope,
      norm: NORM_CODE[model.normalization],
      drop_threshold: dropThreshold(model.dropout),
      drop_scale: model.dropout > 0 ? 1 / (1 - model.dropout) : 1,
      b_scale: Math.sqrt(model.cb),
      cw: model.cw,
      cb: model.cb,
      depth,
    };
    const gridNets = [Math.min(count, MAX_GRID), Math.ceil(count / MAX_GRID)] as const;

    // Pending dispatches are batched into one submission until the pacer's budget is reached.
    type Step = (pass: GPUComputePassEncoder) => void;
    let pending: Step[] = [];
    let pendingUnits = 0;
    const flush = async (): Promise<void> => {
      if (!pending.length) return;
      const steps = pending;
      pending = [];
      const ms = await s.submit((pass) => steps.forEach((step) => step(pass)));
      this.pacer.record(pendingUnits, ms);
      pendingUnits = 0;
      // A wide chunk is many submissions: a cancel or a new setting lands between them.
      if (signal?.aborted) throw abortError();
    };
    const add = async (units: number, step: Step): Promise<void> => {
      if (pending.length && pendingUnits + units > this.pacer.budget) await flush();
      pending.push(step);
      pendingUnits += units;
    };

    for (let l = 1; l < depth; l++) {
      const nIn = widths[l - 1];
      const nOut = widths[l];
      const prev = l === 1 ? input : act[l % 2];
      const out = act[(l + 1) % 2];
      // Split the rows of a layer when one layer of the chunk alone exceeds the budget.
      const paced = Math.max(wg, Math.floor(this.pacer.budget / Math.max(1, count * nIn) / wg) * wg);
      const rowsPerStep = Math.max(1, Math.min(paced, this.options.maxRowsPerDispatch ?? Infinity));
      for (let r0 = 0; r0 < nOut; r0 += rowsPerStep) {
        const r1 = Math.min(nOut, r0 + rowsPerStep);
        dense.view.set({
          ...base,
          layer: l,
          n_in: nIn,
          n_out: nOut,
          row_start: r0,
          row_end: r1,
          prev_is_input: l === 1 ? 1 : 0,
          w_scale: Math.sqrt(model.cw / nIn),
        });
        const bind = s.bind(dense.pipeline, [s.uniform(dense.view), prev, statsBuf, out]);
        const rowBlocks = Math.ceil((r1 - r0) / wg);
        this.denseDispatches++;
        await add(count * (r1 - r0) * nIn, (pass) => {
          pass.setPipeline(dense.pipeline);
          pass.setBindGroup(0, bind);
          pass.dispatchWorkgroups(rowBlocks, gridNets[0], gridNets[1]);
        });
      }
      if (layerGram && layerGramsBuf) {
        layerGram.view.set({ ...base, layer: l, n_in: nOut, n_out: nOut, row_start: 0, row_end: 0, prev_is_input: 0, w_scale: 0 });
        const bind = s.bind(layerGram.pipeline, [s.uniform(layerGram.view), out, undefined, layerGramsBuf]);
        await add(count * nOut * k, (pass) => {
          pass.setPipeline(layerGram.pipeline);
          pass.setBindGroup(0, bind);
          pass.dispatchWorkgroups(gridNets[0], gridNets[1]);
        });
      }
      if (model.normalization === 'layer' || model.normalization === 'rms') {
        // Statistics of layer l, read by layer l + 1. They overwrite those of layer l - 1 after
        // the dense step above has read them: WebGPU orders dispatches (each its own usage scope).
        stats.view.set({ ...base, layer: l, n_in: nOut, n_out: nOut, row_start: 0, row_end: 0, prev_is_input: 0, w_scale: 0 });
        const bind = s.bind(stats.pipeline, [s.uniform(stats.view), out, undefined, statsBuf]);
        await add(count * nOut, (pass) => {
          pass.setPipeline(stats.pipeline);
          pass.setBindGroup(0, bind);
          pass.dispatchWorkgroups(gridNets[0], gridNets[1]);
        });
      }
    }
    const nLast = widths[depth - 1];
    output.view.set({
      ...base,
      layer: depth,
      n_in: nLast,
      n_out: 1,
      row_start: 0,
      row_end: 1,
      prev_is_input: depth === 1 ? 1 : 0,
      w_scale: Math.sqrt(model.cw / nLast),
    });
    const prevLast = depth === 1 ? input : act[depth % 2];
    const bindOut = s.bind(output.pipeline, [s.uniform(output.view), prevLast, statsBuf, outputs, grams]);
    await add(count * nLast, (pass) => {
      pass.setPipeline(output.pipeline);
      pass.setBindGroup(0, bindOut);
      pass.dispatchWorkgroups(gridNets[0], gridNets[1]);
    });
    await flush();
    const out = await s.read(outputs, 4 * count * k);
    const gram = await s.read(grams, 4 * count * k * k);
    const result = { start, count, inputs: k, outputs: Float64Array.from(out), gram: Float64Array.from(gram) };
    if (!layerGramsBuf) return result;
    const hidden = depth > 1 ? await s.read(layerGramsBuf, 4 * count * depth * k * k) : null;
    return { ...result, ...layerStatsFrom(hidden, result.outputs, count, depth, k) };
  }
}
