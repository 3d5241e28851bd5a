/**
 * The exact engine (Gaussian conditioning) on WebGPU: shaders/exact_layer.wgsl, one workgroup
 * per network, the k x k conditional covariance kept on the GPU between submissions. Same
 * networks as the CPU exact engine for the same seed, to f32 rounding.
 */
import type { EnsembleChunk, Engine, RunOptions } from '../types.ts';
import { depthOf, inputCount, type ModelSpec, type RunSpec } from '../spec.ts';
import { STORAGE } from './buffers.ts';
import type { WebGpuEngineOptions } from './session.ts';
import { GpuEngine } from './gpu-engine.ts';
import { runChunks } from './chunk-loop.ts';
import type { Dispatcher } from './dispatcher.ts';
import { layerParams } from './params.ts';
import { layerStatsFrom } from './layer-stats.ts';
import type { GpuCostEstimate } from '../types.ts';

const FILES = ['rng.wgsl', 'activations.wgsl', 'layer_common.wgsl', 'exact_layer.wgsl'];
export const MAX_INPUTS = 4;
const MAX_GRID = 65535;
/** A network-layer's fixed cost in the pacer's units (draws), measured on SwiftShader (see run()). */
const LAYER_OVERHEAD_UNITS = 32;
/** The first chunk's share of a submission budget (for all its layers together). */
const FIRST_CHUNK_SHARE = 0.5;
/** The smallest workgroup for the layer kernel (a power of two; 16 measured best for n = 64 on SwiftShader). */
const MIN_LAYER_WG = 16;
/**
 * The layer kernel's workgroup on a software adapter (unless options.workgroupSize says
 * otherwise): SwiftShader's cost grows with the invocations of a workgroup (each runs as a
 * fiber through every barrier), measured 3.5x faster at 16 than at 64 for n = 256.
 */
const SOFTWARE_LAYER_WG = 16;

/** G_1 = C_b + C_W * inputGram, k x k row-major. */
export function firstGram(model: ModelSpec): Float64Array {
  const k = inputCount(model);
  const g = new Float64Array(k * k);
  for (let a = 0; a < k; a++)
    for (let b = 0; b < k; b++) g[a * k + b] = model.cb + model.cw * model.inputGram[a][b];
  return g;
}

/**
 * Work units per network and hidden layer in the pacer's units: its draws, plus a fixed cost
 * per workgroup (launch, the k x k Cholesky, barriers) that dominates narrow layers: without
 * it a width-2 chunk held so many networks that one submission took 0.5 s on SwiftShader,
 * over ten times its target.
 */
export function exactLayerUnits(model: ModelSpec): number[] {
  const k = inputCount(model);
  // 'layer' and 'rms' need a statistics pass over the units first ('batch' is per unit).
  const passes = model.normalization === 'layer' || model.normalization === 'rms' ? 2 : 1;
  return model.hiddenWidths.map((n) => n * k * passes + LAYER_OVERHEAD_UNITS);
}

export class ExactWebGpuEngine extends GpuEngine implements Engine {
  readonly kind = 'exact' as const;

  constructor(options: WebGpuEngineOptions = {}) {
    super(options);
  }

  describe(_spec: RunSpec): string {
    return `exact (Gaussian conditioning), webgpu${this.adapterSuffix()}`;
  }

  /** In the pacer's units: every layer's work plus the output's k draws. */
  estimateCost(spec: RunSpec): GpuCostEstimate {
    return {
      unit: 'gpu-units',
      unitsPerNetwork: exactLayerUnits(spec.model).reduce((a, b) => a + b, inputCount(spec.model)),
    };
  }

  async *run(spec: RunSpec, options: RunOptions = {}): AsyncGenerator<EnsembleChunk, void, undefined> {
    const { model } = spec;
    const k = inputCount(model);
    if (k > MAX_INPUTS)
      throw new RangeError(`the WebGPU exact engine takes at most ${MAX_INPUTS} inputs, got ${k}`);
    const layerCost = exactLayerUnits(model);
    const maxLayerCost = Math.max(k, ...layerCost);
    const totalCost = layerCost.reduce((a, b) => a + b, k);
    yield* runChunks(this.session, this.pacer, spec, options, {
      // Networks in flight: as many as one layer of them fills the submission budget (layers
      // are then grouped per submission up to the budget), so a wide GPU is filled by many
      // networks at once rather than by many layers of a few. The first chunk of a run is
      // all its layers in half a budget: its result (the first histogram) arrives in about
      // targetMs / 2 after the GPU is free, not depth x targetMs (a run just superseded may
      // still hold the queue for up to one submission, which cannot be recalled).
      size: (done) => {
        const perNetwork = done === 0 ? totalCost / FIRST_CHUNK_SHARE : maxLayerCost;
        return (
          options.chunkNetworks ??
          Math.max(1, Math.min(MAX_GRID * 16, Math.floor(this.pacer.budget / perNetwork)))
        );
      },
      chunk: (dispatcher, start, count) =>
        this.chunk(dispatcher, spec, start, count, layerCost, options.layerStats === true),
    });
  }

  private async chunk(
    d: Dispatcher,
    spec: RunSpec,
    start: number,
    count: number,
    layerCost: number[],
    stats: boolean,
  ): Promise<EnsembleChunk> {
    const { model } = spec;
    const s = this.session;
    const gpu = await s.context();
    const k = inputCount(model);
    const depth = depthOf(model);
    // One workgroup per network: no wider than the widest layer's slots (a Philox block each,
    // 4 / k units), so narrow networks do not leave most invocations idle.
    const slots = Math.max(...model.hiddenWidths.map((n) => (k === 3 ? n : Math.ceil((n * k) / 4))), 1);
    const widest =
      this.options.workgroupSize === undefined && gpu.adapter.software
        ? Math.min(SOFTWARE_LAYER_WG, s.workgroupSize)
        : s.workgroupSize;
    const layerWg = Math.min(widest, Math.max(MIN_LAYER_WG, 2 ** Math.ceil(Math.log2(slots))));
    const layers = await s.kernel(FILES, 'exact_layers', { WG: layerWg });
    const output = await s.kernel(FILES, 'exact_output');

    const widths = s.buffer('exact.widths', 4 * Math.max(1, depth - 1), STORAGE);
    gpu.device.queue.writeBuffer(
      widths,
      0,
      new Uint32Array(model.hiddenWidths.length ? model.hiddenWidths : [1]),
    );
    const grams = s.buffer('exact.grams', 4 * count * k * k, STORAGE);
    const outputs = s.buffer('exact.outputs', 4 * count * k, STORAGE);
    // Per-layer raw preactivation Grams (RunOptions.layerStats); a stand-in when not asked for.
    const layerGrams = s.buffer('exact.layerGrams', stats ? 4 * count * depth * k * k : 16, STORAGE);
    const g1 = new Float32Array(count * k * k);
    const first = firstGram(model);
    for (let m = 0; m < count; m++) g1.set(first, m * k * k);
    gpu.device.queue.writeBuffer(grams, 0, g1);

    const params = { ...layerParams(spec, start, count), layer_start: 1, layer_end: 1, stats: stats ? 1 : 0 };
    const gridNets = [Math.min(count, MAX_GRID), Math.ceil(count / MAX_GRID)] as const;
    // One dispatch per layer (G goes through `grams` between them), as many per submission as
    // the pacer's budget allows. Looping over layers inside one dispatch gave wrong G from the
    // second layer on under SwiftShader, so the shader's layer range is one layer at a time.
    for (let l = 1; l < depth; l++) {
      await d.dispatch(
        layers,
        { ...params, layer_start: l, layer_end: l + 1 },
        { widths, grams, layer_grams: layerGrams },
        gridNets,
        count * layerCost[l - 1],
      );
    }
    const groups = Math.ceil(count / s.workgroupSize);
    await d.dispatch(
      output,
      params,
      { grams, outputs },
      [Math.min(groups, MAX_GRID), Math.ceil(groups / MAX_GRID)],
      count * k,
    );
    await d.flush();
    const out = await s.read(outputs, 4 * count * k);
    const gram = await s.read(grams, 4 * count * k * k);
    const result = {
      start,
      count,
      inputs: k,
      outputs: Float64Array.from(out),
      gram: Float64Array.from(gram),
    };
    if (!stats) return result;
    const hidden = depth > 1 ? await s.read(layerGrams, 4 * count * depth * k * k) : null;
    return { ...result, perLayer: layerStatsFrom(hidden, result.outputs, count, depth, k) };
  }
}
