/**
 * Child process of the export benchmark: runs `griglie export` (the command itself) once and prints
 * one JSON line with the time it took and this process's peak resident memory (VmHWM), so that
 * the parent reads the export's own peak rather than its own.
 * Usage: node bin/run-ts.js bench/export/run-export.ts DB KEYS OUT LAYOUT
 */
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { exportCommand } from '../../src/cli/commands/export.ts';
import { BENCH_PROJECT } from './populate.ts';

const [db, keys, out, layout, grid] = process.argv.slice(2);
const stderr = new PassThrough();
const messages: string[] = [];
stderr.on('data', (chunk: Buffer) => messages.push(chunk.toString('utf8')));
const started = process.hrtime.bigint();
const status = await exportCommand.run(
  ['--db', db!, '--keys', keys!, '--out', out!, '--project', BENCH_PROJECT, '--format', 'csv', '--layout', layout!, '--grid', grid!],
  { stdin: new PassThrough(), stdout: new PassThrough(), stderr, env: {}, cwd: process.cwd() },
);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(JSON.stringify({ status, seconds, peakRssKiB: peakRssKiB(), message: messages.join('') }));

/**
 * Peak resident memory of this process image: VmHWM, which execve resets. (getrusage's maxRSS
 * survives execve on Linux, so a child forked from a large parent would report the parent's.)
 */
function peakRssKiB(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]);
  } catch {
    // Not Linux: fall back to getrusage.
  }
  return process.resourceUsage().maxRSS;
}
