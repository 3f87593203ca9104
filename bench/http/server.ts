/**
 * The server side of the HTTP benchmark, run in a child process of its own so that the load
 * generator in the parent does not share its event loop:
 *
 *   node bin/run-ts.js bench/http/server.ts real --db FILE
 *   node bin/run-ts.js bench/http/server.ts echo
 *
 * `real` serves `createApp` over the SQLite repository of FILE (prepared by the parent: grid
 * versions published, team, token and cases), as `griglie serve` does; `echo` serves a bare Hono
 * route at the same path that parses the JSON body and returns it. Both listen on 127.0.0.1 on a
 * free port through @hono/node-server.
 *
 * Protocol on stdio, one line each: the child prints `listening URL`; the parent writes `stats`
 * to get `stats {json}` (write counters of the repository, CPU time, event-loop utilization) and
 * `stop` (or closes stdin, which also happens when the parent dies) to make the child close the
 * server and the repository, print its final `stats` line and exit.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { serve } from '@hono/node-server';
import type { ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { createApp } from '../../src/http/index.ts';
import { createGridRegistry } from '../../src/service/index.ts';
import { openSqliteRepository } from '../../src/storage/index.ts';
import type { WriteStats } from '../../src/storage/index.ts';

/** What the child reports on `stats` and on exit. */
export interface ServerStats {
  kind: 'real' | 'echo';
  /** Transactions and writes of the repository's group commit (real only). */
  writes: WriteStats | null;
  /** CPU seconds of the child since it started (user + system). */
  cpuSeconds: number;
  /** Share of wall time the event loop was busy since it started. */
  eventLoopUtilization: number;
  /** Milliseconds the event loop was busy (running code or blocked in a call such as fsync) and idle since it started. */
  loopActiveMs: number;
  loopIdleMs: number;
  /** Event-loop delay since the previous `stats` line (ms): how long a ready callback waited. */
  loopDelay: { p50: number; p99: number; max: number };
  /**
   * `COMMIT`s run on the connection and the wall time they blocked the event loop (fsync,
   * checkpoints) since the child started; `maxMs` since the previous `stats` line.
   */
  commits: { count: number; totalMs: number; maxMs: number };
  /** Seconds since the child started listening. */
  uptime: number;
}

const commits = { count: 0, totalMs: 0, maxMs: 0 };

/**
 * Times every `COMMIT` the repository runs: better-sqlite3 is synchronous, so a commit's fsync (and
 * the WAL checkpoint SQLite may run inside it) blocks the event loop for its whole duration, which
 * CPU time does not show. Wrapping the prototype's `exec` leaves the repository's code untouched.
 */
function timeCommits(): void {
  // Called with the connection as `this` below, never detached.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const exec = Database.prototype.exec;
  Database.prototype.exec = function timedExec(this: Database.Database, source: string) {
    if (source !== 'COMMIT') return exec.call(this, source);
    const start = performance.now();
    try {
      return exec.call(this, source);
    } finally {
      const ms = performance.now() - start;
      commits.count += 1;
      commits.totalMs += ms;
      if (ms > commits.maxMs) commits.maxMs = ms;
    }
  };
}

const ECHO_PATH = '/api/v1/cases/:caseId/administrations';

/** A bare Hono app with one route: parse the JSON body and send it back. */
function createEchoApp(): Hono {
  const app = new Hono();
  app.post(ECHO_PATH, async (c) => c.json(await c.req.json<unknown>(), 201));
  return app;
}

function listen(fetch: Parameters<typeof serve>[0]['fetch']): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => {
      server.off('error', reject);
      resolve(server);
    });
    server.once('error', reject);
  });
}

function closeServer(server: ServerType): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    if ('closeAllConnections' in server) server.closeAllConnections();
  });
}

async function main(argv: readonly string[]): Promise<void> {
  const kind = argv[0];
  if (kind !== 'real' && kind !== 'echo') throw new Error('usage: server.ts real --db FILE | echo');
  const dbIndex = argv.indexOf('--db');
  const file = dbIndex >= 0 ? argv[dbIndex + 1] : undefined;

  let repo: ReturnType<typeof openSqliteRepository> | null = null;
  let fetch: Parameters<typeof serve>[0]['fetch'];
  if (kind === 'real') {
    if (file === undefined) throw new Error('server.ts real needs --db FILE');
    timeCommits();
    repo = openSqliteRepository({ file });
    const grids = createGridRegistry({ repo });
    const problems = await grids.load();
    if (problems.length > 0) throw new Error(`grid versions that do not compile: ${problems.map((p) => `${p.grid}@${p.version}`).join(', ')}`);
    const app = createApp({ repo, grids, reportError: (error) => console.error('error:', error) });
    fetch = app.fetch;
  } else {
    fetch = createEchoApp().fetch;
  }

  const server = await listen(fetch);
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const eluStart = performance.eventLoopUtilization();
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const stats = (): ServerStats => {
    const cpu = process.cpuUsage(cpuStart);
    const elu = performance.eventLoopUtilization(eluStart);
    const loopDelay = { p50: delay.percentile(50) / 1e6, p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 };
    delay.reset();
    const commitsNow = { ...commits };
    commits.maxMs = 0;
    return {
      kind,
      writes: repo === null ? null : repo.stats(),
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      eventLoopUtilization: elu.utilization,
      loopActiveMs: elu.active,
      loopIdleMs: elu.idle,
      loopDelay,
      commits: commitsNow,
      uptime: (performance.now() - started) / 1000,
    };
  };
  const address = server.address() as AddressInfo;
  process.stdout.write(`listening http://127.0.0.1:${address.port}\n`);

  const lines = createInterface({ input: process.stdin });
  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await closeServer(server);
      const final = stats();
      if (repo !== null) await repo.close();
      process.stdout.write(`stats ${JSON.stringify(final)}\n`);
      lines.close();
      process.stdin.destroy();
    })());

  lines.on('line', (line) => {
    if (line === 'stats') process.stdout.write(`stats ${JSON.stringify(stats())}\n`);
    else if (line === 'stop') void stop();
  });
  // stdin closes when the parent ends it or dies: never outlive the benchmark.
  lines.on('close', () => void stop());
  process.on('SIGTERM', () => void stop());
  await new Promise<void>((resolve) => lines.once('close', resolve));
  await stop();
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
}
