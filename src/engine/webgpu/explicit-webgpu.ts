/**
 * The explicit engine (real weights, generated inside the matmul shader, never stored) on
 * WebGPU: shaders/explicit_layer.wgsl. Per chunk of networks: layer 1 from the shared inputs,
 * then per hidden layer the normalization statistics (if any) and the next dense layer,
 * finally the output unit and the output layer's conditional covariance. Same networks as
 * the CPU explicit engine for the same seed, to f32 rounding.
 *
 * With RunOptions.gradients, every hidden layer's raw preactivations and normalization
 * statistics stay on the GPU for the chunk, and shaders/explicit_backward.wgsl runs the
 * backward pass from the output down (weights regenerated again, never stored), reducing
 * |dLoss/dW_l|_F per network and layer: EnsembleChunk.gradientNorms as the CPU engine's.
 */
import { abortError, type EnsembleChunk, type Engine, type RunOptions } from '../types.ts';
import { depthOf, inputCount, type ModelSpec, type RunSpec } from '../spec.ts';
import { STORAGE } from './buffers.ts';
import { adapterLine, type AdapterReport } from './device.ts';
import { DEFAULT_TARGET_MS, DeviceLostError, dropThreshold, GpuSession, Pacer, type WebGpuEngineOptions } from './session.ts';
import { MAX_INPUTS } from './exact-webgpu.ts';
import { layerStatsFrom } from './layer-stats.ts';
import { presentPerLayer } from '../per-layer.ts';
import type { GpuCostEstimate } from '../types.ts';
import type { StructuredView } from './uniforms.ts';

const FILES = ['rng.wgsl', 'activations.wgsl', 'layer_common.wgsl', 'explicit_layer.wgsl'];
const BACKWARD_FILES = [...FILES, 'explicit_backward.wgsl'];
const NORM_CODE = { none: 0, layer: 1, rms: 2, batch: 3 } as const;
const MAX_GRID = 65535;

type Pipeline = { pipeline: GPUComputePipeline; view: StructuredView };
/** Queue one dispatch of a pipeline (see ExplicitWebGpuEngine's chunk). */
type Dispatch = (
  entry: Pipeline,
  params: Record<string, number>,
  buffers: (GPUBuffer | undefined)[],
  units: number,
  grid: readonly [number, number, number?],
) => Promise<void>;

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
  /** Backward dense-layer dispatches issued so far (with RunOptions.gradients). */
  backwardDispatches = 0;

  constructor(private readonly options: WebGpuEngineOptions = {}) {
    this.session = new GpuSession(options);
    this.pacer = new Pacer(options.targetMs ?? DEFAULT_TARGET_MS, 2e5);
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

  /** In the pacer's units: weight draws (the backward pass draws every weight once more), plus one. */
  estimateCost(spec: RunSpec, options: RunOptions = {}): GpuCostEstimate {
    return { unit: 'gpu-units', unitsPerNetwork: (options.gradients ? 2 : 1) * ExplicitWebGpuEngine.weightsPerNetwork(spec.model) + 1 };
  }

  async *run(spec: RunSpec, options: RunOptions = {}): AsyncGenerator<EnsembleChunk, void, undefined> {
    const k = inputCount(spec.model);
    if (k > MAX_INPUTS) throw new RangeError(`the WebGPU explicit engine takes at most ${MAX_INPUTS} inputs, got ${k}`);
    const gradients = options.gradients === true;
    const perNetwork = this.estimateCost(spec, options).unitsPerNetwork;
    const maxUnits = Math.max(k, ...spec.model.hiddenWidths);
    const device = (await this.session.context()).device;
    // Memory: two activation buffers of count x n x k floats must fit the binding limit. With
    // gradients the chunk keeps every hidden layer's preactivations (count x sum(n_l) x k) and
    // two delta buffers (count x n x k each): all of it together is held under one binding's
    // limit, so a chunk's memory stays O(networks x n x depth) and bounded on any adapter.
    const floatsPerNetwork = gradients ? k * (spec.model.hiddenWidths.reduce((s, n) => s + n, 0) + 2 * maxUnits) : maxUnits * k;
    const memoryCap = Math.max(1, Math.floor(device.limits.maxStorageBufferBindingSize / (4 * floatsPerNetwork)));
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
          chunk = await this.chunk(spec, done, count, options.layerStats === true, gradients, options.signal);
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

  private async chunk(
    spec: RunSpec,
    start: number,
    count: number,
    withStats: boolean,
    gradients: boolean,
    signal?: AbortSignal,
  ): Promise<EnsembleChunk> {
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
    const statsBuf = s.buffer('explicit.stats', 8 * count * k, STORAGE);
    // Hidden layer l's raw preactivations z_l and its (mean, 1/scale) per input: two buffers
    // in turn for the forward pass alone, one per layer when the backward pass reads them all.
    const act = gradients ? [] : [s.buffer('explicit.z0', 4 * count * maxUnits * k, STORAGE), s.buffer('explicit.z1', 4 * count * maxUnits * k, STORAGE)];
    const zOf = (l: number): GPUBuffer =>
      l === 0 ? input : gradients ? s.buffer(`explicit.z.${l}`, 4 * count * widths[l] * k, STORAGE) : act[(l + 1) % 2];
    const statsOf = (l: number): GPUBuffer => (gradients && l > 0 ? s.buffer(`explicit.stats.${l}`, 8 * count * k, STORAGE) : statsBuf);
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
    // One dispatch of `entry` with uniform `params` and storage buffers from binding 1 on (a
    // hole where the entry point has none). Its uniform is written after the flush this step
    // may cause, never before: GpuSession.uniform hands out slots from 0 again after each
    // submission, so a uniform written before a flush could be overwritten by a later step of
    // the next submission before its own dispatch ran.
    const dispatch: Dispatch = async (entry, params, buffers, units, grid) => {
      if (pending.length && pendingUnits + units > this.pacer.budget) await flush();
      entry.view.set(params);
      const bind = s.bind(entry.pipeline, [s.uniform(entry.view), ...buffers]);
      pending.push((pass) => {
        pass.setPipeline(entry.pipeline);
        pass.setBindGroup(0, bind);
        pass.dispatchWorkgroups(grid[0], grid[1], grid[2]);
      });
      pendingUnits += units;
    };

    for (let l = 1; l < depth; l++) {
      const nIn = widths[l - 1];
      const nOut = widths[l];
      const prev = zOf(l - 1);
      const out = zOf(l);
      // Split the rows of a layer when one layer of the chunk alone exceeds the budget.
      const paced = Math.max(wg, Math.floor(this.pacer.budget / Math.max(1, count * nIn) / wg) * wg);
      const rowsPerStep = Math.max(1, Math.min(paced, this.options.maxRowsPerDispatch ?? Infinity));
      for (let r0 = 0; r0 < nOut; r0 += rowsPerStep) {
        const r1 = Math.min(nOut, r0 + rowsPerStep);
        const params = {
          ...base,
          layer: l,
          n_in: nIn,
          n_out: nOut,
          row_start: r0,
          row_end: r1,
          prev_is_input: l === 1 ? 1 : 0,
          w_scale: Math.sqrt(model.cw / nIn),
        };
        this.denseDispatches++;
        await dispatch(dense, params, [prev, statsOf(l - 1), out], count * (r1 - r0) * nIn, [Math.ceil((r1 - r0) / wg), ...gridNets]);
      }
      if (layerGram && layerGramsBuf) {
        const params = { ...base, layer: l, n_in: nOut, n_out: nOut, row_start: 0, row_end: 0, prev_is_input: 0, w_scale: 0 };
        await dispatch(layerGram, params, [out, undefined, layerGramsBuf], count * nOut * k, gridNets);
      }
      if (model.normalization === 'layer' || model.normalization === 'rms') {
        // Statistics of layer l, read by layer l + 1. They overwrite those of layer l - 1 after
        // the dense step above has read them: WebGPU orders dispatches (each its own usage scope).
        const params = { ...base, layer: l, n_in: nOut, n_out: nOut, row_start: 0, row_end: 0, prev_is_input: 0, w_scale: 0 };
        await dispatch(stats, params, [out, undefined, statsOf(l)], count * nOut, gridNets);
      }
    }
    const nLast = widths[depth - 1];
    const outParams = {
      ...base,
      layer: depth,
      n_in: nLast,
      n_out: 1,
      row_start: 0,
      row_end: 1,
      prev_is_input: depth === 1 ? 1 : 0,
      w_scale: Math.sqrt(model.cw / nLast),
    };
    await dispatch(output, outParams, [zOf(depth - 1), statsOf(depth - 1), outputs, grams], count * nLast, gridNets);
    const gradBuf = gradients ? await this.backward(spec, count, base, gridNets, zOf, statsOf, outputs, dispatch) : undefined;
    await flush();
    const out = await s.read(outputs, 4 * count * k);
    const gram = await s.read(grams, 4 * count * k * k);
    const gradientNorms = gradBuf ? Float64Array.from((await s.read(gradBuf, 4 * count * depth)).subarray(0, count * depth)) : undefined;
    const result = { start, count, inputs: k, outputs: Float64Array.from(out), gram: Float64Array.from(gram) };
    const hidden = layerGramsBuf && depth > 1 ? await s.read(layerGramsBuf, 4 * count * depth * k * k) : null;
    const layerStats = layerGramsBuf ? layerStatsFrom(hidden, result.outputs, count, depth, k) : undefined;
    const perLayer = presentPerLayer({ ...layerStats, gradientNorms });
    return perLayer ? { ...result, perLayer } : result;
  }

  /**
   * Queue the backward pass of a chunk whose forward pass is queued (through `add`, so it is
   * paced and split into submissions like the forward pass, with the abort check between them):
   * for l = L..1 the norm |dLoss/dW_l|_F, then (l > 1) delta_{l-1} from delta_l, split into
   * column ranges when one layer alone exceeds the pacer's budget. Returns the buffer that
   * will hold gradientNorms[local net * L + l - 1].
   */
  private async backward(
    spec: RunSpec,
    count: number,
    base: Record<string, number>,
    gridNets: readonly [number, number],
    zOf: (l: number) => GPUBuffer,
    statsOf: (l: number) => GPUBuffer,
    outputs: GPUBuffer,
    dispatch: Dispatch,
  ): Promise<GPUBuffer> {
    const { model } = spec;
    const s = this.session;
    const k = inputCount(model);
    const depth = depthOf(model);
    const widths = [k, ...model.hiddenWidths, 1];
    const maxHidden = Math.max(1, ...model.hiddenWidths);
    const dense = await s.pipeline(BACKWARD_FILES, 'dense_backward');
    const norm = await s.pipeline(BACKWARD_FILES, 'norm_backward');
    const gradNorm = await s.pipeline(BACKWARD_FILES, 'grad_norm');
    const wg = s.workgroupSize;
    const gradBuf = s.buffer('explicit.gradNorms', 4 * count * depth, STORAGE);
    const deltas = [s.buffer('explicit.delta0', 4 * count * maxHidden * k, STORAGE), s.buffer('explicit.delta1', 4 * count * maxHidden * k, STORAGE)];
    let delta = outputs; // delta_L = z_L: loss = sum_a z_L(a)^2 / 2
    for (let l = depth; l >= 1; l--) {
      const nIn = widths[l - 1];
      const nOut = widths[l];
      const params = {
        ...base,
        layer: l,
        n_in: nIn,
        n_out: nOut,
        row_start: 0,
        row_end: nIn,
        prev_is_input: l === 1 ? 1 : 0,
        w_scale: Math.sqrt(model.cw / nIn),
      };
      await dispatch(gradNorm, params, [zOf(l - 1), statsOf(l - 1), undefined, undefined, delta, gradBuf], count * (nOut + nIn) * k, gridNets);
      if (l === 1) break;
      const back = deltas[l % 2];
      // Columns (units of layer l - 1) per dispatch: whole Philox blocks of four, 4 WG per workgroup.
      const block = 4 * wg;
      const paced = Math.max(block, Math.floor(this.pacer.budget / Math.max(1, count * nOut) / block) * block);
      const colsPerStep = Math.max(4, Math.floor(Math.min(paced, this.options.maxRowsPerDispatch ?? Infinity) / 4) * 4);
      for (let c0 = 0; c0 < nIn; c0 += colsPerStep) {
        const c1 = Math.min(nIn, c0 + colsPerStep);
        this.backwardDispatches++;
        const buffers = [zOf(l - 1), statsOf(l - 1), back, undefined, delta];
        await dispatch(dense, { ...params, row_start: c0, row_end: c1 }, buffers, count * (c1 - c0) * nOut, [Math.ceil((c1 - c0) / block), ...gridNets]);
      }
      if (model.normalization === 'layer' || model.normalization === 'rms') {
        await dispatch(norm, params, [zOf(l - 1), statsOf(l - 1), back], count * nIn * k, gridNets);
      }
      delta = back;
    }
    return gradBuf;
  }
}
