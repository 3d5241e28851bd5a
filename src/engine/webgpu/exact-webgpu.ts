/**
 * The exact engine (Gaussian conditioning) on WebGPU: shaders/exact_layer.wgsl, one workgroup
 * per network, the k x k conditional covariance kept on the GPU between submissions. Same
 * networks as the CPU exact engine for the same seed, to f32 rounding.
 */
import { abortError, type EnsembleChunk, type Engine, type RunOptions } from '../types.ts';
import { depthOf, inputCount, type ModelSpec, type RunSpec } from '../spec.ts';
import { STORAGE } from './buffers.ts';
import { adapterLine, type AdapterReport } from './device.ts';
import { DEFAULT_TARGET_MS, DeviceLostError, dropThreshold, GpuSession, Pacer, type WebGpuEngineOptions } from './session.ts';
import { layerStatsFrom } from './layer-stats.ts';
import type { GpuCostEstimate } from '../types.ts';

const FILES = ['rng.wgsl', 'activations.wgsl', 'layer_common.wgsl', 'exact_layer.wgsl'];
const NORM_CODE = { none: 0, layer: 1, rms: 2, batch: 3 } as const;
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
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) g[a * k + b] = model.cb + model.cw * model.inputGram[a][b];
  return g;
}

/**
 * Work units per network and hidden layer in the pacer's units: its draws, plus a fixed cost
 * per workgroup (launch, the k x k Cholesky, barriers) that dominates narrow layers: without
 * it a width-2 chunk held so many networks that one submission took 0.5 s on SwiftShader
 * against a 40 ms target.
 */
export function exactLayerUnits(model: ModelSpec): number[] {
  const k = inputCount(model);
  // 'layer' and 'rms' need a statistics pass over the units first ('batch' is per unit).
  const passes = model.normalization === 'layer' || model.normalization === 'rms' ? 2 : 1;
  return model.hiddenWidths.map((n) => n * k * passes + LAYER_OVERHEAD_UNITS);
}

export class ExactWebGpuEngine implements Engine {
  readonly kind = 'exact' as const;
  readonly backend = 'webgpu' as const;
  readonly session: GpuSession;
  readonly pacer: Pacer;

  constructor(private readonly options: WebGpuEngineOptions = {}) {
    this.session = new GpuSession(options);
    this.pacer = new Pacer(options.targetMs ?? DEFAULT_TARGET_MS);
  }

  adapterInfo(): AdapterReport | undefined {
    return this.session.gpu?.adapter;
  }

  describe(_spec: RunSpec): string {
    const a = this.session.gpu?.adapter;
    return `exact (Gaussian conditioning), webgpu${a ? ` on ${adapterLine(a)}` : ''}`;
  }

  /** In the pacer's units: every layer's work plus the output's k draws. */
  estimateCost(spec: RunSpec): GpuCostEstimate {
    return { unit: 'gpu-units', unitsPerNetwork: exactLayerUnits(spec.model).reduce((a, b) => a + b, inputCount(spec.model)) };
  }

  async *run(spec: RunSpec, options: RunOptions = {}): AsyncGenerator<EnsembleChunk, void, undefined> {
    const { model } = spec;
    const k = inputCount(model);
    if (k > MAX_INPUTS) throw new RangeError(`the WebGPU exact engine takes at most ${MAX_INPUTS} inputs, got ${k}`);
    const layerCost = exactLayerUnits(model);
    const maxLayerCost = Math.max(k, ...layerCost);
    const totalCost = layerCost.reduce((a, b) => a + b, k);
    let done = 0;
    while (done < spec.networks) {
      if (options.signal?.aborted) throw abortError();
      // Networks in flight: as many as one layer of them fills the submission budget (layers
      // are then grouped per submission up to the budget), so a wide GPU is filled by many
      // networks at once rather than by many layers of a few. The first chunk of a run is
      // all its layers in half a budget: its result (the first histogram) arrives in about
      // targetMs / 2 after the GPU is free, not depth x targetMs (a run just superseded may
      // still hold the queue for up to one submission, which cannot be recalled).
      const perNetwork = done === 0 ? totalCost / FIRST_CHUNK_SHARE : maxLayerCost;
      const count = Math.min(
        spec.networks - done,
        options.chunkNetworks ?? Math.max(1, Math.min(MAX_GRID * 16, Math.floor(this.pacer.budget / perNetwork))),
      );
      let chunk: EnsembleChunk | undefined;
      for (let attempt = 0; !chunk; attempt++) {
        try {
          chunk = await this.chunk(spec, done, count, layerCost, options.layerStats === true, options.signal);
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

  private async chunk(spec: RunSpec, start: number, count: number, layerCost: number[], stats: boolean, signal?: AbortSignal): Promise<EnsembleChunk> {
    const { model } = spec;
    const s = this.session;
    const gpu = await s.context();
    const k = inputCount(model);
    const depth = depthOf(model);
    // One workgroup per network: no wider than the widest layer's slots (a Philox block each,
    // 4 / k units), so narrow networks do not leave most invocations idle.
    const slots = Math.max(...model.hiddenWidths.map((n) => (k === 3 ? n : Math.ceil((n * k) / 4))), 1);
    const widest = this.options.workgroupSize === undefined && gpu.adapter.software ? Math.min(SOFTWARE_LAYER_WG, s.workgroupSize) : s.workgroupSize;
    const layerWg = Math.min(widest, Math.max(MIN_LAYER_WG, 2 ** Math.ceil(Math.log2(slots))));
    const layers = await s.pipeline(FILES, 'exact_layers', 'P', { WG: layerWg });
    const output = await s.pipeline(FILES, 'exact_output');

    const widths = s.buffer('exact.widths', 4 * Math.max(1, depth - 1), STORAGE);
    gpu.device.queue.writeBuffer(widths, 0, new Uint32Array(model.hiddenWidths.length ? model.hiddenWidths : [1]));
    const grams = s.buffer('exact.grams', 4 * count * k * k, STORAGE);
    const outputs = s.buffer('exact.outputs', 4 * count * k, STORAGE);
    // Per-layer raw preactivation Grams (RunOptions.layerStats); a stand-in when not asked for.
    const layerGramsBuf = s.buffer('exact.layerGrams', stats ? 4 * count * depth * k * k : 16, STORAGE);
    const g1 = new Float32Array(count * k * k);
    const first = firstGram(model);
    for (let m = 0; m < count; m++) g1.set(first, m * k * k);
    gpu.device.queue.writeBuffer(grams, 0, g1);

    const params = {
      seed: spec.seed >>> 0,
      net_offset: start,
      networks: count,
      k,
      layer_start: 1,
      layer_end: 1,
      depth,
      code: model.activation.code,
      slope: model.activation.slope,
      cw: model.cw,
      cb: model.cb,
      norm: NORM_CODE[model.normalization],
      drop_threshold: dropThreshold(model.dropout),
      drop_scale: model.dropout > 0 ? 1 / (1 - model.dropout) : 1,
      stats: stats ? 1 : 0,
    };
    const gridX = Math.min(count, MAX_GRID);
    const gridY = Math.ceil(count / MAX_GRID);
    // Hidden layers in groups sized to the pacer's budget (at least one layer per submission).
    let layer = 1;
    while (layer < depth) {
      let end = layer;
      let units = 0;
      do {
        units += count * layerCost[end - 1];
        end++;
      } while (end < depth && units + count * layerCost[end - 1] <= this.pacer.budget);
      // One dispatch per layer (G goes through `grams` between them), several per submission.
      // Looping over layers inside one dispatch gave wrong G from the second layer on under
      // SwiftShader, so the shader's layer range is used one layer at a time.
      const binds: GPUBindGroup[] = [];
      for (let l = layer; l < end; l++) {
        layers.view.set({ ...params, layer_start: l, layer_end: l + 1 });
        binds.push(s.bind(layers.pipeline, [s.uniform(layers.view), widths, grams, undefined, layerGramsBuf]));
      }
      const ms = await s.submit((pass) => {
        pass.setPipeline(layers.pipeline);
        for (const bind of binds) {
          pass.setBindGroup(0, bind);
          pass.dispatchWorkgroups(gridX, gridY);
        }
      });
      this.pacer.record(units, ms);
      // A deep chunk is many submissions: a cancel or a new setting lands between them.
      if (signal?.aborted) throw abortError();
      layer = end;
    }
    output.view.set(params);
    const uniform = s.uniform(output.view);
    const bindOut = s.bind(output.pipeline, [uniform, undefined, grams, outputs]);
    const wg = s.workgroupSize;
    const groups = Math.ceil(count / wg);
    await s.submit((pass) => {
      pass.setPipeline(output.pipeline);
      pass.setBindGroup(0, bindOut);
      pass.dispatchWorkgroups(Math.min(groups, MAX_GRID), Math.ceil(groups / MAX_GRID));
    });
    const out = await s.read(outputs, 4 * count * k);
    const gram = await s.read(grams, 4 * count * k * k);
    const result = { start, count, inputs: k, outputs: Float64Array.from(out), gram: Float64Array.from(gram) };
    if (!stats) return result;
    const hidden = depth > 1 ? await s.read(layerGramsBuf, 4 * count * depth * k * k) : null;
    return { ...result, perLayer: layerStatsFrom(hidden, result.outputs, count, depth, k) };
  }
}
