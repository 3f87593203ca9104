import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../../src/cli/command.ts';

/** The repository root: the child processes run `node bin/griglie.js` from here. */
export const repo = fileURLToPath(new URL('../..', import.meta.url));

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run the real `griglie` command as a child process, feeding `input` on stdin (empty by default). */
export function runCli(args: string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['bin/griglie.js', ...args],
      { cwd: repo, env: { ...process.env, GRIGLIE_DEBUG: '', ...options.env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(options.input ?? '');
  });
}

/** A fresh temp folder, removed by the returned `remove`. */
export function tempFolder(): { dir: string; write(path: string, content: unknown): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'griglie-cli-'));
  return {
    dir,
    write(path, content) {
      const file = join(dir, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
      return file;
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A stack trace line, which a user's mistake must never print. */
export const STACK_LINE = /^\s+at /m;

/** In-process streams for `main()`: stdin from a string, stdout and stderr collected. */
export function memoryIo(options: { cwd: string; input?: string; env?: Record<string, string> }): CliIo & { out: () => string; err: () => string } {
  const collect = (): { stream: Writable; text: () => string } => {
    const chunks: Buffer[] = [];
    const stream = new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        chunks.push(Buffer.from(chunk));
        done();
      },
    });
    return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
  };
  const stdout = collect();
  const stderr = collect();
  return {
    stdin: Readable.from([options.input ?? '']),
    stdout: stdout.stream,
    stderr: stderr.stream,
    env: options.env ?? {},
    cwd: options.cwd,
    out: stdout.text,
    err: stderr.text,
  };
}

/** Parse NDJSON output, one value per non-empty line. */
export function parseLines(text: string): unknown[] {
  return text
    .trimEnd()
    .split('\n')
    .map((line): unknown => JSON.parse(line));
}
