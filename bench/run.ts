/**
 * `npm run bench`: throughput of the generator and the CPU engines, how their cost grows with
 * width, and the NumPy peer a researcher would write, all measured in this one run on this
 * machine. One JSON document on stdout (also bench/results/latest.json); progress on stderr.
 *
 * `--quick` shortens every case (a smoke run of the benchmark itself, not numbers to quote).
 * `--webgpu-only` skips the CPU sections (a lent GPU's minutes go to the GPU figures; the
 * GPU/CPU ratios are then null).
 * Never part of `npm test`'s pass/fail.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../src/engine/index.ts';
import { benchGenerator } from './generator-bench.ts';
import { benchEngineNormals } from './normal-source-bench.ts';
import { benchTheory } from './theory-bench.ts';
import { benchTraining } from './train-bench.ts';
import { resolveSpec, type ModelSpec, type SpecInput } from '../src/engine/spec.ts';
import type { EngineKind } from '../src/engine/types.ts';
import { calibrate, medianBy, progress, timeRun, type Timed } from './measure.ts';

const quick = process.argv.includes('--quick');
const webGpuOnly = process.argv.includes('--webgpu-only');
/** Seconds each calibrated case aims for. */
const TARGET_SECONDS = quick ? 0.5 : 3;
const DEPTH = 10;
/** The comparison: tanh, n = 1024, L = 10, 20,000 networks, one input. */
const PEER_WIDTH = 1024;
const PEER_NETWORKS = quick ? 2000 : 20_000;
/** Alternating NumPy/engine rounds of the comparison; the medians are compared. */
const COMPARISON_ROUNDS = quick ? 1 : 3;
const allThreads = os.availableParallelism();
const threadCounts = allThreads > 1 ? [1, allThreads] : [1];

interface Unavailable {
  result: null;
  reason: string;
}
const unavailable = (reason: string): Unavailable => ({ result: null, reason });
const isUnavailable = (x: object): x is Unavailable => 'result' in x && x.result === null && 'reason' in x;
const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

const tanhModel = (width: number): SpecInput => ({ activation: 'tanh', width, depth: DEPTH });

/** Standard normals one network consumes in the exact engine, per input: one per hidden unit, one output. */
const exactNormals = (m: ModelSpec): number => m.hiddenWidths.reduce((a, n) => a + n, 0) + 1;

/** Weight multiply-adds of one network per input: n_{l-1} n_l summed over layers (n_0 = k, n_L = 1). */
function weightMacs(m: ModelSpec): number {
  const widths = [m.inputDim, ...m.hiddenWidths, 1];
  let macs = 0;
  for (let l = 1; l < widths.length; l++) macs += widths[l - 1] * widths[l];
  return macs;
}

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: allThreads,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    date: new Date().toISOString(),
    // Other work on the machine skews every figure here: compare with loadAverageAtEnd.
    loadAverageAtStart: os.loadavg()[0],
  };
}

async function generator(): Promise<unknown> {
  progress('generator (one core)');
  try {
    // fillNormals (the reference JS path) and the engines' own source (WebAssembly SIMD).
    return {
      threads: 1,
      ...benchGenerator(quick ? 300 : 1000),
      engineSource: benchEngineNormals(quick ? 300 : 1000),
    };
  } catch (e) {
    return unavailable(`generator benchmark failed: ${errorText(e)}`);
  }
}

/** The NumPy peer (bench/numpy_peer.py) on the comparison config; null result with the reason if it cannot run. */
function numpyPeer(
  cw: number,
  cb: number,
): (Record<string, unknown> & { networksPerSecond: number }) | Unavailable {
  const script = fileURLToPath(new URL('./numpy_peer.py', import.meta.url));
  const args = [script, '--activation', 'tanh', '--width', `${PEER_WIDTH}`, '--depth', `${DEPTH}`];
  args.push('--networks', `${PEER_NETWORKS}`, '--cw', `${cw}`, '--cb', `${cb}`, '--batch', '2000');
  progress(`numpy peer: tanh n=${PEER_WIDTH} L=${DEPTH}, ${PEER_NETWORKS} networks`);
  const r = spawnSync('python3', args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.error) return unavailable(`python3 could not be started: ${r.error.message}`);
  if (r.status !== 0) {
    const err = r.stderr.trim().split('\n').pop() ?? '';
    return unavailable(
      /No module named 'numpy'/.test(r.stderr) ? 'numpy is not installed' : `numpy_peer.py failed: ${err}`,
    );
  }
  return JSON.parse(r.stdout) as Record<string, unknown> & { networksPerSecond: number };
}

interface Case extends Timed {
  width: number;
  normalsPerSecond: number;
  weightMacsPerSecond?: number;
}

async function engineCase(
  kind: EngineKind,
  width: number,
  threads: number,
  networks?: number,
): Promise<Case> {
  const engine = createEngine(kind, 'cpu');
  const model = tanhModel(width);
  const m = networks ?? (await calibrate(engine, model, threads, TARGET_SECONDS));
  progress(`${kind} n=${width} L=${DEPTH}: ${m} networks on ${threads} thread(s)`);
  const spec = resolveSpec({ ...model, networks: m, seed: 1 });
  const t = await timeRun(engine, spec, threads);
  // Explicit: every weight, plus one bias per hidden and output unit (as many as exact's draws).
  const perNetworkNormals = exactNormals(spec.model) + (kind === 'explicit' ? weightMacs(spec.model) : 0);
  const c: Case = { width, ...t, normalsPerSecond: t.networksPerSecond * perNetworkNormals };
  if (kind === 'explicit') c.weightMacsPerSecond = t.networksPerSecond * weightMacs(spec.model);
  progress(`  ${t.seconds.toFixed(2)} s, ${t.networksPerSecond.toFixed(1)} networks/s`);
  return c;
}

/** Cost per network at the wider case over cost at the narrower one, per thread count. */
function growth(cases: Case[], from: number, to: number) {
  return threadCounts.map((threads) => {
    const a = cases.find((c) => c.width === from && c.threads === threads);
    const b = cases.find((c) => c.width === to && c.threads === threads);
    return { threads, from, to, costRatio: a && b ? a.networksPerSecond / b.networksPerSecond : null };
  });
}

async function section<T>(name: string, body: () => Promise<T>): Promise<T | Unavailable> {
  try {
    return await body();
  } catch (e) {
    progress(`${name} failed: ${errorText(e)}`);
    return unavailable(`${name} failed: ${errorText(e)}`);
  }
}

/** The run with the median throughput. */
const median = <T extends { networksPerSecond: number }>(runs: T[]): T =>
  medianBy(runs, (r) => r.networksPerSecond);

/**
 * The comparison: NumPy and the exact engine on the same config, in alternating rounds
 * (so a change in the machine's load hits both alike), medians compared.
 */
async function comparison(cw: number, cb: number) {
  await engineCase('exact', PEER_WIDTH, allThreads, Math.min(500, PEER_NETWORKS)); // warm-up, not reported
  const numpyRuns: (Record<string, unknown> & { networksPerSecond: number })[] = [];
  const engineRuns = new Map<number, Case[]>(threadCounts.map((t) => [t, []]));
  let numpyMissing: Unavailable | null = null;
  for (let round = 0; round < COMPARISON_ROUNDS; round++) {
    if (!numpyMissing) {
      const peer = numpyPeer(cw, cb);
      if (isUnavailable(peer)) numpyMissing = peer;
      else numpyRuns.push(peer);
    }
    for (const threads of threadCounts)
      engineRuns.get(threads)!.push(await engineCase('exact', PEER_WIDTH, threads, PEER_NETWORKS));
  }
  const engineCases = threadCounts.map((t) => median(engineRuns.get(t)!));
  const config = { activation: 'tanh', width: PEER_WIDTH, depth: DEPTH, networks: PEER_NETWORKS, cw, cb };
  if (numpyMissing) return { engineCases, report: { config, ...numpyMissing } };
  const numpy = median(numpyRuns);
  return {
    engineCases,
    report: {
      config,
      rounds: COMPARISON_ROUNDS,
      numpy,
      numpyNetworksPerSecondAllRounds: numpyRuns.map((r) => r.networksPerSecond),
      // Engine networks/s over NumPy's, medians of the rounds (NumPy's sampling and tanh use one core).
      ratios: threadCounts.map((threads, i) => {
        const e = engineCases[i];
        // Both sample the same distribution: their output variances should agree within a few SE.
        const z =
          (e.outputVariance - (numpy.outputVariance as number)) /
          Math.hypot(e.outputVarianceSE, numpy.outputVarianceSE as number);
        return {
          threads,
          engineOverNumpy: e.networksPerSecond / numpy.networksPerSecond,
          engineNetworksPerSecondAllRounds: engineRuns.get(threads)!.map((r) => r.networksPerSecond),
          outputVarianceZ: z,
        };
      }),
    },
  };
}

/** A CPU section, or why it is absent with --webgpu-only. */
function cpuSection<T>(name: string, body: () => Promise<T>): Promise<T | Unavailable> {
  return webGpuOnly ? Promise.resolve(unavailable('skipped (--webgpu-only)')) : section(name, body);
}

async function main(): Promise<void> {
  const peerSpec = resolveSpec({ ...tanhModel(PEER_WIDTH), networks: PEER_NETWORKS, seed: 1 });
  const result: Record<string, unknown> = {
    machine: machine(),
    settings: {
      quick,
      webGpuOnly,
      targetSecondsPerCase: TARGET_SECONDS,
      depth: DEPTH,
      inputs: 1,
      activation: 'tanh',
    },
  };
  result.generator = webGpuOnly ? unavailable('skipped (--webgpu-only)') : await generator();
  result.theory = await cpuSection('theory', async () => benchTheory(quick));
  result.training = await cpuSection('training', async () => benchTraining(quick));

  // The exact engine at n = 1024 runs on the peer's config, so the comparison's engine runs are
  // also the exact engine's n = 1024 cases.
  const exactCases: Case[] = [];
  result.numpyPeer = await cpuSection('numpy comparison', async () => {
    const c = await comparison(peerSpec.model.cw, peerSpec.model.cb);
    exactCases.push(...c.engineCases);
    return c.report;
  });

  result.exact = await cpuSection('exact engine', async () => {
    for (const threads of threadCounts) exactCases.push(await engineCase('exact', 4 * PEER_WIDTH, threads));
    return { cases: exactCases, growth: growth(exactCases, PEER_WIDTH, 4 * PEER_WIDTH), expectedGrowth: 4 };
  });

  result.explicit = await cpuSection('explicit engine', async () => {
    const cases: Case[] = [];
    for (const width of [256, 1024])
      for (const threads of threadCounts) cases.push(await engineCase('explicit', width, threads));
    return { cases, growth: growth(cases, 256, 1024), expectedGrowth: 16 };
  });

  (result.machine as Record<string, unknown>).loadAverageAtEnd = os.loadavg()[0];
  // WebGPU: sizes for the adapter at hand (--gpu-sizes=auto|small|large|none or WIDELAB_GPU_SIZES;
  // auto: small on a software adapter, large with the goal run on a real GPU).
  result.webgpu = await section('webgpu engines', async () => {
    const arg = process.argv.find((a) => a.startsWith('--gpu-sizes='))?.slice('--gpu-sizes='.length);
    const sizes = arg ?? process.env.WIDELAB_GPU_SIZES ?? 'auto';
    if (!['auto', 'small', 'large', 'none'].includes(sizes))
      throw new Error(`--gpu-sizes must be auto, small, large or none, got '${sizes}'`);
    const { webGpuBenchSection } = await import('./webgpu-bench.ts');
    const cpuCases = (r: unknown) =>
      r && typeof r === 'object' && 'cases' in r ? (r as { cases: Case[] }).cases : null;
    return webGpuBenchSection({
      sizes: sizes as 'auto' | 'small' | 'large' | 'none',
      quick,
      depth: DEPTH,
      activation: 'tanh',
      cpu: { exact: cpuCases(result.exact), explicit: cpuCases(result.explicit) },
      log: progress,
    });
  });

  const json = JSON.stringify(result, null, 2);
  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}latest.json`, `${json}\n`);
  process.stdout.write(`${json}\n`);
  progress(`written to bench/results/latest.json`);
}

await main();
