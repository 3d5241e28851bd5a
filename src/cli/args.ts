/**
 * Command-line parsing for `widelab`: turns argv into a command and a SpecInput, with a
 * one-line message for every mistake (the caller prints it and exits 2).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { SpecInput } from '../engine/spec.ts';

/** A user's mistake on the command line: printed as one line, exit status 2. */
export class UsageError extends Error {}

export const COMMANDS = ['simulate', 'theory', 'layers'] as const;
export type Command = (typeof COMMANDS)[number];

const MODEL_OPTIONS = {
  activation: { type: 'string' },
  width: { type: 'string' },
  widths: { type: 'string' },
  depth: { type: 'string' },
  cw: { type: 'string' },
  cb: { type: 'string' },
  q0: { type: 'string' },
  dropout: { type: 'string' },
  norm: { type: 'string' },
  'inputs-correlation': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const LAYERS_OPTIONS = {
  ...MODEL_OPTIONS,
  networks: { type: 'string' },
  seed: { type: 'string' },
  engine: { type: 'string' },
  backend: { type: 'string' },
  threads: { type: 'string' },
} as const;

const SIMULATE_OPTIONS = {
  ...LAYERS_OPTIONS,
  samples: { type: 'string' },
} as const;

export interface SimulateArgs {
  command: 'simulate';
  spec: SpecInput;
  engine: 'exact' | 'explicit';
  backend: 'cpu' | 'webgpu';
  samples?: string;
  threads?: number;
}

/** `widelab layers`: the simulate options without --samples. */
export interface LayersArgs {
  command: 'layers';
  spec: SpecInput;
  engine: 'exact' | 'explicit';
  backend: 'cpu' | 'webgpu';
  threads?: number;
}

export interface TheoryArgs {
  command: 'theory';
  spec: SpecInput;
}

export type ParsedArgs =
  SimulateArgs | LayersArgs | TheoryArgs | { command: 'help'; topic?: Command } | { command: 'version' };

/** Parse a number the way a user means it: '64', '1e4', '0.5'; anything else is a UsageError. */
export function parseNumber(option: string, text: string): number {
  const trimmed = text.trim();
  const value = trimmed === '' ? NaN : Number(trimmed);
  if (!Number.isFinite(value)) throw new UsageError(`--${option} must be a number, got '${text}'`);
  return value;
}

function parseInteger(option: string, text: string): number {
  const value = parseNumber(option, text);
  if (!Number.isInteger(value)) throw new UsageError(`--${option} must be a whole number, got '${text}'`);
  return value;
}

type ModelValues = {
  [K in keyof typeof MODEL_OPTIONS]?: (typeof MODEL_OPTIONS)[K]['type'] extends 'string' ? string : boolean;
};

function modelSpec(values: ModelValues): SpecInput {
  const spec: SpecInput = {};
  if (values.activation !== undefined) spec.activation = values.activation;
  if (values.width !== undefined) spec.width = parseInteger('width', values.width);
  if (values.widths !== undefined) {
    if (values.width !== undefined) throw new UsageError('give either --width or --widths, not both');
    spec.widths = values.widths.split(',').map((w) => parseInteger('widths', w));
  }
  if (values.depth !== undefined) spec.depth = parseInteger('depth', values.depth);
  if (values.cw !== undefined) spec.cw = parseNumber('cw', values.cw);
  if (values.cb !== undefined) spec.cb = parseNumber('cb', values.cb);
  if (values.q0 !== undefined) spec.q0 = parseNumber('q0', values.q0);
  if (values.dropout !== undefined) spec.dropout = parseNumber('dropout', values.dropout);
  if (values.norm !== undefined) spec.norm = values.norm;
  if (values['inputs-correlation'] !== undefined) {
    spec.inputsCorrelation = parseNumber('inputs-correlation', values['inputs-correlation']);
  }
  return spec;
}

/** '--inputs-correlation -0.4': a negative number after a string option is its value (node:util calls it ambiguous). */
function joinNegativeValues(options: NonNullable<ParseArgsConfig['options']>, args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const name = args[i].startsWith('--') && !args[i].includes('=') ? args[i].slice(2) : undefined;
    const next = args[i + 1];
    if (
      name !== undefined &&
      options[name]?.type === 'string' &&
      next !== undefined &&
      /^-(\d|\.\d)/.test(next)
    ) {
      out.push(`${args[i]}=${next}`);
      i++;
    } else {
      out.push(args[i]);
    }
  }
  return out;
}

function parseWith<T extends NonNullable<ParseArgsConfig['options']>>(options: T, args: string[]) {
  try {
    return parseArgs({
      args: joinNegativeValues(options, args),
      options,
      strict: true,
      allowPositionals: false,
    });
  } catch (e) {
    // node:util's messages are good but long; keep the first sentence on one line.
    const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new UsageError(message.replace(/\. To specify a positional argument.*$/, ''));
  }
}

export function parseCommandLine(argv: string[]): ParsedArgs {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    const topic = rest[0] as Command | undefined;
    return { command: 'help', topic: topic && COMMANDS.includes(topic) ? topic : undefined };
  }
  if (command === '--version' || command === 'version') return { command: 'version' };
  if (command === 'theory') {
    const { values } = parseWith(MODEL_OPTIONS, rest);
    if (values.help) return { command: 'help', topic: 'theory' };
    return { command: 'theory', spec: modelSpec(values as ModelValues) };
  }
  if (command === 'layers') {
    const { values } = parseWith(LAYERS_OPTIONS, rest);
    if (values.help) return { command: 'help', topic: 'layers' };
    const { spec, engine, backend, threads } = runOptions(
      values as ModelValues & { [k: string]: string | boolean | undefined },
    );
    return { command: 'layers', spec, engine, backend, threads };
  }
  if (command === 'simulate') {
    const { values } = parseWith(SIMULATE_OPTIONS, rest);
    if (values.help) return { command: 'help', topic: 'simulate' };
    const v = values as ModelValues & { [k: string]: string | boolean | undefined };
    const { spec, engine, backend, threads } = runOptions(v);
    const samples = typeof v.samples === 'string' ? v.samples : undefined;
    if (samples === '') throw new UsageError('--samples needs a file name');
    return { command: 'simulate', spec, engine, backend, samples, threads };
  }
  throw new UsageError(`unknown command '${command}'; use one of: ${COMMANDS.join(', ')} (widelab --help)`);
}

/** The options simulate and layers share: the model, ensemble, engine, backend and threads. */
function runOptions(v: ModelValues & { [k: string]: string | boolean | undefined }) {
  const spec = modelSpec(v);
  if (typeof v.networks === 'string') spec.networks = parseInteger('networks', v.networks);
  if (typeof v.seed === 'string') spec.seed = parseInteger('seed', v.seed);
  const engine = (v.engine ?? 'exact') as string;
  if (engine !== 'exact' && engine !== 'explicit') {
    throw new UsageError(`--engine must be exact or explicit, got '${engine}'`);
  }
  const backend = (v.backend ?? 'cpu') as string;
  if (backend !== 'cpu' && backend !== 'webgpu') {
    throw new UsageError(`--backend must be cpu or webgpu, got '${backend}'`);
  }
  let threads: number | undefined;
  if (typeof v.threads === 'string') {
    threads = parseInteger('threads', v.threads);
    if (threads < 1 || threads > 256)
      throw new UsageError(`--threads must be between 1 and 256, got ${threads}`);
  }
  return { spec, engine: engine as 'exact' | 'explicit', backend: backend as 'cpu' | 'webgpu', threads };
}

export const HELP: Record<Command | 'main', string> = {
  main: `widelab: ensembles of random wide neural networks, and the theory they approach.

Usage:
  widelab simulate [options]   run an ensemble; JSON with measured moments and theory
  widelab theory [options]     the kernel recursion, criticality and 1/n corrections; JSON
  widelab layers [options]     per-layer norms |z_l|^2/n_l (and gradient norms) over an ensemble; JSON
  widelab help COMMAND         options of a command

Output is JSON on stdout; errors are one line on stderr with exit status 2.`,
  theory: `widelab theory [options]

Model options:
  --activation NAME     linear, relu, leaky-relu[:SLOPE], tanh, erf, gelu, swish, sigmoid, sin (default relu)
  --width N             hidden width (default 64), or --widths n1,n2,... per hidden layer
  --depth L             number of weight layers (default 3)
  --cw C_W, --cb C_b    weight and bias variances (default: the activation's critical point)
  --q0 Q                |x|^2 / n0 of the input (default 1)
  --inputs-correlation RHO  add a second input of the same norm with correlation RHO
  --dropout P           drop probability of hidden units (default 0)
  --norm none|layer|rms|batch  normalization of hidden preactivations before the nonlinearity
                        (default none); layer/rms over the units of each input, batch over the
                        inputs of each network, per unit (needs --inputs-correlation)`,
  simulate: `widelab simulate [options]

The theory command's model options, and:
  --networks M          ensemble size (default 10000)
  --seed S              seed, 0..4294967295 (default 1); same seed, same networks
  --engine exact|explicit   Gaussian conditioning (default) or real weights and matmuls
  --backend cpu|webgpu  where the engine runs (default cpu)
  --threads T           CPU worker threads (default: one per core)
  --samples FILE        write one output value per network per line (all inputs on one line)`,
  layers: `widelab layers [options]

Per layer l = 1..L, over the networks: |z_l|^2/n_l of input 0's raw preactivations (mean with
its standard error, median, 10% and 90% quantiles as exact order statistics, moments of its log),
and with --engine explicit the gradient norm |dLoss/dW_l| for loss = sum over inputs of z_L^2/2
(null with the exact engine, which samples preactivations, not weights). Theory beside it:
K_l, chi_par, chi_perp, and the exact law of log(|z_l|^2/n_l) for ReLU/linear without bias.

The theory command's model options (--norm none|layer|rms|batch, --dropout P, ...), and:
  --networks M          ensemble size (default 10000)
  --seed S              seed, 0..4294967295 (default 1)
  --engine exact|explicit   Gaussian conditioning (default) or real weights (gradients)
  --backend cpu|webgpu  where the engine runs (default cpu); both give the same numbers
  --threads T           CPU worker threads (default: one per core)`,
};
