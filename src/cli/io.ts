/** Where a command writes: the process's streams, or a test's buffers. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal, where progress is shown unless --quiet. */
  stderrIsTTY?: boolean;
}

/**
 * bin/widelab.mjs may run the command in a child whose stderr is a pipe through a filter; it
 * says in WIDELAB_STDERR_TTY whether its own stderr, the user's, is a terminal.
 */
export const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stderrIsTTY: process.stderr.isTTY === true || process.env.WIDELAB_STDERR_TTY === '1',
};
