/**
 * Engine registry: createEngine for the CPU engines (synchronous), createEngineAsync for any
 * backend (the WebGPU engines live in src/engine/webgpu/ and are loaded on demand), and
 * `collect` to run a whole ensemble into flat arrays (tests, the command line).
 */
import type { Backend, Engine, EngineKind, RunOptions } from './types.ts';
import type { RunSpec } from './spec.ts';
import { ExactCpuEngine, type ExactCpuOptions } from './cpu/exact-cpu.ts';
import { ExplicitCpuEngine } from './cpu/explicit-cpu.ts';

export type { Backend, Engine, EngineKind, EnsembleChunk, RunOptions } from './types.ts';
export { abortError } from './types.ts';
export { ExactCpuEngine } from './cpu/exact-cpu.ts';
export { ExplicitCpuEngine } from './cpu/explicit-cpu.ts';
export { shortcutApplies } from './cpu/shortcut-cpu.ts';
export { LayerStatsCollector, type LayerStats } from './summary/layer-stats.ts';

export type EngineOptions = ExactCpuOptions & Record<string, unknown>;
type EngineFactory = (options: EngineOptions) => Engine;

/** Synchronous factories by `${backend}/${kind}`; other backends may register here. */
const factories = new Map<string, EngineFactory>([
  ['cpu/exact', (o) => new ExactCpuEngine(o)],
  ['cpu/explicit', () => new ExplicitCpuEngine()],
]);

/** Register (or replace) an engine factory, e.g. from src/engine/webgpu once its device exists. */
export function registerEngine(kind: EngineKind, backend: Backend, factory: EngineFactory): void {
  factories.set(`${backend}/${kind}`, factory);
}

/** A CPU engine (or any registered one). Throws a clear Error for a backend not loaded yet. */
export function createEngine(kind: EngineKind, backend: Backend = 'cpu', options: EngineOptions = {}): Engine {
  const factory = factories.get(`${backend}/${kind}`);
  if (!factory) {
    throw new Error(
      backend === 'webgpu'
        ? `the ${kind} engine on webgpu needs a GPU device: use createEngineAsync('${kind}', 'webgpu')`
        : `no ${kind} engine for backend '${backend}'`,
    );
  }
  return factory(options);
}

/** The shape src/engine/webgpu/index.ts is expected to export. */
interface WebGpuModule {
  createWebGpuEngine(kind: EngineKind, options: EngineOptions): Promise<Engine>;
}

/** Any engine; for 'webgpu' loads src/engine/webgpu/index.ts on demand (which acquires the device). */
export async function createEngineAsync(
  kind: EngineKind,
  backend: Backend = 'cpu',
  options: EngineOptions = {},
): Promise<Engine> {
  if (backend !== 'webgpu' || factories.has(`${backend}/${kind}`)) return createEngine(kind, backend, options);
  const specifier = './webgpu/index.ts';
  let mod: WebGpuModule;
  try {
    mod = (await import(/* @vite-ignore */ specifier)) as WebGpuModule;
  } catch (e) {
    throw new Error(`the webgpu backend is not available: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  return mod.createWebGpuEngine(kind, options);
}

export interface Collected {
  networks: number;
  inputs: number;
  /** outputs[net * k + a] */
  outputs: Float64Array;
  /** gram[(net * k + a) * k + b] */
  gram: Float64Array;
  /** With RunOptions.layerStats (CPU engines): layerNorms[(net * L + l - 1) * k + a] = |z_l(x_a)|^2 / n_l. */
  layerNorms?: Float64Array;
  /** With RunOptions.layerStats: layerGrams[((net * L + l - 1) * k + a) * k + b] = z_l(x_a) . z_l(x_b) / n_l. */
  layerGrams?: Float64Array;
  /** With RunOptions.gradients (an explicit engine): gradientNorms[net * L + l - 1] = |dLoss/dW_l|_F. */
  gradientNorms?: Float64Array;
}

/** Run a whole ensemble and concatenate its chunks (in network order). */
export async function collect(engine: Engine, spec: RunSpec, options?: RunOptions): Promise<Collected> {
  const k = spec.model.inputGram.length;
  const outputs = new Float64Array(spec.networks * k);
  const gram = new Float64Array(spec.networks * k * k);
  const depth = spec.model.hiddenWidths.length + 1;
  let layerNorms: Float64Array | undefined;
  let layerGrams: Float64Array | undefined;
  let gradientNorms: Float64Array | undefined;
  for await (const chunk of engine.run(spec, options)) {
    outputs.set(chunk.outputs, chunk.start * k);
    gram.set(chunk.gram, chunk.start * k * k);
    if (chunk.layerNorms) {
      layerNorms ??= new Float64Array(spec.networks * depth * k);
      layerNorms.set(chunk.layerNorms, chunk.start * depth * k);
    }
    if (chunk.layerGrams) {
      layerGrams ??= new Float64Array(spec.networks * depth * k * k);
      layerGrams.set(chunk.layerGrams, chunk.start * depth * k * k);
    }
    if (chunk.gradientNorms) {
      gradientNorms ??= new Float64Array(spec.networks * depth);
      gradientNorms.set(chunk.gradientNorms, chunk.start * depth);
    }
  }
  return {
    networks: spec.networks,
    inputs: k,
    outputs,
    gram,
    ...(layerNorms ? { layerNorms } : {}),
    ...(layerGrams ? { layerGrams } : {}),
    ...(gradientNorms ? { gradientNorms } : {}),
  };
}
