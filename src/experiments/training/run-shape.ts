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
