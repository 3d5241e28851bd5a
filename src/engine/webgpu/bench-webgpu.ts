/**
 * Throughput of the WebGPU engines for bench/run.ts: networks/s, normals/s, weight-MACs/s
 * (explicit) and the largest buffer allocated, at given sizes.
 *
 *   const rows = await benchWebGpu({ widths: [256, 1024], depth: 3, networks: 2000 });
 */
import { resolveSpec } from '../spec.ts';
import { adapterLine } from '../../gpu/device.ts';
import { ExactWebGpuEngine } from './exact-webgpu.ts';
import { ExplicitWebGpuEngine } from './explicit-webgpu.ts';
import type { WebGpuEngineOptions } from './session.ts';

export interface WebGpuBenchRow {
  engine: 'exact' | 'explicit';
  backend: 'webgpu';
  adapter: string;
  software: boolean;
  width: number;
  depth: number;
  inputs: number;
  networks: number;
  seconds: number;
  networksPerSecond: number;
  normalsPerSecond: number;
  /** Weight multiply-adds per second (weights x inputs); null for the exact engine. */
  weightMacsPerSecond: number | null;
  largestBufferBytes: number;
}

export interface WebGpuBenchOptions extends WebGpuEngineOptions {
  widths: number[];
  depth: number;
  networks: number;
  activation?: string;
  /** Two correlated inputs instead of one. */
  twoInputs?: boolean;
  engines?: ('exact' | 'explicit')[];
  /** Networks for the explicit engine (it is ~width times slower); default networks / 10. */
  explicitNetworks?: number;
}

export async function benchWebGpu(options: WebGpuBenchOptions): Promise<WebGpuBenchRow[]> {
  const rows: WebGpuBenchRow[] = [];
  for (const kind of options.engines ?? ['exact', 'explicit']) {
    const engine = kind === 'exact' ? new ExactWebGpuEngine(options) : new ExplicitWebGpuEngine(options);
    const gpu = await engine.session.context();
    for (const width of options.widths) {
      const networks = kind === 'exact' ? options.networks : (options.explicitNetworks ?? Math.max(1, Math.floor(options.networks / 10)));
      const spec = resolveSpec({
        activation: options.activation ?? 'relu',
        width,
        depth: options.depth,
        networks,
        seed: 1,
        inputsCorrelation: options.twoInputs ? 0.5 : undefined,
      });
      const k = spec.model.inputGram.length;
      // Warm-up: compiles the pipelines and lets the pacer find its rate.
      for await (const _ of engine.run({ ...spec, networks: Math.min(networks, 8) })) void _;
      const t0 = performance.now();
      for await (const _ of engine.run(spec)) void _;
      const seconds = (performance.now() - t0) / 1000;
      const units = spec.model.hiddenWidths.reduce((a, b) => a + b, 0);
      const weights = ExplicitWebGpuEngine.weightsPerNetwork(spec.model);
      const normals = kind === 'exact' ? networks * (units * k + k) : networks * (weights + units + 1);
      rows.push({
        engine: kind,
        backend: 'webgpu',
        adapter: adapterLine(gpu.adapter),
        software: gpu.adapter.software,
        width,
        depth: options.depth,
        inputs: k,
        networks,
        seconds,
        networksPerSecond: networks / seconds,
        normalsPerSecond: normals / seconds,
        weightMacsPerSecond: kind === 'explicit' ? (networks * weights * k) / seconds : null,
        largestBufferBytes: engine.session.largestBuffer,
      });
    }
    engine.session.destroy();
  }
  return rows;
}
