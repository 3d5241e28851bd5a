// main() with captured stdout and stderr, as the CLI tests call it.
import { main, type Io } from '../../../src/cli/main.ts';

export async function widelab(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), stderrIsTTY: false };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
