/**
 * The one description of an ensemble run that every engine, the command line and the lab's
 * URL state share. `resolveSpec` validates loose user input once, with a message per bad
 * field, and fills defaults (C_W and C_b default to the activation's critical point).
 */
import { ActivationError, parseActivation, type Activation } from '../theory/activations.ts';
import { criticalPoint } from '../theory/criticality.ts';

/**
 * 'layer' and 'rms' normalize each input over the units of a layer; 'batch' normalizes each
 * unit over the k inputs of one network (BatchNorm with the network's inputs as the batch), so
 * it needs k >= 2.
 */
export const NORMALIZATIONS = ['none', 'layer', 'rms', 'batch'] as const;
export type Normalization = (typeof NORMALIZATIONS)[number];

export interface ModelSpec {
  readonly activation: Activation;
  /** Hidden widths n_1..n_{L-1}; depth L = hiddenWidths.length + 1. */
  readonly hiddenWidths: readonly number[];
  readonly cw: number;
  readonly cb: number;
  /** k x k Gram matrix of the inputs, x_a . x_b / n0; [[q0]] for one input. */
  readonly inputGram: readonly (readonly number[])[];
  /** Input dimension n0 used by the explicit engine (inputs are built to match inputGram). */
  readonly inputDim: number;
  /**
   * Normalization of each hidden layer's preactivations before the nonlinearity: over units
   * ('layer', 'rms') or, per unit, over the network's k inputs ('batch').
   */
  readonly normalization: Normalization;
  /** Drop probability p of each hidden unit, mask fixed per network, kept units scaled by 1/(1-p). */
  readonly dropout: number;
}

export interface RunSpec {
  readonly model: ModelSpec;
  readonly networks: number;
  readonly seed: number;
}

/** Loose input, as typed on a command line or read from a URL. */
export interface SpecInput {
  activation?: string;
  width?: number;
  widths?: number[];
  depth?: number;
  cw?: number;
  cb?: number;
  q0?: number;
  /** Adds a second input of the same norm with this correlation to the first. */
  inputsCorrelation?: number;
  networks?: number;
  seed?: number;
  dropout?: number;
  norm?: string;
}

/** A user's mistake in one field: the command line prints it and exits 2. */
export class SpecError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export const LIMITS = {
  maxWidth: 1 << 24,
  maxDepth: 10_000,
  maxNetworks: 1e9,
  maxSeed: 0xffffffff,
  /** Widths x depth summed over layers: beyond this one network alone is too slow to run. */
  maxUnitsPerNetwork: 1 << 26,
} as const;

export const DEFAULTS = {
  activation: 'relu',
  width: 64,
  depth: 3,
  q0: 1,
  networks: 10_000,
  seed: 1,
} as const;

function positiveInteger(field: string, value: number, max: number): number {
  if (!Number.isFinite(value) || !Number.isInteger(value)) {
    throw new SpecError(field, `${field} must be a whole number, got ${value}`);
  }
  if (value < 1) throw new SpecError(field, `${field} must be at least 1, got ${value}`);
  if (value > max) throw new SpecError(field, `${field} must be at most ${max}, got ${value}`);
  return value;
}

function finiteNumber(field: string, value: number): number {
  if (!Number.isFinite(value)) throw new SpecError(field, `${field} must be a finite number, got ${value}`);
  return value;
}

export function depthOf(model: ModelSpec): number {
  return model.hiddenWidths.length + 1;
}

export function inputCount(model: ModelSpec): number {
  return model.inputGram.length;
}

/** Validate and complete a run description. Throws SpecError naming the bad field. */
export function resolveSpec(input: SpecInput): RunSpec {
  let activation: Activation;
  try {
    activation = parseActivation(input.activation ?? DEFAULTS.activation);
  } catch (e) {
    if (e instanceof ActivationError) throw new SpecError('activation', e.message);
    throw e;
  }

  let hiddenWidths: number[];
  if (input.widths !== undefined) {
    if (input.widths.length === 0) throw new SpecError('widths', 'widths needs at least one hidden width');
    hiddenWidths = input.widths.map((n, i) => positiveInteger(`widths[${i + 1}]`, n, LIMITS.maxWidth));
    if (input.depth !== undefined && input.depth !== hiddenWidths.length + 1) {
      throw new SpecError(
        'depth',
        `depth ${input.depth} disagrees with ${hiddenWidths.length} hidden widths (depth = hidden layers + 1)`,
      );
    }
  } else {
    const width = positiveInteger('width', input.width ?? DEFAULTS.width, LIMITS.maxWidth);
    const depth = positiveInteger('depth', input.depth ?? DEFAULTS.depth, LIMITS.maxDepth);
    hiddenWidths = new Array<number>(depth - 1).fill(width);
  }
  const units = hiddenWidths.reduce((a, b) => a + b, 0);
  if (units > LIMITS.maxUnitsPerNetwork) {
    throw new SpecError(
      'width',
      `widths x depth = ${units} hidden units per network is more than the ${LIMITS.maxUnitsPerNetwork} this machine can hold and run`,
    );
  }

  const dropout = finiteNumber('dropout', input.dropout ?? 0);
  if (dropout < 0 || dropout >= 1)
    throw new SpecError('dropout', `dropout must be in [0, 1), got ${dropout}`);

  const norm = (input.norm ?? 'none') as Normalization;
  if (!NORMALIZATIONS.includes(norm)) {
    throw new SpecError('norm', `norm must be one of ${NORMALIZATIONS.join(', ')}, got '${input.norm}'`);
  }
  if (norm === 'layer' && hiddenWidths.some((n) => n < 2)) {
    throw new SpecError(
      'norm',
      'layer norm needs every hidden width to be at least 2 (it subtracts the mean)',
    );
  }

  const critical = criticalPoint(activation, dropout);
  const cw = finiteNumber('cw', input.cw ?? (critical ? critical.cw : 1));
  const cb = finiteNumber('cb', input.cb ?? (critical ? critical.cb : 0));
  if (cw <= 0) throw new SpecError('cw', `cw (weight variance C_W) must be positive, got ${cw}`);
  if (cb < 0) throw new SpecError('cb', `cb (bias variance C_b) must be non-negative, got ${cb}`);

  const q0 = finiteNumber('q0', input.q0 ?? DEFAULTS.q0);
  if (q0 <= 0) throw new SpecError('q0', `q0 (|x|^2 / n0) must be positive, got ${q0}`);
  let inputGram: number[][] = [[q0]];
  if (input.inputsCorrelation !== undefined) {
    const rho = finiteNumber('inputs-correlation', input.inputsCorrelation);
    if (rho < -1 || rho > 1) {
      throw new SpecError('inputs-correlation', `inputs-correlation must be in [-1, 1], got ${rho}`);
    }
    inputGram = [
      [q0, rho * q0],
      [rho * q0, q0],
    ];
  }

  if (norm === 'batch' && inputGram.length < 2) {
    throw new SpecError(
      'norm',
      'batch norm normalizes each unit over the inputs of a network: it needs at least 2 inputs (add one with inputs-correlation)',
    );
  }

  const networks = positiveInteger('networks', input.networks ?? DEFAULTS.networks, LIMITS.maxNetworks);
  const seed = input.seed ?? DEFAULTS.seed;
  if (!Number.isInteger(seed) || seed < 0 || seed > LIMITS.maxSeed) {
    throw new SpecError('seed', `seed must be a whole number in [0, ${LIMITS.maxSeed}], got ${seed}`);
  }

  return {
    model: {
      activation,
      hiddenWidths,
      cw,
      cb,
      inputGram,
      inputDim: inputGram.length,
      normalization: norm,
      dropout,
    },
    networks,
    seed,
  };
}
