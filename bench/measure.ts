/**
 * Timing helpers for the benchmark: run an engine on a spec and count networks per second,
 * and size a run so that it lasts a few seconds on the machine at hand.
 */
import { resolveSpec, type RunSpec, type SpecInput } from '../src/engine/spec.ts';
import type { EnsembleChunk, Engine } from '../src/engine/types.ts';

export interface Timed {
  networks: number;
  threads: number;
  seconds: number;
  networksPerSecond: number;
  /** Mean of z_L^2 over networks and its standard error: a check that the run sampled what it should. */
  outputVariance: number;
  outputVarianceSE: number;
}

export function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/** Runs the whole ensemble, timing everything a user waits for (worker start-up included). */
export async function timeRun(engine: Engine, spec: RunSpec, threads: number): Promise<Timed> {
  let s1 = 0;
  let s2 = 0;
  let n = 0;
  const t0 = performance.now();
  for await (const chunk of engine.run(spec, { threads }) as AsyncGenerator<EnsembleChunk>) {
    // Input 0 of each network only: every case here has one input.
    for (let m = 0; m < chunk.count; m++) {
      const x = chunk.outputs[m * chunk.inputs];
      s1 += x * x;
      s2 += x * x * x * x;
    }
    n += chunk.count;
  }
  const seconds = (performance.now() - t0) / 1000;
  if (n !== spec.networks) throw new Error(`engine returned ${n} networks, expected ${spec.networks}`);
  const mean = s1 / n;
  const variance = n > 1 ? (s2 / n - mean * mean) * (n / (n - 1)) : NaN;
  return {
    networks: n,
    threads,
    seconds,
    networksPerSecond: n / seconds,
    outputVariance: mean,
    outputVarianceSE: Math.sqrt(variance / n),
  };
}

/**
 * Networks for a run of about `targetSeconds`: time growing pilot runs (which also warm up the
 * JIT and the workers) until one lasts long enough to extrapolate from.
 */
export async function calibrate(
  engine: Engine,
  model: SpecInput,
  threads: number,
  targetSeconds: number,
): Promise<number> {
  let networks = Math.max(2, threads);
  for (;;) {
    const t = await timeRun(engine, resolveSpec({ ...model, networks, seed: 99 }), threads);
    if (t.seconds >= Math.min(0.3, targetSeconds / 4) || networks >= 1e7) {
      return Math.max(threads, Math.round((networks / t.seconds) * targetSeconds));
    }
    networks *= 4;
  }
}

/** The run with the median `rate` of a case's rounds: robust to another process loading the machine for a while. */
export function medianBy<T>(runs: readonly T[], rate: (run: T) => number): T {
  return [...runs].sort((a, b) => rate(a) - rate(b))[(runs.length - 1) >> 1];
}
