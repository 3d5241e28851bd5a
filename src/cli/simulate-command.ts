/**
 * `widelab simulate`: run an ensemble on the chosen engine and backend, stream the outputs
 * into float64 accumulators (and optionally a samples file), and print the measured moments
 * beside the theory for the same model.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { resolveSpec, type RunSpec } from '../engine/spec.ts';
import { createEngineAsync, type Engine } from '../engine/index.ts';
import { Moments, MixtureMoments } from '../stats/index.ts';
import { theoryReport } from '../theory/report.ts';
import { UsageError, type SimulateArgs } from './args.ts';
import type { Io } from './io.ts';
import { describeConfig } from './config-json.ts';

interface Estimate {
  value: number;
  se: number;
}

interface OutputStats {
  input: number;
  count: number;
  mean: Estimate;
  variance: Estimate;
  skewness: Estimate;
  excessKurtosis: Estimate;
  /** From the per-network conditional variance G: Var z = E G, E z^4 = 3 E G^2. */
  raoBlackwell: { variance: Estimate; excessKurtosis: Estimate };
  /** Networks whose output overflowed to Infinity or NaN (left out of the moments). */
  nonFinite: number;
}

/** Networks x work per network beyond which we warn that the run will take a long time. */
const SLOW_WORK = 5e11;

export async function runSimulate(args: SimulateArgs, io: Io) {
  const spec = resolveSpec(args.spec);
  const started = performance.now();
  const engine = await createEngineAsync(args.engine, args.backend);
  warnIfSlow(spec, args.engine, io);

  const k = spec.model.inputGram.length;
  const moments = Array.from({ length: k }, () => new Moments());
  const mixtures = Array.from({ length: k }, () => new MixtureMoments());
  const nonFinite = new Array<number>(k).fill(0);
  const samples = args.samples === undefined ? undefined : openSamples(args.samples);
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  try {
    for await (const chunk of engine.run(spec, { signal: controller.signal, threads: args.threads })) {
      for (let net = 0; net < chunk.count; net++) {
        for (let a = 0; a < k; a++) {
          const z = chunk.outputs[net * k + a];
          const g = chunk.gram[(net * k + a) * k + a];
          if (Number.isFinite(z) && Number.isFinite(g)) {
            moments[a].add(z);
            mixtures[a].add(g);
          } else {
            nonFinite[a]++;
          }
        }
      }
      if (samples !== undefined) writeSamples(samples, chunk.outputs, chunk.count, k);
    }
  } finally {
    process.off('SIGINT', onSignal);
    if (samples !== undefined) closeSync(samples);
  }

  const outputs: OutputStats[] = moments.map((m, a) => summarizeOutput(a, m, mixtures[a], nonFinite[a]));
  const theory = theoryReport(spec.model);
  const warnings: string[] = [];
  if (nonFinite.some((n) => n > 0)) {
    warnings.push(
      `${Math.max(...nonFinite)} of ${spec.networks} networks overflowed (Infinity/NaN) and are left out of the moments: ` +
        'C_W and depth are beyond what float64 can hold',
    );
  }
  if (theory.warning) warnings.push(theory.warning);
  return {
    command: 'simulate',
    config: describeConfig(spec),
    engine: { kind: engine.kind, description: engine.describe(spec) },
    backend: engine.backend,
    adapter: adapterOf(engine, args.threads),
    networks: spec.networks,
    output: outputs[0],
    ...(k > 1 ? { outputs } : {}),
    theory: {
      K: theory.output.K,
      kurtosisLeading: theory.output.kurtosisLeading,
      kurtosisExact: theory.output.kurtosisExact,
      varianceExact: theory.output.varianceExact,
    },
    warnings,
    samplesFile: args.samples ?? null,
    wallTimeSeconds: (performance.now() - started) / 1000,
  };
}

function estimate(value: number, se: number): Estimate {
  return { value, se };
}

function summarizeOutput(input: number, m: Moments, g: MixtureMoments, nonFinite: number): OutputStats {
  const s = m.summary();
  const rb = g.summary();
  return {
    input,
    count: s.count,
    mean: estimate(s.mean, s.meanSE),
    variance: estimate(s.variance, s.varianceSE),
    skewness: estimate(s.skewness, s.skewnessSE),
    excessKurtosis: estimate(s.excessKurtosis, s.excessKurtosisSE),
    raoBlackwell: {
      variance: estimate(rb.variance, rb.varianceSE),
      excessKurtosis: estimate(rb.excessKurtosis, rb.excessKurtosisSE),
    },
    nonFinite,
  };
}

function adapterOf(engine: Engine, threads: number | undefined) {
  // GPU engines describe their adapter (vendor, architecture, description, software or not).
  const gpu = engine.adapterInfo?.();
  if (gpu !== undefined) return { type: 'webgpu', ...gpu };
  return {
    type: 'cpu',
    description: cpus()[0]?.model ?? 'unknown CPU',
    threads: threads ?? availableParallelism(),
  };
}

function openSamples(path: string): number {
  try {
    return openSync(path, 'w');
  } catch (e) {
    const reason = e instanceof Error && 'code' in e ? String((e as NodeJS.ErrnoException).code) : String(e);
    throw new UsageError(`cannot write --samples file '${path}' (${reason})`);
  }
}

/** One line per network, its k outputs separated by tabs, each in shortest round-trip form. */
function writeSamples(fd: number, outputs: Float64Array, count: number, k: number): void {
  const lines: string[] = new Array(count);
  for (let net = 0; net < count; net++) {
    let line = String(outputs[net * k]);
    for (let a = 1; a < k; a++) line += `\t${outputs[net * k + a]}`;
    lines[net] = line;
  }
  writeSync(fd, `${lines.join('\n')}\n`);
}

function warnIfSlow(spec: RunSpec, kind: 'exact' | 'explicit', io: Io): void {
  const m = spec.model;
  const widths = [m.inputDim, ...m.hiddenWidths, 1];
  let perNetwork = 0;
  for (let l = 1; l < widths.length; l++)
    perNetwork += kind === 'explicit' ? widths[l] * widths[l - 1] : widths[l];
  const work = perNetwork * m.inputGram.length * spec.networks;
  if (work > SLOW_WORK) {
    io.stderr(
      `widelab: note: about ${work.toExponential(1)} ${kind === 'explicit' ? 'weight draws' : 'unit draws'}; ` +
        'this will take a long time (Ctrl-C cancels)\n',
    );
  }
}
