/**
 * Throughput of the WebGPU engines for bench/run.ts: networks/s, normals/s, weight-MACs/s
 * (explicit) and the largest buffer allocated, at given sizes; `webGpuBenchSection` builds the
 * benchmark's `webgpu` section (sizes for the adapter at hand, cost at n and 4n, GPU/CPU
 * ratios against the CPU figures of the same run).
 *
 *   const rows = await benchWebGpu({ cases: [{ engine: 'exact', width: 1024, depth: 10, networks: 2000 }] });
 */
import { resolveSpec } from '../src/engine/spec.ts';
import { adapterLine, requestGpu, type AdapterReport } from '../src/engine/webgpu/device.ts';
import { ExactWebGpuEngine } from '../src/engine/webgpu/exact-webgpu.ts';
import { ExplicitWebGpuEngine } from '../src/engine/webgpu/explicit-webgpu.ts';
import type { WebGpuEngineOptions } from '../src/engine/webgpu/session.ts';

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

export interface WebGpuBenchCase {
  engine: 'exact' | 'explicit';
  width: number;
  depth: number;
  networks: number;
}

export interface WebGpuBenchOptions extends WebGpuEngineOptions {
  cases: WebGpuBenchCase[];
  activation?: string;
  /** Two correlated inputs instead of one. */
  twoInputs?: boolean;
  /** Progress lines (stderr in the benchmark). */
  log?: (message: string) => void;
}

export async function benchWebGpu(options: WebGpuBenchOptions): Promise<WebGpuBenchRow[]> {
  const rows: WebGpuBenchRow[] = [];
  for (const kind of ['exact', 'explicit'] as const) {
    const cases = options.cases.filter((c) => c.engine === kind);
    if (!cases.length) continue;
    const engine = kind === 'exact' ? new ExactWebGpuEngine(options) : new ExplicitWebGpuEngine(options);
    const gpu = await engine.session.context();
    for (const { width, depth, networks } of cases) {
      options.log?.(`webgpu ${kind} n=${width} L=${depth}: ${networks} networks`);
      const spec = resolveSpec({
        activation: options.activation ?? 'tanh',
        width,
        depth,
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
      // Exact: one normal per hidden unit and input, k for the output; explicit: every weight
      // and bias (as the CPU bench counts them).
      const normals = kind === 'exact' ? networks * (units * k + k) : networks * (weights + units + 1);
      rows.push({
        engine: kind,
        backend: 'webgpu',
        adapter: adapterLine(gpu.adapter),
        software: gpu.adapter.software,
        width,
        depth,
        inputs: k,
        networks,
        seconds,
        networksPerSecond: networks / seconds,
        normalsPerSecond: normals / seconds,
        weightMacsPerSecond: kind === 'explicit' ? (networks * weights * k) / seconds : null,
        largestBufferBytes: engine.session.largestBuffer,
      });
      options.log?.(`  ${seconds.toFixed(3)} s, ${(networks / seconds).toFixed(1)} networks/s`);
    }
    engine.session.destroy();
    engine.session.gpu?.device.destroy();
  }
  return rows;
}

/** A CPU case of the same run (bench/run.ts `Case`): what the ratios need. */
export interface CpuFigure {
  width: number;
  threads: number;
  networksPerSecond: number;
  normalsPerSecond: number;
}

export type GpuSizes = 'auto' | 'small' | 'large' | 'none';

/**
 * Sizes per adapter. 'small' (a software adapter: SwiftShader takes about a minute for all):
 * exact n = 256, 1024 (a few hundred networks), explicit n = 64, 256 (~20 networks). 'large'
 * (a real GPU): n = 1024, 4096, 16384 for both, and the exact engine at the goal,
 * n = 16384, L = 50, 10,000 networks.
 */
export function benchCases(
  sizes: 'small' | 'large',
  depth: number,
  quick: boolean,
): { cases: WebGpuBenchCase[]; goal: WebGpuBenchCase | null } {
  if (sizes === 'small') {
    const exactNets = quick ? 48 : 300;
    const explicitNets = quick ? 6 : 20;
    return {
      cases: [
        { engine: 'exact', width: 256, depth, networks: exactNets },
        { engine: 'exact', width: 1024, depth, networks: exactNets },
        { engine: 'explicit', width: 64, depth, networks: explicitNets },
        { engine: 'explicit', width: 256, depth, networks: explicitNets },
      ],
      goal: null,
    };
  }
  const cases: WebGpuBenchCase[] = [];
  for (const width of [1024, 4096, 16384]) {
    cases.push({ engine: 'exact', width, depth, networks: quick ? 1000 : 10_000 });
    // Explicit: about 2e10 (quick 2e9) weight draws per case, 4 to 2000 networks.
    const weights = (depth - 1) * width * width;
    cases.push({
      engine: 'explicit',
      width,
      depth,
      networks: Math.max(4, Math.min(2000, Math.round((quick ? 2e9 : 2e10) / weights))),
    });
  }
  return { cases, goal: { engine: 'exact', width: 16384, depth: 50, networks: 10_000 } };
}

/** Cost per network at `to` over cost at `from` (the ideal: 4 for exact, 16 for explicit at 4x width). */
function growth(
  rows: WebGpuBenchRow[],
  engine: 'exact' | 'explicit',
  from: number,
  to: number,
  expected: number,
) {
  const a = rows.find((r) => r.engine === engine && r.width === from);
  const b = rows.find((r) => r.engine === engine && r.width === to);
  return { engine, from, to, costRatio: a && b ? a.networksPerSecond / b.networksPerSecond : null, expected };
}

/**
 * GPU over CPU for each GPU case: networks/s at the same width where the CPU ran it, else
 * normals/s against the CPU case of the nearest width (normals/s depends little on width).
 * The CPU figure is the one with the most threads.
 */
function ratios(rows: WebGpuBenchRow[], cpu: Record<'exact' | 'explicit', CpuFigure[] | null>) {
  return rows.map((r) => {
    const figures = cpu[r.engine];
    if (!figures?.length)
      return {
        engine: r.engine,
        width: r.width,
        cpuWidth: null,
        networksPerSecondRatio: null,
        normalsPerSecondRatio: null,
      };
    const threads = Math.max(...figures.map((f) => f.threads));
    const pool = figures.filter((f) => f.threads === threads);
    const nearest = pool.reduce((best, f) =>
      Math.abs(Math.log(f.width / r.width)) < Math.abs(Math.log(best.width / r.width)) ? f : best,
    );
    return {
      engine: r.engine,
      width: r.width,
      cpuWidth: nearest.width,
      cpuThreads: threads,
      networksPerSecondRatio:
        nearest.width === r.width ? r.networksPerSecond / nearest.networksPerSecond : null,
      normalsPerSecondRatio: r.normalsPerSecond / nearest.normalsPerSecond,
    };
  });
}

/** The benchmark's `webgpu` section. Throws (the caller records why) when there is no WebGPU. */
export async function webGpuBenchSection(options: {
  sizes: GpuSizes;
  quick: boolean;
  depth: number;
  activation: string;
  cpu: Record<'exact' | 'explicit', CpuFigure[] | null>;
  log?: (message: string) => void;
}) {
  const probe = await requestGpu();
  const adapter: AdapterReport = probe.adapter;
  probe.device.destroy();
  const sizes = options.sizes === 'auto' ? (adapter.software ? 'small' : 'large') : options.sizes;
  if (sizes === 'none') return { result: null, reason: 'skipped (--gpu-sizes=none)', adapter };
  const { cases, goal } = benchCases(sizes, options.depth, options.quick);
  const log = options.log;
  const rows = await benchWebGpu({ cases, activation: options.activation, log });
  const widths = (e: 'exact' | 'explicit') => rows.filter((r) => r.engine === e).map((r) => r.width);
  const growthRows = (['exact', 'explicit'] as const).flatMap((e) => {
    const w = widths(e);
    return w.filter((n) => w.includes(4 * n)).map((n) => growth(rows, e, n, 4 * n, e === 'exact' ? 4 : 16));
  });
  let goalRow = null;
  if (goal) {
    const [row] = await benchWebGpu({ cases: [goal], activation: options.activation, log });
    goalRow = { ...row, target: 'n = 16384, L = 50, 10,000 networks in under 1 s', met: row.seconds < 1 };
  }
  return {
    adapter: { ...adapter, line: adapterLine(adapter) },
    software: adapter.software,
    sizes,
    settings: { activation: options.activation, inputs: 1, quick: options.quick },
    cases: rows,
    growth: growthRows,
    gpuOverCpu: ratios(rows, options.cpu),
    goal: goalRow,
    training: await (await import('./gpu-train-bench.ts')).benchGpuTraining(sizes),
  };
}
