#!/usr/bin/env node
// Entry point of the `griglie` command: runs the compiled sources (dist/, built by `npm ci`) when
// they are current, else the TypeScript sources through tsx, so that a fresh clone runs after
// `npm ci` and an edited source never runs stale (bin/load-sources.js).
import { importSource } from './load-sources.js';

const { main } = await importSource('cli/main');
process.exitCode = await main(process.argv.slice(2));
