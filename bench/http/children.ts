/**
 * Starting and stopping the server children of the HTTP benchmark (`bench/http/server.ts`), with
 * the line protocol that file describes. Every child started is tracked until it exits, and
 * `killAll` ends the ones left (the benchmark calls it in `finally`, and on the parent's exit).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ServerStats } from './server.ts';

/** The repository root: children run `bin/run-ts.js` from there. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** How long a child may take to start listening, or to stop, before it is killed. */
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

export interface ServerChild {
  kind: 'real' | 'echo';
  url: string;
  pid: number;
  /** Asks for the child's current counters. */
  stats(): Promise<ServerStats>;
  /** Closes the server (and repository) gracefully; resolves with the final counters. */
  stop(): Promise<ServerStats>;
  /** What the child wrote on stderr so far. */
  stderr(): string;
}

const running = new Set<ChildProcess>();

/** Sends SIGKILL to every child still running (safe to call more than once). */
export function killAll(): void {
  for (const child of running) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  running.clear();
}

process.once('exit', killAll);

function timeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

/**
 * Starts `bench/http/server.ts KIND` (with `--db FILE` for the real service) and resolves once it
 * listens. `nodeFlags` go before the script (e.g. `--cpu-prof --cpu-prof-dir DIR`).
 */
export async function startServer(kind: 'real' | 'echo', options: { db?: string; nodeFlags?: readonly string[] } = {}): Promise<ServerChild> {
  const args = [...(options.nodeFlags ?? []), 'bin/run-ts.js', 'bench/http/server.ts', kind];
  if (options.db !== undefined) args.push('--db', options.db);
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  running.add(child);
  const exited = once(child, 'exit').then(([code, signal]) => {
    running.delete(child);
    return { code: code as number | null, signal: signal as NodeJS.Signals | null };
  });
  let errText = '';
  child.stderr.on('data', (chunk: Buffer) => (errText += chunk.toString()));

  const waiting: ((stats: ServerStats) => void)[] = [];
  let onListening: ((url: string) => void) | null = null;
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.startsWith('listening ')) onListening?.(line.slice('listening '.length));
    else if (line.startsWith('stats ')) waiting.shift()?.(JSON.parse(line.slice('stats '.length)) as ServerStats);
  });

  const failed = exited.then(({ code, signal }) => {
    throw new Error(`the ${kind} server exited (${signal ?? code}): ${errText.trim().slice(-2000)}`);
  });
  failed.catch(() => undefined);

  try {
    const url = await timeout(
      Promise.race([new Promise<string>((resolve) => (onListening = resolve)), failed]),
      START_TIMEOUT_MS,
      `starting the ${kind} server`,
    );
    const ask = (command: string, ms: number): Promise<ServerStats> => {
      const answer = new Promise<ServerStats>((resolve) => waiting.push(resolve));
      child.stdin.write(`${command}\n`);
      return timeout(Promise.race([answer, failed]), ms, `${command} of the ${kind} server`);
    };
    return {
      kind,
      url,
      pid: child.pid!,
      stats: () => ask('stats', STOP_TIMEOUT_MS),
      async stop() {
        const final = await ask('stop', STOP_TIMEOUT_MS);
        await timeout(exited, STOP_TIMEOUT_MS, `exit of the ${kind} server`);
        return final;
      },
      stderr: () => errText,
    };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}
