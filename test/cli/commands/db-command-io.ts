import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterEach } from 'vitest';
import type { CliIo, Command } from '../../../src/cli/command.ts';
import { EXIT_INVALID_INPUT, EXIT_USAGE, UsageError } from '../../../src/cli/command.ts';
import { EngineError } from '../../../src/errors.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh working directory, removed after the test. */
export function workDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'griglie-cli-db-'));
  dirs.push(dir);
  return dir;
}

export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
  /** The refusal, when run() threw (main() turns it into the status). */
  error: Error | null;
}

/**
 * Calls a command's run() with in-memory streams, mapping what it throws to the exit status main()
 * would give (UsageError 2, EngineError 1), so that tests read like command-line sessions.
 */
export async function runCommand(command: Command, args: string[], options: { cwd: string; env?: Record<string, string | undefined> }): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (text: string) => void) =>
    new Writable({
      write(chunk: Buffer | string, _encoding, callback) {
        append(chunk.toString());
        callback();
      },
    });
  const io: CliIo = {
    stdin: new PassThrough(),
    stdout: sink((text) => (stdout += text)),
    stderr: sink((text) => (stderr += text)),
    env: options.env ?? {},
    cwd: options.cwd,
  };
  try {
    const status = await command.run(args, io);
    return { status, stdout, stderr, error: null };
  } catch (error) {
    if (error instanceof UsageError) return { status: EXIT_USAGE, stdout, stderr, error };
    if (error instanceof EngineError) return { status: EXIT_INVALID_INPUT, stdout, stderr, error };
    throw error;
  }
}
