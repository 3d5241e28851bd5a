/**
 * Command-line parsing for `widelab`: turns argv into a command and a SpecInput, with a
 * one-line message for every mistake (the caller prints it and exits 2).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DEFAULTS, type SpecInput } from '../engine/spec.ts';
import { TRAIN_OPTIONS, parseTrain, type TrainArgs } from './train-args.ts';
import { NTK_OPTIONS, parseNtk, type NtkArgs } from './ntk-command.ts';
import { MAX_THREADS, UsageError, parseNumber, type ProgressMode } from './usage.ts';

export { UsageError, parseNumber, type ProgressMode } from './usage.ts';

export const COMMANDS = ['simulate', 'sweep', 'theory', 'layers', 'train', 'ntk'] as const;
export type Command = (typeof COMMANDS)[number];

/**
 * Where the command line starts when an option is left out: the lab's Gaussian-limit view
 * (the view `simulate` and `sweep` reproduce), which runs more networks on WebGPU.
 */
export const CLI_DEFAULTS = {
  activation: DEFAULTS.activation,
  width: DEFAULTS.width,
  depth: 5,
  networks: { cpu: 10_000, webgpu: 20_000 },
  seed: DEFAULTS.seed,
} as const;

export { MAX_THREADS } from './usage.ts';

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
  progress: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
} as const;

const SIMULATE_OPTIONS = {
  ...LAYERS_OPTIONS,
  samples: { type: 'string' },
} as const;

const SWEEP_OPTIONS = {
  ...LAYERS_OPTIONS,
  format: { type: 'string' },
} as const;

/** What simulate, sweep and layers share: how to run the ensemble. */
export interface RunArgs {
  spec: SpecInput;
  engine: 'exact' | 'explicit';
  backend: 'cpu' | 'webgpu';
  threads?: number;
  progress: ProgressMode;
}

export interface SimulateArgs extends RunArgs {
  command: 'simulate';
  samples?: string;
}

/** `widelab layers`: the simulate options without --samples. */
export interface LayersArgs extends RunArgs {
  command: 'layers';
}

/** `widelab sweep`: one ensemble per value of the swept option; spec holds the others. */
export interface SweepArgs extends RunArgs {
  command: 'sweep';
  along: 'width' | 'depth';
  values: number[];
  format: 'json' | 'csv';
}

export interface TheoryArgs {
  command: 'theory';
  spec: SpecInput;
}

export type ParsedArgs =
  | SimulateArgs
  | SweepArgs
  | LayersArgs
  | TheoryArgs
  | TrainArgs
  | NtkArgs
  | { command: 'help'; topic?: Command }
  | { command: 'version' };

function parseInteger(option: string, text: string): number {
  const value = parseNumber(option, text);
  if (!Number.isInteger(value)) throw new UsageError(`--${option} must be a whole number, got '${text}'`);
  return value;
}

type Values = { [k: string]: string | boolean | undefined };

function str(v: Values, name: string): string | undefined {
  const value = v[name];
  return typeof value === 'string' ? value : undefined;
}

function modelSpec(v: Values): SpecInput {
  const spec: SpecInput = {};
  const activation = str(v, 'activation');
  if (activation !== undefined) spec.activation = activation;
  const width = str(v, 'width');
  const widths = str(v, 'widths');
  const depth = str(v, 'depth');
  if (width !== undefined) spec.width = parseInteger('width', width);
  if (widths !== undefined) {
    if (width !== undefined) throw new UsageError('give either --width or --widths, not both');
    spec.widths = widths.split(',').map((w) => parseInteger('widths', w));
  }
  if (depth !== undefined) spec.depth = parseInteger('depth', depth);
  else if (widths === undefined) spec.depth = CLI_DEFAULTS.depth;
  const numbers = [
    ['cw', 'cw'],
    ['cb', 'cb'],
    ['q0', 'q0'],
    ['dropout', 'dropout'],
    ['inputs-correlation', 'inputsCorrelation'],
  ] as const;
  for (const [option, field] of numbers) {
    const text = str(v, option);
    if (text !== undefined) spec[field] = parseNumber(option, text);
  }
  const norm = str(v, 'norm');
  if (norm !== undefined) spec.norm = norm;
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

function parseWith(options: NonNullable<ParseArgsConfig['options']>, args: string[]): Values {
  try {
    return parseArgs({
      args: joinNegativeValues(options, args),
      options,
      strict: true,
      allowPositionals: false,
    }).values as Values;
  } catch (e) {
    // node:util's messages are good but long; keep the first sentence on one line.
    const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new UsageError(message.replace(/\. To specify a positional argument.*$/, ''));
  }
}

function isCommand(name: string | undefined): name is Command {
  return name !== undefined && (COMMANDS as readonly string[]).includes(name);
}

function unknownCommand(name: string): UsageError {
  return new UsageError(`unknown command '${name}'; use one of: ${COMMANDS.join(', ')} (widelab --help)`);
}

export function parseCommandLine(argv: string[]): ParsedArgs {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    const topic = rest[0];
    if (topic === undefined) return { command: 'help' };
    if (!isCommand(topic)) throw unknownCommand(topic);
    return { command: 'help', topic };
  }
  if (command === '--version' || command === 'version') return { command: 'version' };
  if (command === 'theory') {
    const values = parseWith(MODEL_OPTIONS, rest);
    if (values.help) return { command: 'help', topic: 'theory' };
    return { command: 'theory', spec: modelSpec(values) };
  }
  if (command === 'layers') {
    const values = parseWith(LAYERS_OPTIONS, rest);
    if (values.help) return { command: 'help', topic: 'layers' };
    return { command: 'layers', ...runOptions(values) };
  }
  if (command === 'simulate') {
    const values = parseWith(SIMULATE_OPTIONS, rest);
    if (values.help) return { command: 'help', topic: 'simulate' };
    const samples = str(values, 'samples');
    if (samples === '') throw new UsageError('--samples needs a file name');
    return { command: 'simulate', ...runOptions(values), samples };
  }
  if (command === 'train') {
    const values = parseWith(TRAIN_OPTIONS, rest);
    if (values.help) return { command: 'help', topic: 'train' };
    return parseTrain(values);
  }
  if (command === 'ntk') {
    const values = parseWith(NTK_OPTIONS, rest);
    if (values.help) return { command: 'help', topic: 'ntk' };
    return parseNtk(values);
  }
  if (command === 'sweep') {
    const values = parseWith(SWEEP_OPTIONS, rest);
    if (values.help) return { command: 'help', topic: 'sweep' };
    return parseSweep(values);
  }
  throw unknownCommand(command);
}

const SWEEP_EXAMPLE = 'e.g. widelab sweep --width 8,16,32 --depth 5';

function parseSweep(values: Values): SweepArgs {
  if (values.widths !== undefined) {
    throw new UsageError(`sweep takes --width (a comma list to sweep it), not --widths (${SWEEP_EXAMPLE})`);
  }
  const lists = (['width', 'depth'] as const).filter((name) => str(values, name)?.includes(','));
  if (lists.length === 0) {
    throw new UsageError(`sweep needs a comma list on --width or --depth (${SWEEP_EXAMPLE})`);
  }
  if (lists.length === 2) {
    throw new UsageError(
      `sweep takes a comma list on one of --width and --depth, not both (${SWEEP_EXAMPLE})`,
    );
  }
  const along = lists[0];
  const parsedValues = (str(values, along) ?? '').split(',').map((text) => parseInteger(along, text));
  const format = str(values, 'format') ?? 'json';
  if (format !== 'json' && format !== 'csv') {
    throw new UsageError(`--format must be json or csv, got '${format}'`);
  }
  const run = runOptions({ ...values, [along]: undefined });
  return { command: 'sweep', ...run, along, values: parsedValues, format };
}

/** The options simulate, sweep and layers share: the model, ensemble, engine, backend, threads, progress. */
function runOptions(v: Values): RunArgs {
  const spec = modelSpec(v);
  const engine = str(v, 'engine') ?? 'exact';
  if (engine !== 'exact' && engine !== 'explicit') {
    throw new UsageError(`--engine must be exact or explicit, got '${engine}'`);
  }
  const backend = str(v, 'backend') ?? 'cpu';
  if (backend !== 'cpu' && backend !== 'webgpu') {
    throw new UsageError(`--backend must be cpu or webgpu, got '${backend}'`);
  }
  const networks = str(v, 'networks');
  spec.networks =
    networks === undefined ? CLI_DEFAULTS.networks[backend] : parseInteger('networks', networks);
  const seed = str(v, 'seed');
  if (seed !== undefined) spec.seed = parseInteger('seed', seed);
  let threads: number | undefined;
  const threadsText = str(v, 'threads');
  if (threadsText !== undefined) {
    threads = parseInteger('threads', threadsText);
    if (threads < 1 || threads > MAX_THREADS)
      throw new UsageError(`--threads must be between 1 and ${MAX_THREADS}, got ${threads}`);
  }
  if (v.progress && v.quiet) throw new UsageError('give either --progress or --quiet, not both');
  const progress: ProgressMode = v.progress ? 'always' : v.quiet ? 'never' : 'auto';
  return { spec, engine, backend, threads, progress };
}
