/**
 * "Where width runs out": the Training view's width sweep (DOM-free; runs in the view's worker
 * after the training run). The same data, depth, steps and learning-rate fraction at widths
 * 32, 64, ..., one width at a time (so the worker reads a cancel between widths), through the
 * engine's widthSweep: per-layer relative weight change, relative NTK change, and the distance of
 * each network from its own linearization, with log-log slopes beside THEORY.md 6a's laws.
 *
 *   for await (const part of sweepParts(state, signal, checkpoint)) post(part);
 */
import { dataset } from '../../engine/training/datasets.ts';
import {
  widthLaws,
  widthSlopes,
  widthSweep,
  type WidthPoint,
  type WidthSweepResult,
} from '../../engine/training/width-sweep.ts';
import { makeActivation } from '../../theory/activations.ts';
import type { TrainingState } from './state.ts';
import { SWEEP_MAX_STEPS, SWEEP_NETWORKS, sweepWidths } from './run-shape.ts';

export { SWEEP_NETWORKS, sweepWidths };

export interface SweepPart {
  widths: number[];
  points: WidthPoint[];
  slopes: WidthSweepResult['slopes'] | null;
  /** Widths still to come. */
  pending: number;
}

export async function* sweepParts(
  s: TrainingState,
  signal?: AbortSignal,
  checkpoint: () => Promise<void> = () => Promise.resolve(),
): AsyncGenerator<SweepPart> {
  const d = dataset(s.dataset);
  const act = makeActivation(s.activation);
  const widths = sweepWidths(s);
  const laws = widthLaws(act, s.depth);
  const points: WidthPoint[] = [];
  const steps = Math.min(s.steps, SWEEP_MAX_STEPS);
  for (const [i, width] of widths.entries()) {
    const r = widthSweep(
      {
        activation: act,
        inputs: d.x,
        targets: d.y,
        tests: d.circle ? [[Math.cos(0.5), Math.sin(0.5)]] : [[0.6]],
        widths: [width],
        depth: s.depth,
        cw: s.cw,
        cb: s.cb,
        etaFraction: s.lrFraction,
        steps,
        networks: SWEEP_NETWORKS,
        seed: s.seed,
      },
      { signal },
    );
    points.push(...r.points);
    const done = widths.slice(0, i + 1);
    yield {
      widths: done,
      points: [...points],
      slopes: done.length < 2 ? null : widthSlopes(done, points, laws),
      pending: widths.length - done.length,
    };
    await new Promise((wake) => setTimeout(wake, 0));
    await checkpoint();
  }
}
