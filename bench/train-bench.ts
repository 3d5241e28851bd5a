/**
 * The training engine's throughput beside the NumPy ensemble trainer a researcher writes
 * (bench/numpy_train_peer.py, float32 and float64), on one config: ReLU, circle6, depth 3 (one
 * n x n hidden layer), measured in this run; how the cost grows from n to 2n and from M to 2M;
 * the NTK computation; memory per network. Network-steps per second: one gradient-descent step
 * of one network on all N training inputs, from the difference of a short and a long run (as
 * for the GPU trainer), so that drawing the weights and the NTKs, which the peer does not time,
 * cancel; `wholeRunNetworkStepsPerSecond` keeps them in.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { makeActivation } from '../src/theory/activations.ts';
import { dataset } from '../src/engine/training/datasets.ts';
import { initialNtk, trainNetwork, type TrainSpec } from '../src/engine/training/cpu-trainer.ts';
import { denseKernels, type DenseKernels } from '../src/engine/training/dense-kernels.ts';
import { trainEnsemble } from '../src/engine/training/train-runner.ts';
import { defaultThreads } from '../src/engine/cpu/node-pool.ts';
import { medianBy, progress } from './measure.ts';

const circle6 = dataset('circle6');

/** The bench config (ReLU, circle6, depth 3), shared with bench/gpu-train-bench.ts. */
export function spec(width: number, steps: number): TrainSpec {
  return {
    activation: makeActivation('relu'),
    inputs: circle6.x,
    targets: circle6.y,
    tests: [],
    width,
    depth: 3,
    cw: 2,
    cb: 0,
    eta: 0.5,
    steps,
    logEvery: steps,
    l2: 0,
    l2Target: 'init',
    readoutOnly: false,
    layerNorm: false,
    dropout: 0,
    seed: 1,
  };
}

/** Multiply-adds of one step of one network: forward, backward and the weight gradient over N inputs. */
export function stepMacs(width: number, depth: number, n0: number, N: number): number {
  const weights = n0 * width + (depth - 2) * width * width + width;
  return 3 * weights * N;
}

/**
 * Steps of the short run; the long run has `steps` more. The step rate is taken from their
 * difference, so what a run costs once (drawing the weights, the NTK at the start and the end,
 * the weight change) cancels, as it does not enter the NumPy peer's timing (its steps only).
 */
const SHORT_STEPS = 5;

function cpuRun(width: number, networks: number, steps: number, kernels?: DenseKernels): number {
  const s = spec(width, steps);
  const t0 = performance.now();
  for (let n = 0; n < networks; n++) trainNetwork(s, n, kernels);
  return (performance.now() - t0) / 1000;
}

function cpuCase(width: number, networks: number, steps: number, kernels?: DenseKernels) {
  cpuRun(width, Math.min(4, networks), SHORT_STEPS + steps, kernels); // warm-up: the JIT, the heap's size
  const short = cpuRun(width, networks, SHORT_STEPS, kernels);
  const long = cpuRun(width, networks, SHORT_STEPS + steps, kernels);
  return caseResult(width, networks, steps, short, long);
}

/** A case from its short and long runs' seconds (`steps` apart). */
function caseResult(width: number, networks: number, steps: number, short: number, long: number) {
  const networkSteps = networks * steps;
  const stepSeconds = (long - short) / networkSteps;
  return {
    width,
    networks,
    steps,
    runSeconds: { [SHORT_STEPS]: short, [SHORT_STEPS + steps]: long },
    seconds: long - short,
    networkStepsPerSecond: networkSteps / (long - short),
    gflops: (2 * stepMacs(width, 3, 2, circle6.x.length) * networkSteps) / (long - short) / 1e9,
    // Per network, what a run costs besides its steps (the last one only records: counted as a step).
    fixedSecondsPerNetwork: short / networks - (SHORT_STEPS + 1) * stepSeconds,
    // The long run's network-steps (its steps + 1) over all of its time, fixed costs included.
    wholeRunNetworkStepsPerSecond: (networks * (SHORT_STEPS + steps + 1)) / long,
    // Stored weights and their initial copy, f64.
    bytesPerNetwork: 2 * 8 * (2 * width + width * width + width),
  };
}

function numpyCase(width: number, networks: number, steps: number, dtype: 'float32' | 'float64') {
  const script = fileURLToPath(new URL('./numpy_train_peer.py', import.meta.url));
  const r = spawnSync(
    'python3',
    [
      script,
      '--width',
      String(width),
      '--networks',
      String(networks),
      '--steps',
      String(steps),
      '--dtype',
      dtype,
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0)
    return { result: null, reason: (r.stderr || r.error?.message || 'failed').trim().split('\n').pop() };
  return JSON.parse(r.stdout) as Record<string, number | string>;
}

/** The ensemble on `threads` threads (the worker pool warmed up first, so start-up is not timed). */
async function threadedCase(width: number, networks: number, steps: number, threads: number) {
  const run = async (k: number) => {
    const t0 = performance.now();
    for await (const _ of trainEnsemble(spec(width, k), networks, { threads })) void _;
    return (performance.now() - t0) / 1000;
  };
  for await (const _ of trainEnsemble(spec(width, 1), 2 * threads, { threads })) void _;
  const short = await run(SHORT_STEPS);
  const long = await run(SHORT_STEPS + steps);
  return { threads, ...caseResult(width, networks, steps, short, long) };
}

/** The round with a case's median rate. */
const median = <T extends { networkStepsPerSecond: number }>(runs: T[]): T =>
  medianBy(runs, (r) => r.networkStepsPerSecond);

type Peer = ReturnType<typeof numpyCase>;

const peerRate = (r: Peer): number | null =>
  'networkStepsPerSecond' in r && typeof r.networkStepsPerSecond === 'number'
    ? r.networkStepsPerSecond
    : null;

/** The round with a peer's median rate, or its first failure (python3 or NumPy missing). */
function medianPeer(runs: Peer[]): Peer {
  return runs.find((r) => peerRate(r) === null) ?? medianBy(runs, (r) => peerRate(r)!);
}

export async function benchTraining(quick: boolean) {
  const width = quick ? 128 : 256;
  const networks = quick ? 16 : 64;
  const steps = quick ? 5 : 20;
  // The CPU's cases: steps between the short and the long run (longer than the peer's, as their
  // difference is what is timed; shorter, even a quick run's difference drowns in noise).
  const cpuSteps = 40;
  // The cases alternate over the rounds, so a change in the machine's load hits them alike, and
  // every ratio below is of two medians.
  const rounds = quick ? 1 : 3;
  progress(
    `training: CPU trainer and NumPy peer, ReLU n=${width} L=3 circle6, ${networks} networks x ${steps} steps, ${rounds} rounds`,
  );
  const runs = {
    cpu: [] as ReturnType<typeof cpuCase>[],
    wide: [] as ReturnType<typeof cpuCase>[],
    more: [] as ReturnType<typeof cpuCase>[],
    js: [] as ReturnType<typeof cpuCase>[],
    f32: [] as Peer[],
    f64: [] as Peer[],
  };
  for (let round = 0; round < rounds; round++) {
    runs.cpu.push(cpuCase(width, networks, cpuSteps));
    runs.f32.push(numpyCase(width, networks, steps, 'float32'));
    runs.f64.push(numpyCase(width, networks, steps, 'float64'));
    runs.wide.push(cpuCase(2 * width, networks / 2, cpuSteps));
    runs.more.push(cpuCase(width, 2 * networks, cpuSteps));
    // WebAssembly SIMD (f64x2, the default kernels) over the same loops in JavaScript.
    runs.js.push(cpuCase(width, networks / 4, cpuSteps, denseKernels('js')));
    progress(`  round ${round + 1}: ${runs.cpu[round].networkStepsPerSecond.toFixed(0)} network-steps/s`);
  }
  const cpu = median(runs.cpu);
  const [wide, more, js] = [median(runs.wide), median(runs.more), median(runs.js)];
  const [f32, f64] = [medianPeer(runs.f32), medianPeer(runs.f64)];
  const ratio = (peer: Peer) => {
    const rate = peerRate(peer);
    return rate === null ? null : cpu.networkStepsPerSecond / rate;
  };
  const threads = Math.max(2, defaultThreads());
  const threaded = await threadedCase(width, 2 * networks, cpuSteps, threads);
  const ntkT0 = performance.now();
  const ntkNetworks = quick ? 10 : 100;
  const s = spec(width, 0);
  for (let n = 0; n < ntkNetworks; n++) initialNtk(s, circle6.x, n);
  const ntkSeconds = (performance.now() - ntkT0) / 1000;
  return {
    config: {
      activation: 'relu',
      dataset: 'circle6',
      depth: 3,
      width,
      networks,
      steps,
      cpuSteps: [SHORT_STEPS, SHORT_STEPS + cpuSteps],
      threads: 1,
      rounds,
    },
    cpu,
    numpyFloat32: f32,
    numpyFloat64: f64,
    cpuJsKernels: js,
    simdOverJs: cpu.networkStepsPerSecond / js.networkStepsPerSecond,
    cpuThreaded: threaded,
    threadedOverOneThread: threaded.networkStepsPerSecond / cpu.networkStepsPerSecond,
    cpuOverNumpyFloat32: ratio(f32),
    cpuOverNumpyFloat64: ratio(f64),
    // Time per network-step from n to 2n (expected about 4: the hidden n x n layer dominates) and
    // from M to 2M (expected 1: each network trains alone), medians of the rounds.
    growthWidth2x: cpu.networkStepsPerSecond / wide.networkStepsPerSecond,
    growthNetworks2x: cpu.networkStepsPerSecond / more.networkStepsPerSecond,
    ntkAtInitNetworksPerSecond: ntkNetworks / ntkSeconds,
  };
}
