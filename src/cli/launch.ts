/**
 * How bin/widelab.mjs runs a WebGPU command: in a child process whose stderr passes through
 * DawnNoiseFilter, since Dawn writes its adapter-discovery diagnostics to file descriptor 2 from
 * native code, where nothing in the process itself can intercept them.
 * WIDELAB_DAWN_LOG=1 runs in-process and shows them.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { DawnNoiseFilter, wantsWebGpu } from './dawn-noise.ts';

/** Set in the child: it is the filtered run, so it must not relaunch itself. */
const CHILD = 'WIDELAB_DAWN_FILTERED';

export function shouldFilterDawn(argv: string[], env: NodeJS.ProcessEnv = process.env): boolean {
  return wantsWebGpu(argv) && env[CHILD] !== '1' && env.WIDELAB_DAWN_LOG !== '1';
}

/** Run `script argv` in a child with Dawn's noise removed from its stderr; resolves to its exit status. */
export function runFiltered(script: string, argv: string[]): Promise<number> {
  const child = spawn(process.execPath, [...process.execArgv, script, ...argv], {
    stdio: ['inherit', 'inherit', 'pipe'],
    env: { ...process.env, [CHILD]: '1', WIDELAB_STDERR_TTY: process.stderr.isTTY ? '1' : '0' },
  });
  const filter = new DawnNoiseFilter();
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    const out = filter.push(chunk);
    if (out !== '') process.stderr.write(out);
  });
  // Ctrl-C reaches the child directly (same process group) and it cancels cleanly; the parent
  // only waits. Other signals sent to the parent are passed on.
  const ignore = () => {};
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', ignore);
  process.on('SIGTERM', forward);
  process.on('SIGHUP', forward);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const rest = filter.end();
      if (rest !== '') process.stderr.write(rest);
      process.off('SIGINT', ignore);
      process.off('SIGTERM', forward);
      process.off('SIGHUP', forward);
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  });
}
