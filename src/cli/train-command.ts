/**
 * `widelab train`: an ensemble of networks trained by full-batch gradient descent (NTK
 * parameterization, THEORY.md 6a) beside the infinite-width prediction for the same data,
 * learning rate and steps. JSON on stdout.
 *
 *   widelab train --dataset circle6 --width 256 --depth 3 --networks 64 --steps 200
 */
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  DatasetError,
  dataset as builtInDataset,
  parseDatasetCsv,
  parseTestPoints,
  testAngles,
  type Dataset,
} from '../engine/training/datasets.ts';
import { loggedSteps, type NetworkTrace, type TrainSpec } from '../engine/training/cpu-trainer.ts';
import { trainEnsemble } from '../engine/training/train-runner.ts';
import { TrainedEnsembleSummary } from '../engine/training/ensemble-summary.ts';
import {
  SingularKernelError,
  learningRateMax,
  trainedEnsemble,
  trainingKernels,
} from '../theory/training.ts';
import { UsageError, finiteOrNull } from './usage.ts';
import { TRAIN_DEFAULTS, trainedModel, type TrainArgs } from './train-args.ts';
import type { Io } from './io.ts';
import { progressReporter } from './progress.ts';
import { cpuAdapter, withGpuTrainer } from './adapters.ts';
import { trainWidthSweep } from './train-sweep.ts';

async function loadDataset(name: string): Promise<Dataset> {
  try {
    if (/\.(csv|txt|tsv)$/i.test(name) || name.includes('/')) {
      let text: string;
      try {
        text = await readFile(name, 'utf8');
      } catch {
        throw new UsageError(`--dataset ${name}: cannot read the file`);
      }
      return parseDatasetCsv(text, basename(name));
    }
    return builtInDataset(name);
  } catch (e) {
    if (e instanceof DatasetError) throw new UsageError(e.message);
    throw e;
  }
}

/** Test inputs as given, else midway between neighbouring training inputs (circle data sets: angles). */
function testInputs(args: TrainArgs, d: Dataset): number[][] {
  try {
    if (args.testPoints !== undefined) return parseTestPoints(args.testPoints, d);
    if (args.testAngles !== undefined) return testAngles(d, args.testAngles);
  } catch (e) {
    if (e instanceof DatasetError) throw new UsageError(e.message);
    throw e;
  }
  if (d.circle) {
    const phis = d.x.map(([a, b]) => Math.atan2(b, a)).sort((p, q) => p - q);
    return phis.slice(0, 3).map((p, i) => {
      const next = phis[i + 1] ?? p + 2 * Math.PI;
      const mid = (p + next) / 2;
      return [Math.cos(mid), Math.sin(mid)];
    });
  }
  if (d.x[0].length === 1) {
    const xs = d.x.map((v) => v[0]).sort((p, q) => p - q);
    return xs.slice(0, -1).map((v, i) => [(v + xs[i + 1]) / 2]);
  }
  return [];
}

export async function runTrain(args: TrainArgs, io: Io) {
  const started = performance.now();
  const d = await loadDataset(args.dataset);
  const model = trainedModel(args);
  const tests = testInputs(args, d);
  if (args.widths !== undefined) return trainWidthSweep(args, args.widths, d, model, tests, io);
  // LayerNorm's infinite-width kernels are the normalized recursion (theory/kernels.ts); dropout has none here.
  const o = {
    cw: model.cw,
    cb: model.cb,
    normalization: args.layerNorm ? ('layer' as const) : ('none' as const),
  };
  const kernels = trainingKernels(model.activation, d.x, tests, args.depth, o);
  const variant = { readoutOnly: args.readoutOnly, l2: args.l2 };
  const etaMax = learningRateMax(kernels, variant);
  const eta = args.lr ?? (args.lrFraction ?? TRAIN_DEFAULTS.lrFraction) * etaMax;
  const spec: TrainSpec = {
    activation: model.activation,
    inputs: d.x,
    targets: d.y,
    tests,
    width: args.width,
    depth: args.depth,
    cw: model.cw,
    cb: model.cb,
    eta,
    steps: args.steps,
    logEvery: args.logEvery,
    l2: args.l2,
    l2Target: args.l2Target,
    readoutOnly: args.readoutOnly,
    layerNorm: args.layerNorm,
    dropout: args.dropout,
    seed: args.seed,
  };
  const steps = loggedSteps(args.steps, args.logEvery);
  const summary = new TrainedEnsembleSummary(steps.length, tests.length, args.depth, d.x.length);
  const progress = progressReporter(args.progress, io);
  const finals: number[][] = [];
  const record = (trace: NetworkTrace) => {
    summary.add(trace);
    if (args.samples !== undefined)
      finals.push(Array.from(trace.test.subarray((steps.length - 1) * tests.length)));
  };
  let adapter: Record<string, unknown> = cpuAdapter(1);
  let largestBuffer: number | null = null;
  try {
    if (args.backend === 'webgpu') {
      await withGpuTrainer(async (trainer, gpuAdapter) => {
        adapter = gpuAdapter;
        for await (const chunk of trainer.run(spec, args.networks, {
          onProgress: (d, t) => progress.update(d, t),
        }))
          chunk.forEach(record);
        largestBuffer = trainer.largestBuffer;
      });
    } else {
      const run = trainEnsemble(spec, args.networks, {
        threads: args.threads,
        onThreads: (n) => (adapter.threads = n),
        onProgress: (d, t) => progress.update(d, t),
      });
      for await (const trace of run) record(trace);
    }
  } finally {
    progress.finish();
  }
  const s = summary.result();

  // The infinite-width prediction at every logged step; with L2 towards zero none is known.
  let theoryNote: string | null = null;
  // Dropout redraws its masks every step: gradient descent is then stochastic, and no prediction
  // (null, with a warning) is made for it. LayerNorm's is the normalized kernels' above.
  const modified = args.dropout > 0;
  const theory = steps.map((k) => {
    if (modified || (args.l2 > 0 && args.l2Target === 'zero')) return null;
    try {
      return trainedEnsemble(kernels, d.y, { eta, steps: k, ...variant });
    } catch (e) {
      if (e instanceof SingularKernelError) {
        theoryNote = e.message;
        return null;
      }
      throw e;
    }
  });
  if (args.l2 > 0 && args.l2Target === 'zero')
    theoryNote =
      'no infinite-width prediction for L2 towards zero (the linearized model does not hold there)';
  if (modified)
    theoryNote =
      "no infinite-width prediction with dropout (its masks make gradient descent stochastic): the theory fields are null, and eta_max is the network's without dropout";
  const warnings: string[] = [];
  if (theoryNote) warnings.push(theoryNote);
  if (eta >= etaMax)
    warnings.push(
      `the learning rate ${eta} is at or above eta_max = ${etaMax}: gradient descent diverges at infinite width`,
    );
  if (s.diverged.count > 0)
    warnings.push(
      `${s.diverged.count} of ${s.networks} networks diverged (first at step ${s.diverged.firstStep}); statistics leave them out from that step`,
    );
  for (const w of warnings) io.stderr(`widelab: warning: ${w}\n`);
  if (args.samples !== undefined)
    await writeFile(
      args.samples,
      finals.map((row) => row.join('\t')).join('\n') + (finals.length ? '\n' : ''),
    );
  return {
    command: 'train',
    config: {
      activation: model.activation.id,
      width: args.width,
      depth: args.depth,
      cw: model.cw,
      cb: model.cb,
      dataset: d.name,
      trainPoints: d.x.length,
      steps: args.steps,
      logEvery: args.logEvery,
      lrFraction: args.lr === undefined ? (args.lrFraction ?? TRAIN_DEFAULTS.lrFraction) : eta / etaMax,
      l2: args.l2,
      l2Target: args.l2Target,
      readoutOnly: args.readoutOnly,
      norm: args.layerNorm ? 'layer' : 'none',
      dropout: args.dropout,
      networks: args.networks,
      seed: args.seed,
      threads: args.threads ?? null,
      parameterization: 'ntk',
    },
    learningRate: eta,
    learningRateMax: etaMax,
    loggedSteps: steps,
    loss: {
      mean: s.loss.mean.map(finiteOrNull),
      q10: s.loss.q10.map(finiteOrNull),
      q90: s.loss.q90.map(finiteOrNull),
      theory: theory.map((t) => (t ? t.trainLoss : null)),
    },
    test: tests.map((x, t) => ({
      x,
      mean: s.test[t].mean.map(finiteOrNull),
      meanSE: s.test[t].meanSE.map(finiteOrNull),
      variance: s.test[t].variance.map(finiteOrNull),
      varianceSE: s.test[t].varianceSE.map(finiteOrNull),
      theory: {
        mean: theory.map((th) => (th ? th.mean[t] : null)),
        variance: theory.map((th) => (th ? th.cov[t][t] : null)),
      },
    })),
    weightChange: s.weightChange.map((w, l) => ({
      layer: l + 1,
      mean: finiteOrNull(w.mean),
      se: finiteOrNull(w.se),
    })),
    ntkChange: { mean: finiteOrNull(s.ntkChange.mean), se: finiteOrNull(s.ntkChange.se) },
    diverged: s.diverged,
    warnings,
    backend: args.backend,
    adapter,
    largestBufferBytes: largestBuffer,
    samplesFile: args.samples ?? null,
    wallTimeSeconds: (performance.now() - started) / 1000,
  };
}
