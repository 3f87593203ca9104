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
import { readdirSync, readFileSync } from 'node:fs';
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
  /** CPU milliseconds of the event loop's thread and of the process's other threads since start (Linux). */
  threadCpuMs: { main: number; others: number } | null;
  /** Seconds since the child started listening. */
  uptime: number;
}

/**
 * CPU milliseconds of this process's threads (Linux `/proc/self/task`): the event loop's thread
 * (whose id is the process id) apart from the others (the write worker, tsx's loader), so that the
 * report shows where the real route's CPU goes. Null where `/proc` is not there.
 */
function threadCpuMs(): { main: number; others: number } | null {
  const ticksPerMs = 100 / 1000; // USER_HZ is 100 on Linux.
  try {
    let main = 0;
    let others = 0;
    for (const task of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${task}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces) start after its closing parenthesis.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ms = (Number(fields[11]) + Number(fields[12])) / ticksPerMs;
      if (Number(task) === process.pid) main += ms;
      else others += ms;
    }
    return { main, others };
  } catch {
    return null;
  }
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
    repo = openSqliteRepository({ file, writes: 'worker' });
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
    return {
      kind,
      writes: repo === null ? null : repo.stats(),
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      eventLoopUtilization: elu.utilization,
      loopActiveMs: elu.active,
      loopIdleMs: elu.idle,
      loopDelay,
      threadCpuMs: threadCpuMs(),
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
