/**
 * Engine registry: createEngine for the CPU engines (synchronous), createEngineAsync for any
 * backend (the WebGPU engines live in src/engine/webgpu/ and are loaded on demand), and
 * `collect` to run a whole ensemble into flat arrays (tests, the command line).
 */
import type { Backend, Engine, EngineKind, RunOptions } from './types.ts';
import type { RunSpec } from './spec.ts';
import { PerLayerConcat, type PerLayer } from './per-layer.ts';
import { ExactCpuEngine, type ExactCpuOptions } from './cpu/exact-cpu.ts';
import { ExplicitCpuEngine } from './cpu/explicit-cpu.ts';
import type { WebGpuEngineOptions } from './webgpu/session.ts';

export type { Backend, CostEstimate, Engine, EngineKind, EnsembleChunk, RunOptions } from './types.ts';
export { abortError } from './types.ts';
export { ExactCpuEngine } from './cpu/exact-cpu.ts';
export { ExplicitCpuEngine } from './cpu/explicit-cpu.ts';
export { shortcutApplies } from './cpu/shortcut-cpu.ts';
export { LayerStatsCollector, type LayerStats } from './summary/layer-stats.ts';
export { PER_LAYER, PER_LAYER_KEYS, type PerLayer, type PerLayerKey } from './per-layer.ts';
export { cpuCost } from './cost.ts';

/** Options of any engine: each takes its own and ignores the rest. */
export type EngineOptions = ExactCpuOptions & WebGpuEngineOptions & Record<string, unknown>;

/** The CPU engines by kind (created synchronously; the WebGPU ones need a device first). */
const CPU_ENGINES: Record<EngineKind, (options: EngineOptions) => Engine> = {
  exact: (o) => new ExactCpuEngine(o),
  explicit: () => new ExplicitCpuEngine(),
};

/** A CPU engine. Throws a clear Error for 'webgpu', whose engines createEngineAsync makes. */
export function createEngine(
  kind: EngineKind,
  backend: Backend = 'cpu',
  options: EngineOptions = {},
): Engine {
  if (backend === 'webgpu') {
    throw new Error(
      `the ${kind} engine on webgpu needs a GPU device: use createEngineAsync('${kind}', 'webgpu')`,
    );
  }
  const factory = backend === 'cpu' ? CPU_ENGINES[kind] : undefined;
  if (!factory) throw new Error(`no ${kind} engine for backend '${String(backend)}'`);
  return factory(options);
}

/**
 * Any engine. For 'webgpu' loads src/engine/webgpu/index.ts on demand (which acquires the
 * device): a literal specifier, so Vite bundles it as a chunk of its own and Node loads it
 * only when asked.
 */
export async function createEngineAsync(
  kind: EngineKind,
  backend: Backend = 'cpu',
  options: EngineOptions = {},
): Promise<Engine> {
  if (backend !== 'webgpu') return createEngine(kind, backend, options);
  let mod: typeof import('./webgpu/index.ts');
  try {
    mod = await import('./webgpu/index.ts');
  } catch (e) {
    throw new Error(`the webgpu backend is not available: ${e instanceof Error ? e.message : String(e)}`, {
      cause: e,
    });
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
  /** The per-layer quantities the run asked for, whole-run arrays laid out as PER_LAYER describes. */
  perLayer: PerLayer;
}

/** Run a whole ensemble and concatenate its chunks (in network order). */
export async function collect(engine: Engine, spec: RunSpec, options?: RunOptions): Promise<Collected> {
  const k = spec.model.inputGram.length;
  const outputs = new Float64Array(spec.networks * k);
  const gram = new Float64Array(spec.networks * k * k);
  const perLayer = new PerLayerConcat(spec.networks, spec.model.hiddenWidths.length + 1, k);
  for await (const chunk of engine.run(spec, options)) {
    outputs.set(chunk.outputs, chunk.start * k);
    gram.set(chunk.gram, chunk.start * k * k);
    perLayer.add(chunk.start, chunk.perLayer);
  }
  return { networks: spec.networks, inputs: k, outputs, gram, perLayer: perLayer.result() };
}
