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
 * |dLoss/dW_l|_F per network and layer: EnsembleChunk.gradientNorms as the CPU engine's
 * (explicit-backward.ts).
 */
import type { EnsembleChunk, Engine, RunOptions } from '../types.ts';
import { depthOf, inputCount, type ModelSpec, type RunSpec } from '../spec.ts';
import { STORAGE } from './buffers.ts';
import type { WebGpuEngineOptions } from './session.ts';
import { GpuEngine } from './gpu-engine.ts';
import { runChunks } from './chunk-loop.ts';
import type { Dispatcher } from './dispatcher.ts';
import { chunkLayout, FILES, layerFields, MAX_GRID, reductionFields } from './explicit-layout.ts';
import { queueBackward } from './explicit-backward.ts';
import { MAX_INPUTS } from './exact-webgpu.ts';
import { layerStatsFrom } from './layer-stats.ts';
import { presentPerLayer } from '../per-layer.ts';
import type { GpuCostEstimate } from '../types.ts';

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

export class ExplicitWebGpuEngine extends GpuEngine implements Engine {
  readonly kind = 'explicit' as const;

  /** Dense-layer dispatches issued so far (tests check that a layer was split). */
  denseDispatches = 0;
  /** Backward dense-layer dispatches issued so far (with RunOptions.gradients). */
  backwardDispatches = 0;

  constructor(options: WebGpuEngineOptions = {}) {
    super(options, 2e5);
  }

  describe(_spec: RunSpec): string {
    return `explicit (weights generated in the matmul shader), webgpu${this.adapterSuffix()}`;
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
    return {
      unit: 'gpu-units',
      unitsPerNetwork: (options.gradients ? 2 : 1) * ExplicitWebGpuEngine.weightsPerNetwork(spec.model) + 1,
    };
  }

  async *run(spec: RunSpec, options: RunOptions = {}): AsyncGenerator<EnsembleChunk, void, undefined> {
    const k = inputCount(spec.model);
    if (k > MAX_INPUTS)
      throw new RangeError(`the WebGPU explicit engine takes at most ${MAX_INPUTS} inputs, got ${k}`);
    const gradients = options.gradients === true;
    const perNetwork = this.estimateCost(spec, options).unitsPerNetwork;
    const maxUnits = Math.max(k, ...spec.model.hiddenWidths);
    const device = (await this.session.context()).device;
    // Memory: two activation buffers of count x n x k floats must fit the binding limit. With
    // gradients the chunk keeps every hidden layer's preactivations (count x sum(n_l) x k) and
    // two delta buffers (count x n x k each): all of it together is held under one binding's
    // limit, so a chunk's memory stays O(networks x n x depth) and bounded on any adapter.
    const floatsPerNetwork = gradients
      ? k * (spec.model.hiddenWidths.reduce((s, n) => s + n, 0) + 2 * maxUnits)
      : maxUnits * k;
    const memoryCap = Math.max(
      1,
      Math.floor(device.limits.maxStorageBufferBindingSize / (4 * floatsPerNetwork)),
    );
    yield* runChunks(this.session, this.pacer, spec, options, {
      size: () =>
        Math.min(
          memoryCap,
          MAX_GRID * 64,
          options.chunkNetworks ?? Math.max(1, Math.floor(this.pacer.budget / perNetwork)),
        ),
      chunk: (dispatcher, start, count) =>
        this.chunk(dispatcher, spec, start, count, options.layerStats === true, gradients),
    });
  }

  private async chunk(
    d: Dispatcher,
    spec: RunSpec,
    start: number,
    count: number,
    withStats: boolean,
    gradients: boolean,
  ): Promise<EnsembleChunk> {
    const { model } = spec;
    const s = this.session;
    const gpu = await s.context();
    const k = inputCount(model);
    const depth = depthOf(model);
    const dense = await s.kernel(FILES, 'dense_forward');
    const stats = await s.kernel(FILES, 'layer_stats');
    const layerGram = withStats ? await s.kernel(FILES, 'layer_gram') : undefined;
    const layerGrams = withStats
      ? s.buffer('explicit.layerGrams', 4 * count * depth * k * k, STORAGE)
      : undefined;
    const output = await s.kernel(FILES, 'output_layer');
    const wg = s.workgroupSize;

    const input = s.buffer('explicit.x', 4 * k * k, STORAGE);
    gpu.device.queue.writeBuffer(input, 0, explicitInputs(model));
    const c = chunkLayout(s, spec, start, count, input, gradients);
    const { widths, gridNets, zOf, statsOf } = c;
    const outputs = s.buffer('explicit.outputs', 4 * count * k, STORAGE);
    const grams = s.buffer('explicit.grams', 4 * count * k * k, STORAGE);

    for (let l = 1; l < depth; l++) {
      const nIn = widths[l - 1];
      const nOut = widths[l];
      const prev = { prev: zOf(l - 1), prev_stats: statsOf(l - 1) };
      const out = zOf(l);
      // Split the rows of a layer when one layer of the chunk alone exceeds the budget.
      const paced = Math.max(wg, Math.floor(this.pacer.budget / Math.max(1, count * nIn) / wg) * wg);
      const rowsPerStep = Math.max(1, Math.min(paced, this.options.maxRowsPerDispatch ?? Infinity));
      for (let r0 = 0; r0 < nOut; r0 += rowsPerStep) {
        const r1 = Math.min(nOut, r0 + rowsPerStep);
        this.denseDispatches++;
        await d.dispatch(
          dense,
          layerFields(c, l, r0, r1),
          { ...prev, out },
          [Math.ceil((r1 - r0) / wg), ...gridNets],
          count * (r1 - r0) * nIn,
        );
      }
      if (layerGram && layerGrams) {
        await d.dispatch(
          layerGram,
          reductionFields(c, l),
          { prev: out, out: layerGrams },
          gridNets,
          count * nOut * k,
        );
      }
      if (model.normalization === 'layer' || model.normalization === 'rms') {
        // Statistics of layer l, read by layer l + 1. They overwrite those of layer l - 1 after
        // the dense step above has read them: WebGPU orders dispatches (each its own usage scope).
        await d.dispatch(
          stats,
          reductionFields(c, l),
          { prev: out, out: statsOf(l) },
          gridNets,
          count * nOut,
        );
      }
    }
    const last = { prev: zOf(depth - 1), prev_stats: statsOf(depth - 1) };
    await d.dispatch(
      output,
      layerFields(c, depth, 0, 1),
      { ...last, out: outputs, grams },
      gridNets,
      count * widths[depth - 1],
    );
    const gradNorms = gradients
      ? await queueBackward(d, c, outputs, () => this.pacer.budget, {
          maxColumns: this.options.maxRowsPerDispatch,
          onDenseDispatch: () => this.backwardDispatches++,
        })
      : undefined;
    await d.flush();
    const out = await s.read(outputs, 4 * count * k);
    const gram = await s.read(grams, 4 * count * k * k);
    const gradientNorms = gradNorms
      ? Float64Array.from((await s.read(gradNorms, 4 * count * depth)).subarray(0, count * depth))
      : undefined;
    const result = {
      start,
      count,
      inputs: k,
      outputs: Float64Array.from(out),
      gram: Float64Array.from(gram),
    };
    const hidden = layerGrams && depth > 1 ? await s.read(layerGrams, 4 * count * depth * k * k) : null;
    const layerStats = layerGrams ? layerStatsFrom(hidden, result.outputs, count, depth, k) : undefined;
    const perLayer = presentPerLayer({ ...layerStats, gradientNorms });
    return perLayer ? { ...result, perLayer } : result;
  }
}
