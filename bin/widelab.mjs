#!/usr/bin/env node
// `npx widelab ...`: the command line runs the same TypeScript engines as the lab, through
// tsx's loader, so there is no separate build step to forget.
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';

register();
const argv = process.argv.slice(2);
const { shouldFilterDawn, runFiltered } = await import('../src/cli/launch.ts');
if (shouldFilterDawn(argv)) {
  // Dawn prints adapter-discovery warnings from native code: run where its stderr can be filtered.
  process.exitCode = await runFiltered(fileURLToPath(import.meta.url), argv);
} else {
  const { main } = await import('../src/cli/main.ts');
  process.exitCode = await main(argv);
}
