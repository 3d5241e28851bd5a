/**
 * The shape of the Training view's run, apart from its state (DOM-free): the grid of test
 * inputs the functions are drawn over, how often a run logs, and what the trainers' cost model
 * (engine/training/train-cost.ts) needs of a run. The view trains the data set's N inputs with
 * the grid and the data themselves as test inputs (model.ts).
 */
import { dataset } from '../../engine/training/datasets.ts';
import type { TrainShape } from '../../engine/training/train-cost.ts';

/** Points of the test grid the functions are drawn on. */
export const GRID_POINTS = 41;

/** At most this many logged steps: enough for a smooth slider and Play, few enough to keep every network's outputs. */
export const MAX_LOGS = 50;

/** Log about MAX_LOGS times over the run (every step for short runs). */
export function logEveryFor(steps: number): number {
  return Math.max(1, Math.ceil(steps / MAX_LOGS));
}

/** What a run's cost depends on besides the width and the ensemble. */
export interface RunSize {
  dataset: string;
  depth: number;
  steps: number;
}

/** The shape the view trains at `width`. */
export function viewShape(run: RunSize, width: number): TrainShape {
  const data = dataset(run.dataset);
  const train = data.x.length;
  const tests = GRID_POINTS + train;
  return {
    inputDim: data.x[0].length,
    width,
    depth: run.depth,
    train,
    tests,
    steps: run.steps,
    logEvery: logEveryFor(run.steps),
    ntkInputs: train, // the view records the NTK on the training inputs only (model.ts)
  };
}

/** Networks per width: enough for an SE on each mean, few enough for a CPU to sweep in seconds. */
export const SWEEP_NETWORKS = 4;
/** Steps capped so that a sweep stays seconds long on a CPU; the laws are about how the change scales, not its size. */
export const SWEEP_MAX_STEPS = 100;

/** The widths swept: 32 up to 8x the chosen width, at most 1024 and at least 4 of them. */
export function sweepWidths(s: { width: number }): number[] {
  const top = Math.min(1024, Math.max(256, 8 * s.width));
  const out: number[] = [];
  for (let n = 32; n <= top; n *= 2) out.push(n);
  return out;
}

/** The shape the width sweep trains at `width` (sweep.ts): one test input beside the data, the NTK over all of them. */
export function sweepShape(run: RunSize, width: number): TrainShape {
  const data = dataset(run.dataset);
  const N = data.x.length;
  const steps = Math.min(run.steps, SWEEP_MAX_STEPS);
  return {
    inputDim: data.x[0].length,
    width,
    depth: run.depth,
    train: N,
    tests: N + 1,
    steps,
    logEvery: steps,
    ntkInputs: 2 * N + 1,
  };
}
