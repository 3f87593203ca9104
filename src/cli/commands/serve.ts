import { readdir, readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { serve } from '@hono/node-server';
import type { ServerType } from '@hono/node-server';
import { parsePort, readEnv, readKeysDir } from '../../env.ts';
import { EngineError } from '../../errors.ts';
import { projectFile } from '../../project-files.ts';
import { createFileKeyStore } from '../../export/index.ts';
import { createApp } from '../../http/index.ts';
import { generateTokenSecret, hashTokenSecret } from '../../identity/index.ts';
import { createGridRegistry } from '../../service/index.ts';
import { compareVersionText } from '../../versions/index.ts';
import { COMMAND_LINE_ACTOR, openSqliteRepository } from '../../storage/index.ts';
import type { Repository } from '../../storage/index.ts';
import { parseCommandArgs, expectPositionals } from '../args.ts';
import type { Command } from '../command.ts';
import { EXIT_INVALID_INPUT, EXIT_OK, UsageError } from '../command.ts';
import { resolveDbFile } from '../db-option.ts';
import { formatIssue, write } from '../report.ts';

/** The grid versions shipped with griglie, published on start when not yet in the database. */
export const INSTRUMENTS_DIR = projectFile('instruments');

/** How long shutdown waits for in-flight requests before closing their connections. */
const SHUTDOWN_GRACE_MS = 10_000;

export interface ServeOptions {
  /** Database file (created and migrated when new). */
  db: string;
  /** Folder of the research projects' pseudonymisation keys (kept apart from the database). */
  keys: string;
  port: number;
  host: string;
  instrumentsDir?: string;
  stdout: Writable;
  stderr: Writable;
}

/** A started service: where it listens and how to stop it. */
export interface RunningService {
  url: string;
  /** Stops accepting, lets in-flight requests finish, flushes and closes the repository. */
  close(): Promise<void>;
}

/**
 * Opens the database, publishes the shipped grid versions not yet published, creates the demo
 * team and tokens on an empty database, and serves the API until `close()`.
 *
 * @example
 * const service = await startService({ db: 'data/griglie.db', keys: 'data/keys', port: 0, host: '127.0.0.1', stdout, stderr });
 * await service.close();
 */
export async function startService(options: ServeOptions): Promise<RunningService> {
  // Writes on a worker thread: their inserts and fsyncs never hold up the requests being served.
  const repo = openSqliteRepository({ file: options.db, writes: 'worker' });
  let server: ServerType;
  try {
    await repo.ready();
    const grids = createGridRegistry({ repo });
    await publishInstruments(grids, options.instrumentsDir ?? INSTRUMENTS_DIR, options.stderr);
    for (const problem of await grids.load()) {
      await write(options.stderr, `warning: ${problem.grid}@${problem.version} does not compile; it is not served.\n`);
    }
    await createDemoOnFirstStart(repo, options.stdout);
    const app = createApp({ repo, grids, pseudonymKeys: createFileKeyStore(options.keys), reportError: (error) => void write(options.stderr, `error: ${describe(error)}\n`) });
    server = await listen(app.fetch, options.port, options.host);
  } catch (error) {
    await repo.close();
    throw error;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  await write(options.stdout, `griglie listening on ${url}\n`);

  let closing: Promise<void> | null = null;
  return {
    url,
    close() {
      closing ??= (async () => {
        await stopServer(server);
        await repo.close();
      })();
      return closing;
    },
  };
}

/** Resolves on the first SIGTERM or SIGINT (the only place serve looks at the process). */
export function processStopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string): void => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      resolve(signal);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}

/** `griglie serve`, stopping when `waitForStop` resolves (a signal, by default). */
export function createServeCommand(waitForStop: () => Promise<string> = processStopSignal): Command {
  return {
    name: 'serve',
    summary: 'serve the JSON API (default 127.0.0.1:8080; PORT, HOST, GRIGLIE_DB)',
    usage:
      'griglie serve [--db FILE] [--port N] [--host ADDR] [--keys DIR]\n' +
      '--port 0 picks a free port. SIGTERM or SIGINT stops it gracefully. --keys (or GRIGLIE_KEYS, default ./data/keys) holds the pseudonymisation keys of research exports.',
    async run(args, io) {
      const { values, positionals } = parseCommandArgs(args, {
        db: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        keys: { type: 'string' },
      });
      expectPositionals(positionals, 0, 0, '');
      const env = readEnv(io.env);
      let port = env.port;
      if (values.port !== undefined) {
        const parsed = parsePort(values.port);
        if (parsed === null) throw new UsageError('--port takes a whole number from 0 to 65535');
        port = parsed;
      }
      const stopped = waitForStop();
      let service: RunningService;
      try {
        service = await startService({
          db: resolveDbFile(values.db, io),
          keys: resolve(io.cwd, values.keys ?? readKeysDir(io.env)),
          port,
          host: values.host ?? env.host,
          stdout: io.stdout,
          stderr: io.stderr,
        });
      } catch (error) {
        if (error instanceof EngineError) throw error;
        await write(io.stderr, `griglie serve: ${describe(error)}\n`);
        return EXIT_INVALID_INPUT;
      }
      await stopped;
      await service.close();
      return EXIT_OK;
    },
  };
}

export const serveCommand: Command = createServeCommand();

function listen(fetch: Parameters<typeof serve>[0]['fetch'], port: number, hostname: string): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port, hostname }, () => {
      server.off('error', reject);
      resolve(server);
    });
    server.once('error', reject);
  });
}

/** Stop accepting; idle keep-alive connections close now, busy ones after their response. */
function stopServer(server: ServerType): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => {
      if ('closeAllConnections' in server) server.closeAllConnections();
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    if ('closeIdleConnections' in server) server.closeIdleConnections();
  });
}

/**
 * Publishes every `instruments/<grid>/<version>.json` not yet published, oldest version first so
 * each bump is checked against its predecessor. Same content: nothing; anything refused: a
 * warning, never a crash (the service still serves what it has).
 */
export async function publishInstruments(grids: ReturnType<typeof createGridRegistry>, dir: string, stderr: Writable): Promise<void> {
  let folders: string[];
  try {
    folders = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  } catch {
    return; // No instruments folder: nothing shipped to publish.
  }
  for (const folder of folders) {
    const files = (await readdir(join(dir, folder)))
      .filter((name) => /^\d+\.\d+\.\d+\.json$/.test(name))
      .sort((a, b) => compareVersionText(a.slice(0, -5), b.slice(0, -5)));
    for (const name of files) {
      const file = join(dir, folder, name);
      try {
        await grids.publish(JSON.parse(await readFile(file, 'utf8')) as unknown, COMMAND_LINE_ACTOR);
      } catch (error) {
        const where = `warning: ${join('instruments', folder, name)}`;
        if (error instanceof EngineError && error.issues.length > 0) {
          await write(stderr, `${where}: not published: ${error.message}\n`);
          for (const issue of error.issues) await write(stderr, formatIssue(where, issue) + '\n');
        } else {
          await write(stderr, `${where}: not published: ${describe(error)}\n`);
        }
      }
    }
  }
}

/** On an empty database: team `demo` (zone `demo`), an admin token and a demo operator token, printed once. */
async function createDemoOnFirstStart(repo: Repository, stdout: Writable): Promise<void> {
  if ((await repo.listTeams()).length > 0 || (await repo.listTokens()).length > 0) return;
  await repo.createTeam({ id: 'demo', zone: 'demo' }, COMMAND_LINE_ACTOR);
  const admin = generateTokenSecret();
  await repo.createToken({ hash: hashTokenSecret(admin), role: 'admin', name: 'demo admin', team: null, project: null, expiresAt: null }, COMMAND_LINE_ACTOR);
  const operator = generateTokenSecret();
  await repo.createToken(
    { hash: hashTokenSecret(operator), role: 'operator', name: 'demo operator', team: 'demo', project: null, expiresAt: null },
    COMMAND_LINE_ACTOR,
  );
  await write(
    stdout,
    [
      'First start: created team "demo" (zone "demo") and two tokens. They are shown only now; keep them safe.',
      `admin token: ${admin}`,
      `operator token (team demo): ${operator}`,
      '',
    ].join('\n'),
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
