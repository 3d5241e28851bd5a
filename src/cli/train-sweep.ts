/**
 * `widelab train --widths 32,64,...`: one trained ensemble per width (width-sweep.ts), on the CPU
 * or on WebGPU (the same networks, f32), every network at the same fraction of the
 * infinite-width eta_max, with the fitted log-log slopes of weight, NTK and linearization
 * movement beside THEORY.md 6a's laws. JSON on stdout.
 */
import type { Dataset } from '../engine/training/datasets.ts';
import { widthSweep, widthSweepWith, type WidthSweepSpec } from '../engine/training/width-sweep.ts';
import { cpuAdapter, withGpuTrainer } from './adapters.ts';
import { TRAIN_DEFAULTS, type TrainArgs, type trainedModel } from './train-args.ts';
import type { Io } from './io.ts';
import { progressReporter } from './progress.ts';
import { UsageError } from './usage.ts';

export async function trainWidthSweep(
  args: TrainArgs,
  widths: number[],
  d: Dataset,
  model: ReturnType<typeof trainedModel>,
  tests: number[][],
  io: Io,
) {
  // The sweep's point is eta tied to the kernel; the variants change the laws it checks.
  if (args.lr !== undefined) throw new UsageError('--widths sets eta by --lr-fraction, not --lr');
  if (args.l2 > 0 || args.readoutOnly || args.samples !== undefined)
    throw new UsageError('--widths does not take --l2, --readout-only or --samples');
  if (tests.length === 0) throw new UsageError('--widths needs test inputs (--test-points)');
  const progress = progressReporter(args.progress, io);
  const spec: WidthSweepSpec = {
    activation: model.activation,
    inputs: d.x,
    targets: d.y,
    tests,
    widths,
    depth: args.depth,
    cw: model.cw,
    cb: model.cb,
    etaFraction: args.lrFraction ?? TRAIN_DEFAULTS.lrFraction,
    steps: args.steps,
    networks: args.networks,
    seed: args.seed,
  };
  const onProgress = (n: number, t: number) => progress.update(n, t);
  try {
    let adapter: Record<string, unknown> = cpuAdapter(1);
    const result =
      args.backend === 'webgpu'
        ? await withGpuTrainer(async (trainer, gpuAdapter) => {
            adapter = gpuAdapter;
            return widthSweepWith(spec, (run, networks) => trainer.run(run, networks), { onProgress });
          })
        : widthSweep(spec, { onProgress });
    return {
      config: {
        activation: model.activation.name,
        depth: args.depth,
        cw: model.cw,
        cb: model.cb,
        dataset: d.name,
        tests,
        steps: args.steps,
        networks: args.networks,
        seed: args.seed,
        widths,
      },
      ...result,
      backend: args.backend,
      adapter,
    };
  } finally {
    progress.finish();
  }
}
