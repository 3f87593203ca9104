// Child process of the export benchmark: runs `griglie export` (the command itself, loaded as
// bin/griglie.js loads it: compiled when the build is current) once and prints one JSON line with
// the time it took and this process's peak resident memory (VmHWM), so that the parent reads the
// export's own peak rather than its own.
// Usage: node bench/export/run-export.js DB KEYS OUT LAYOUT GRID PROJECT
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { importSource, sourceForm } from '../../bin/load-sources.js';

const [db, keys, out, layout, grid, project] = process.argv.slice(2);
const { exportCommand } = await importSource('cli/commands/export');
const stderr = new PassThrough();
const messages = [];
stderr.on('data', (chunk) => messages.push(chunk.toString('utf8')));
const started = process.hrtime.bigint();
const status = await exportCommand.run(
  ['--db', db, '--keys', keys, '--out', out, '--project', project, '--format', 'csv', '--layout', layout, '--grid', grid],
  { stdin: new PassThrough(), stdout: new PassThrough(), stderr, env: {}, cwd: process.cwd() },
);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(JSON.stringify({ status, seconds, peakRssKiB: peakRssKiB(), compiled: sourceForm() === 'compiled', message: messages.join('') }));

/**
 * Peak resident memory of this process image: VmHWM, which execve resets. (getrusage's maxRSS
 * survives execve on Linux, so a child forked from a large parent would report the parent's.)
 */
function peakRssKiB() {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]);
  } catch {
    // Not Linux: fall back to getrusage.
  }
  return process.resourceUsage().maxRSS;
}
