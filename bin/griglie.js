#!/usr/bin/env node
// Entry point of the `griglie` command: loads the TypeScript sources through tsx, so that a fresh
// clone runs after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
