#!/usr/bin/env node
// `npx widelab ...`: the command line runs the same TypeScript engines as the lab, through
// tsx's loader, so there is no separate build step to forget.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
