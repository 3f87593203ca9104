import type { CliIo } from './command.ts';

/**
 * The real process's streams, environment and working directory: the only place the command line
 * reads `process`, so that commands stay testable with injected streams.
 */
export function processIo(): CliIo {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}
