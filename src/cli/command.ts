import type { Readable, Writable } from 'node:stream';

/** Where a command reads and writes; tests pass their own streams. */
export interface CliIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  /** The environment (only env.ts-style readers look at it; injected for tests). */
  env: Record<string, string | undefined>;
  /** Working directory relative paths are resolved against. */
  cwd: string;
}

/** Exit statuses of SPEC 10. */
export const EXIT_OK = 0;
export const EXIT_INVALID_INPUT = 1;
export const EXIT_USAGE = 2;

/** A thrown usage mistake: printed with the command's usage, exit 2. */
export class UsageError extends Error {}

/**
 * One `griglie` subcommand. `run` returns the exit status; it throws UsageError for wrong usage
 * and EngineError for invalid input (main() prints both without a stack trace).
 */
export interface Command {
  name: string;
  /** One line for `griglie --help`. */
  summary: string;
  /** Usage lines, e.g. `griglie compile FILE --out DIR`. */
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}
