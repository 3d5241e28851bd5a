/**
 * `widelab` entry point. Every user mistake becomes one line on stderr and exit status 2;
 * anything else is a bug and keeps its stack trace (exit 1).
 */
import { parseCommandLine, UsageError } from './args.ts';
import { HELP } from './help.ts';
import { SpecError } from '../engine/spec.ts';
import { runTheory } from './theory-command.ts';
import { runSimulate } from './simulate-command.ts';
import { runLayers } from './layers-command.ts';
import { runSweep, sweepCsv } from './sweep-command.ts';
import { processIo, type Io } from './io.ts';
import { runTrain } from './train-command.ts';
import { runNtk } from './ntk-command.ts';

export type { Io } from './io.ts';

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  try {
    const args = parseCommandLine(argv);
    switch (args.command) {
      case 'help':
        io.stdout(`${HELP[args.topic ?? 'main']}\n`);
        return 0;
      case 'version':
        io.stdout(`${await version()}\n`);
        return 0;
      case 'theory':
        io.stdout(`${JSON.stringify(runTheory(args.spec), null, 2)}\n`);
        return 0;
      case 'simulate':
        io.stdout(`${JSON.stringify(await runSimulate(args, io), null, 2)}\n`);
        return 0;
      case 'sweep': {
        const result = await runSweep(args, io);
        io.stdout(args.format === 'csv' ? sweepCsv(result.rows) : `${JSON.stringify(result, null, 2)}\n`);
        return 0;
      }
      case 'layers':
        io.stdout(`${JSON.stringify(await runLayers(args, io), null, 2)}\n`);
        return 0;
      case 'train':
        io.stdout(`${JSON.stringify(await runTrain(args, io), null, 2)}\n`);
        return 0;
      case 'ntk':
        io.stdout(`${JSON.stringify(await runNtk(args, io), null, 2)}\n`);
        return 0;
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof SpecError) {
      io.stderr(`widelab: ${e.message}\n`);
      return 2;
    }
    if (e instanceof Error && e.name === 'AbortError') {
      io.stderr('widelab: cancelled\n');
      return 130;
    }
    // No GPU here: not a bad argument, but the user's to act on, so one line and what to do.
    // (By name: importing the class would load the WebGPU modules in every CPU command.)
    if (e instanceof Error && e.name === 'WebGpuUnavailableError') {
      io.stderr(`widelab: WebGPU is unavailable here (${e.message}); run with --backend cpu\n`);
      return 1;
    }
    throw e;
  }
}

async function version(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}
