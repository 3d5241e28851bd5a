/**
 * The "Training" view's state and its round trip through the URL hash (lab/url-fields.ts):
 * `#view=training&dataset=sine6&width=256&...`, every field validated on its own, a bad value
 * falling back to its default with a notice. The step shown and the test point of the histogram
 * are view-only: moving them re-draws the run already computed.
 *
 * The default width and ensemble are chosen by the estimated cost of the run on this machine
 * (sizing.ts; DESIGN.md: fast on a laptop GPU and on the CPU fallback): hundreds of networks of
 * width 256 on a laptop's GPU, a few dozen narrower ones on the CPU, sized for the link's data
 * set, depth and steps when it gives no width or ensemble.
 *
 *   const { state, notices } = parseTraining(location.hash, { backend: 'webgpu' });
 */
import type { Backend } from '../../engine/types.ts';
import { defaultSize, type TrainingMachine } from './sizing.ts';
import { ACTIVATION_NAMES } from '../../theory/activations.ts';
import { NETWORK_LIMITS, networkFields, type NetworkFields } from '../../lab/network-fields.ts';
import {
  boolean,
  integer,
  oneOf,
  readFields,
  real,
  formatFields,
  sameFields,
  sameRunFields,
  type FieldTable,
  type ParsedFields,
  type ViewUrl,
} from '../../lab/url-fields.ts';
import { GRID_POINTS } from './run-shape.ts';

export const VIEW = 'training';

export const TRAINING_DATASETS = ['sine6', 'circle6'] as const;
export type TrainingDataset = (typeof TRAINING_DATASETS)[number];

/** Which parameters gradient descent moves: all of them (the NTK), or the readout layer only (the NNGP). */
export const TRAINED = ['all', 'readout'] as const;
export type Trained = (typeof TRAINED)[number];

export interface TrainingState extends Omit<NetworkFields, 'engine'> {
  dataset: TrainingDataset;
  /** Gradient-descent steps. */
  steps: number;
  /** Learning rate as a fraction of eta_max (used when `lr` is 0). */
  lrFraction: number;
  /** Absolute learning rate; 0 means "lrFraction of eta_max" (the lecture's presets fix it). */
  lr: number;
  trained: Trained;
  /** L2 penalty (mu/2)|theta - theta_0|^2 towards the initial weights. */
  l2: number;
  /** LayerNorm before each hidden nonlinearity (the lecture's rescue of a badly initialized deep network). */
  layerNorm: boolean;
  /** After the run, sweep the width (32 up to 8x it) for the weight, NTK and linearization changes. */
  sweep: boolean;
  /** Also draw the other variant's infinite-width band (readout-only vs full training). View-only. */
  compare: boolean;
  /** The step shown (snapped to the nearest logged step). View-only. */
  step: number;
  /** The grid point of the output histogram, an index into the test grid. View-only. */
  point: number;
}

/**
 * The L2 slider's stops, roughly logarithmic: from none through the kernel-ridge regime
 * (mu ~ 0.01-0.1 against eigenvalues of order 1) to a pull that freezes training. A link may
 * give any mu in the field's range; the slider then sits at the nearest stop.
 */
export const L2_STEPS = [0, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10] as const;

export { GRID_POINTS };

export const TRAINING_LIMITS = {
  maxWidth: 2048,
  maxDepth: 40,
  minNetworks: 2,
  maxNetworks: 4096,
  maxSteps: 5000,
  ...NETWORK_LIMITS,
} as const;

/** The defaults apart from the width and the ensemble, which the machine sizes. */
const COMMON: TrainingState = {
  width: 256,
  depth: 3,
  activation: 'relu',
  cw: 2,
  cb: 0.1,
  networks: 128,
  seed: 1,
  present: false,
  dataset: 'sine6',
  steps: 400,
  lrFraction: 0.5,
  lr: 0,
  trained: 'all',
  l2: 0,
  layerNorm: false,
  sweep: false,
  compare: false,
  step: 400,
  point: 30,
};

/**
 * The defaults on `machine` (a backend alone: its typical machine), with the width and the
 * ensemble sized for the run `base` (default: the defaults' own data set, depth and steps).
 */
export function trainingDefaults(
  machine: Backend | TrainingMachine,
  base: Pick<TrainingState, 'dataset' | 'depth' | 'steps'> = COMMON,
): TrainingState {
  const m = typeof machine === 'string' ? { backend: machine } : machine;
  const { width, networks } = defaultSize(base, m);
  return { ...COMMON, width, networks };
}

/**
 * Every activation: the smooth ones' kernels come from Mehler's series (theory/hermite-series.ts)
 * in well under a second on the grid; where C_W saturates them too far for that, the view trains
 * without the prediction and says so (model.ts).
 */
export const TRAINING_ACTIVATIONS = ACTIVATION_NAMES;

const { engine: _engine, ...network } = networkFields(TRAINING_LIMITS);

export const TRAINING_FIELDS: FieldTable<TrainingState> = {
  ...network,
  activation: oneOf(TRAINING_ACTIVATIONS, { label: 'Activation' }),
  dataset: oneOf(TRAINING_DATASETS, { label: 'Data set' }),
  steps: integer(1, TRAINING_LIMITS.maxSteps, { label: 'Steps' }),
  lrFraction: real(0, 4, { openLow: true, label: 'Learning rate (fraction of η_max)' }),
  lr: real(0, 1e4, { label: 'Learning rate η' }),
  trained: oneOf(TRAINED, { label: 'Trained layers' }),
  l2: real(0, 10, { label: 'L2 towards init' }),
  layerNorm: boolean({ label: 'LayerNorm' }),
  sweep: boolean({ label: 'Width sweep' }),
  compare: boolean({ viewOnly: true }),
  step: integer(0, TRAINING_LIMITS.maxSteps, { viewOnly: true, label: 'Step' }),
  point: integer(0, GRID_POINTS - 1, { viewOnly: true, label: 'Test point' }),
};

/**
 * A link's state on `machine`: the width and ensemble it does not give are sized for the data
 * set, depth and steps it does (read first, so that a notice names the sized default).
 */
export function parseTraining(hash: string, machine: Backend | TrainingMachine): ParsedFields<TrainingState> {
  const run = readFields(hash, COMMON, TRAINING_FIELDS).state;
  const { state, notices, keys, given } = readFields(hash, trainingDefaults(machine, run), TRAINING_FIELDS);
  // A link without the step shown opens at the end of training; none is past the last step.
  const step = given.has('step') ? Math.min(state.step, state.steps) : state.steps;
  return { state: { ...state, step }, notices, keys };
}

export const TRAINING_URL: ViewUrl<TrainingState> = {
  view: VIEW,
  parse: parseTraining,
  format: (s) => formatFields(s, TRAINING_FIELDS, VIEW),
  same: (a, b) => sameFields(a, b, TRAINING_FIELDS),
  sameRun: (a, b) => sameRunFields(a, b, TRAINING_FIELDS),
};

export const parseTrainingHash = TRAINING_URL.parse;
export const formatTrainingHash = TRAINING_URL.format;
