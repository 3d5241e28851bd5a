/**
 * `widelab simulate`: run an ensemble on the chosen engine and backend and print the measured
 * moments beside the theory for the same model.
 */
import { availableParallelism } from 'node:os';
import { cpuAdapter } from './adapters.ts';
import { resolveSpec } from '../engine/spec.ts';
import { createEngineAsync, type Engine } from '../engine/index.ts';
import { theoryReport } from '../theory/report.ts';
import type { SimulateArgs } from './args.ts';
import type { Io } from './io.ts';
import { describeConfig } from './config-json.ts';
import { nullMomentWarnings, outputTheory, overflowWarning, runEnsemble, slowRunNote } from './ensemble.ts';
import { progressReporter } from './progress.ts';

export async function runSimulate(args: SimulateArgs, io: Io) {
  const spec = resolveSpec(args.spec);
  const started = performance.now();
  const engine = await createEngineAsync(args.engine, args.backend);
  const slow = slowRunNote(spec, args.engine);
  if (slow !== null && args.progress !== 'never') io.stderr(`widelab: note: ${slow}\n`);

  const progress = progressReporter(args.progress, io);
  const outputs = await runEnsemble(spec, engine, {
    threads: args.threads,
    samples: args.samples,
    progress,
  }).finally(() => progress.finish());
  const k = outputs.length;

  const theory = theoryReport(spec.model);
  const { values, warning: theoryOverflow } = outputTheory(theory);
  // Missing or overflowed numbers are said on stderr too; the theory's remarks stay in the JSON.
  const problems = [
    overflowWarning(outputs, spec.networks),
    ...nullMomentWarnings(outputs),
    theoryOverflow,
  ].filter((w): w is string => w !== null);
  for (const w of problems) io.stderr(`widelab: warning: ${w}\n`);
  const warnings = theory.warning ? [...problems, theory.warning] : problems;
  return {
    command: 'simulate',
    config: describeConfig(spec),
    engine: { kind: engine.kind, description: engine.describe(spec) },
    backend: engine.backend,
    adapter: adapterOf(engine, args.threads),
    networks: spec.networks,
    output: outputs[0],
    ...(k > 1 ? { outputs } : {}),
    theory: values,
    warnings,
    samplesFile: args.samples ?? null,
    wallTimeSeconds: (performance.now() - started) / 1000,
  };
}

export function adapterOf(engine: Engine, threads: number | undefined) {
  // GPU engines describe their adapter (vendor, architecture, description, software or not).
  const gpu = engine.adapterInfo?.();
  if (gpu !== undefined) return { type: 'webgpu', ...gpu };
  return cpuAdapter(threads ?? availableParallelism());
}
