/**
 * The HTTP benchmark (SPEC 11, second point): `POST /api/v1/cases/{caseId}/administrations` of the
 * real service (validate, score, store, audit; SQLite in WAL mode with `synchronous=FULL`, group
 * commit) against a bare Hono route that parses and echoes the same JSON, each server in a child
 * process of its own (`server.ts`), loaded by autocannon from this process over 127.0.0.1 at 50
 * connections. Afterwards every acknowledged administration is looked up in the database and
 * `PRAGMA integrity_check` is run. docs/performance.md explains the figures.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BenchContext, BenchFlags, BenchReport, BenchTable, Benchmark } from '../benchmark.ts';
import { intFlag } from '../benchmark.ts';
import type { ServerChild } from './children.ts';
import { killAll, startServer } from './children.ts';
import { measureCommitRate } from './commit-rate.ts';
import type { BenchRequest } from './data.ts';
import { makeAdministrationRequests } from './data.ts';
import type { LoadResult } from './load.ts';
import { runLoad } from './load.ts';
import type { ServerStats } from './server.ts';
import { checkDatabase } from './verify.ts';
import { BENCH_GRID, BENCH_VERSION, prepareDatabase } from './setup.ts';

/** SPEC 11: the real route reaches at least this share of the echo's requests/s... */
export const TARGET_RATIO = 0.3;
/** ...with a p99 latency under this many milliseconds at 50 connections. */
export const TARGET_P99_MS = 50;

const REAL = `POST administrations (${BENCH_GRID} ${BENCH_VERSION})`;
const ECHO = 'bare Hono echo of the same JSON';

export interface HttpSettings {
  connections: number;
  seconds: number;
  warmupSeconds: number;
  rounds: number;
  cases: number;
  bodies: number;
  /** Folder for `--cpu-prof` profiles of the children, or null. */
  cpuProfDir: string | null;
  keep: boolean;
}

/** Reads the flags of `npm run bench -- http [...]` (see docs/performance.md). */
export function httpSettings(flags: BenchFlags): HttpSettings {
  const prof = flags['cpu-prof'];
  return {
    connections: intFlag(flags, 'connections', 50),
    seconds: intFlag(flags, 'seconds', 10),
    warmupSeconds: intFlag(flags, 'warmup', 3),
    rounds: intFlag(flags, 'rounds', 1),
    cases: intFlag(flags, 'cases', 12),
    bodies: intFlag(flags, 'bodies', 2000),
    cpuProfDir: prof === undefined ? null : resolve(prof === true ? 'bench-profiles' : prof),
    keep: flags['keep'] === true,
  };
}

/** One measured load with the server's counters over the same window. */
interface Measured {
  load: LoadResult;
  cpuSeconds: number;
  transactions: number | null;
  writes: number | null;
  /** Wall time of the window as the child's event loop saw it, and the part it was busy. */
  loopWallMs: number;
  loopActiveMs: number;
  loopDelay: ServerStats['loopDelay'];
  /** Wall ms the writer spent in COMMIT in the window, the window's COMMITs, the longest since start. */
  commitMs: number | null;
  maxCommitMs: number | null;
  /** CPU ms of the event loop's thread and of the other threads (write worker) in the window. */
  threadCpuMs: { main: number; others: number } | null;
}

const fmt = {
  int: (n: number): string => Math.round(n).toLocaleString('en-US'),
  ms: (n: number): string => (n >= 10 ? n.toFixed(0) : n.toFixed(1)),
  ratio: (n: number): string => n.toFixed(3),
  dec: (n: number, digits = 2): string => n.toFixed(digits),
};

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Posts one body and checks the answer before any load: a wrong body would time only 4xx. */
async function probe(child: ServerChild, request: BenchRequest, token: string): Promise<void> {
  const res = await fetch(`${child.url}${request.path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: request.body,
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`the ${child.kind} server answered ${res.status} to a benchmark body: ${text.slice(0, 1000)}`);
  if (child.kind === 'echo' && JSON.stringify(JSON.parse(text)) !== request.body) throw new Error('the echo did not return the body it was sent');
  if (child.kind === 'real') {
    const answer = JSON.parse(text) as { scores?: Record<string, unknown> };
    if (answer.scores === undefined || Object.values(answer.scores).some((v) => typeof v !== 'number')) {
      throw new Error(`the real route did not score a fully answered body: ${text.slice(0, 1000)}`);
    }
  }
}

/** The id at the start of a 201 body (`{"id":"...`), without parsing the whole answer. */
function idOf(body: string): string | null {
  const prefix = '{"id":"';
  if (!body.startsWith(prefix)) return null;
  const end = body.indexOf('"', prefix.length);
  return end < 0 ? null : body.slice(prefix.length, end);
}

async function measure(child: ServerChild, requests: readonly BenchRequest[], token: string, settings: HttpSettings, onSuccess?: (body: string) => void): Promise<Measured> {
  const before = await child.stats();
  const load = await runLoad({ url: child.url, requests, token, connections: settings.connections, seconds: settings.seconds, ...(onSuccess ? { onSuccess } : {}) });
  const after = await child.stats();
  return {
    load,
    cpuSeconds: after.cpuSeconds - before.cpuSeconds,
    transactions: before.writes && after.writes ? after.writes.transactions - before.writes.transactions : null,
    writes: before.writes && after.writes ? after.writes.writes - before.writes.writes : null,
    loopWallMs: after.loopActiveMs + after.loopIdleMs - (before.loopActiveMs + before.loopIdleMs),
    loopActiveMs: after.loopActiveMs - before.loopActiveMs,
    loopDelay: after.loopDelay,
    commitMs: before.writes && after.writes ? after.writes.commitMs - before.writes.commitMs : null,
    maxCommitMs: after.writes ? after.writes.maxCommitMs : null,
    threadCpuMs:
      before.threadCpuMs && after.threadCpuMs
        ? { main: after.threadCpuMs.main - before.threadCpuMs.main, others: after.threadCpuMs.others - before.threadCpuMs.others }
        : null,
  };
}

async function runHttp(context: BenchContext): Promise<BenchReport> {
  const { log } = context;
  const settings = httpSettings(context.flags);
  const dir = mkdtempSync(join(tmpdir(), 'griglie-bench-http-'));
  const file = join(dir, 'griglie.db');
  const nodeFlags: string[] = [];
  if (settings.cpuProfDir !== null) {
    mkdirSync(settings.cpuProfDir, { recursive: true });
    nodeFlags.push('--cpu-prof', '--cpu-prof-dir', settings.cpuProfDir);
  }
  try {
    log(`disk: timing single-row durable commits in ${dir}`);
    const commitRate = measureCommitRate(join(dir, 'commit-rate.db'), { seconds: 2, maxCommits: 5000 });

    log(`preparing ${file}: ${BENCH_GRID} 1.0.0 and ${BENCH_VERSION} published, a team, an operator token, ${settings.cases} cases`);
    const prepared = await prepareDatabase(file, { cases: settings.cases, seed: 20250601 });
    const requests = makeAdministrationRequests(prepared.grid, prepared.cases, { count: settings.bodies, seed: 20250602 });
    const meanBytes = requests.reduce((sum, r) => sum + Buffer.byteLength(r.body), 0) / requests.length;

    log('starting the two servers (each in its own child process)');
    const echo = await startServer('echo', { nodeFlags });
    const real = await startServer('real', { db: file, nodeFlags });
    const acknowledged: string[] = [];
    let unreadable = 0;
    const collect = (body: string): void => {
      const id = idOf(body);
      if (id === null) unreadable++;
      else acknowledged.push(id);
    };

    await probe(echo, requests[0]!, prepared.token);
    await probe(real, requests[0]!, prepared.token);
    // The probe's administration is in the database too; its id was not collected.
    const probeRows = 1;

    const warm: Record<string, LoadResult> = {};
    for (const child of [echo, real]) {
      log(`${child.kind}: warm-up ${settings.warmupSeconds} s`);
      warm[child.kind] = await runLoad({
        url: child.url,
        requests,
        token: prepared.token,
        connections: settings.connections,
        seconds: settings.warmupSeconds,
        ...(child.kind === 'real' ? { onSuccess: collect } : {}),
      });
    }

    const rounds: { echo: Measured; real: Measured }[] = [];
    for (let round = 0; round < settings.rounds; round++) {
      // Alternate which goes first, so a slow spell of the shared machine does not always hit one.
      const order = round % 2 === 0 ? [echo, real] : [real, echo];
      const got: Partial<Record<'echo' | 'real', Measured>> = {};
      for (const child of order) {
        log(`round ${round + 1}/${settings.rounds}: ${child.kind}, ${settings.connections} connections, ${settings.seconds} s`);
        got[child.kind] = await measure(child, requests, prepared.token, settings, child.kind === 'real' ? collect : undefined);
      }
      rounds.push({ echo: got.echo!, real: got.real! });
    }

    log('stopping the servers');
    const echoFinal = await echo.stop();
    const realFinal: ServerStats = await real.stop();
    if (real.stderr().includes('error:')) log(`the real server reported errors:\n${real.stderr().slice(-3000)}`);

    log('checking the database');
    const check = checkDatabase(file, acknowledged);

    return report({ settings, rounds, warm, commitRate, check, acknowledged: acknowledged.length, unreadable, probeRows, realFinal, echoFinal, meanBytes, dir });
  } finally {
    killAll();
    if (settings.keep || settings.cpuProfDir !== null) log(`kept ${dir}${settings.cpuProfDir !== null ? `; CPU profiles in ${settings.cpuProfDir}` : ''}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

interface ReportInput {
  settings: HttpSettings;
  rounds: { echo: Measured; real: Measured }[];
  warm: Record<string, LoadResult>;
  commitRate: ReturnType<typeof measureCommitRate>;
  check: ReturnType<typeof checkDatabase>;
  acknowledged: number;
  unreadable: number;
  probeRows: number;
  realFinal: ServerStats;
  echoFinal: ServerStats;
  meanBytes: number;
  dir: string;
}

function report(input: ReportInput): BenchReport {
  const { settings, rounds, check, commitRate, realFinal } = input;
  const load: BenchTable = {
    title: `Loopback load: ${settings.connections} connections, ${settings.seconds} s per run after a ${settings.warmupSeconds} s warm-up`,
    columns: ['round', 'route', 'requests/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'completed', '2xx', 'non-2xx', 'errors (timeouts)', 'server CPU ms / request'],
    rows: [],
  };
  const row = (round: string, name: string, m: Measured): string[] => [
    round,
    name,
    fmt.int(m.load.requestsPerSecond),
    fmt.ms(m.load.p50),
    fmt.ms(m.load.p90),
    fmt.ms(m.load.p99),
    fmt.ms(m.load.max),
    fmt.int(m.load.completed),
    fmt.int(m.load.ok),
    fmt.int(m.load.non2xx),
    `${fmt.int(m.load.errors)} (${fmt.int(m.load.timeouts)})`,
    m.load.completed > 0 ? fmt.dec((1000 * m.cpuSeconds) / m.load.completed, 3) : '-',
  ];
  rounds.forEach((r, i) => {
    load.rows.push(row(String(i + 1), ECHO, r.echo), row(String(i + 1), REAL, r.real));
  });

  const ratios = rounds.map((r) => r.real.load.requestsPerSecond / r.echo.load.requestsPerSecond);
  const ratio = median(ratios);
  const p99 = median(rounds.map((r) => r.real.load.p99));
  const ratioMet = ratio >= TARGET_RATIO;
  const p99Met = p99 < TARGET_P99_MS;
  const targets: BenchTable = {
    title: `Targets (median of ${rounds.length} round${rounds.length === 1 ? '' : 's'})`,
    columns: ['target', 'measured', 'met'],
    rows: [
      [`real / echo requests/s >= ${TARGET_RATIO}`, fmt.ratio(ratio), ratioMet ? 'yes' : 'NO'],
      [`real p99 < ${TARGET_P99_MS} ms at ${settings.connections} connections`, `${fmt.ms(p99)} ms`, p99Met ? 'yes' : 'NO'],
    ],
  };

  const group: BenchTable = {
    title: 'Group commit of the real route (repository stats())',
    columns: ['window', 'transactions', 'writes', 'writes / transaction', 'transactions/s'],
    rows: [],
  };
  rounds.forEach((r, i) => {
    const { transactions, writes } = r.real;
    if (transactions === null || writes === null) return;
    group.rows.push([`round ${i + 1} (${settings.seconds} s)`, fmt.int(transactions), fmt.int(writes), fmt.dec(writes / Math.max(1, transactions)), fmt.int(transactions / r.real.load.seconds)]);
  });
  if (realFinal.writes !== null) {
    const { transactions, writes } = realFinal.writes;
    group.rows.push([`whole life of the server (${fmt.dec(realFinal.uptime, 1)} s)`, fmt.int(transactions), fmt.int(writes), fmt.dec(writes / Math.max(1, transactions)), fmt.int(transactions / realFinal.uptime)]);
  }
  group.rows.push([`disk alone: single-row commits, WAL + synchronous=FULL (${fmt.dec(commitRate.seconds, 1)} s)`, fmt.int(commitRate.commits), fmt.int(commitRate.commits), '1.00', `${fmt.int(commitRate.perSecond)} (median ${fmt.dec(commitRate.medianMs)} ms each)`]);

  const server: BenchTable = {
    title: 'Server child during each measured run',
    columns: ['round', 'route', 'event loop busy', 'event-loop thread CPU', 'other threads CPU (write worker)', 'busy, not on CPU', 'writer in COMMIT', 'COMMITs', 'mean COMMIT ms (max since start)', 'loop delay p99 / max ms'],
    rows: [],
  };
  const pct = (part: number, whole: number): string => `${fmt.dec((100 * part) / Math.max(1e-9, whole), 0)}%`;
  rounds.forEach((r, i) => {
    for (const [name, m] of [[ECHO, r.echo], [REAL, r.real]] as const) {
      const mainCpuMs = m.threadCpuMs?.main ?? 1000 * m.cpuSeconds;
      const commits = m.transactions ?? 0;
      server.rows.push([
        String(i + 1),
        name,
        pct(m.loopActiveMs, m.loopWallMs),
        pct(mainCpuMs, m.loopWallMs),
        m.threadCpuMs === null ? '-' : pct(m.threadCpuMs.others, m.loopWallMs),
        pct(Math.max(0, m.loopActiveMs - mainCpuMs), m.loopWallMs),
        m.commitMs !== null && commits > 0 ? pct(m.commitMs, m.loopWallMs) : '-',
        commits > 0 ? fmt.int(commits) : '-',
        m.commitMs !== null && commits > 0 ? `${fmt.dec(m.commitMs / commits)} (${fmt.dec(m.maxCommitMs ?? 0)})` : '-',
        `${fmt.dec(m.loopDelay.p99, 1)} / ${fmt.dec(m.loopDelay.max, 1)}`,
      ]);
    }
  });

  const expectedRows = input.acknowledged + input.probeRows;
  const database: BenchTable = {
    title: 'Database after the run (server stopped)',
    columns: ['check', 'value'],
    rows: [
      ['201 answers collected (warm-up and measured runs)', fmt.int(input.acknowledged)],
      ['of them missing from `administrations`', fmt.int(check.missing.length)],
      ['rows in `administrations` (includes the probe and requests still in flight when a run stopped)', fmt.int(check.administrations)],
      ['rows in `administration_revisions`', fmt.int(check.revisions)],
      ["audit rows `administration.create`", fmt.int(check.audited)],
      ['`PRAGMA integrity_check`', check.integrityOk ? 'ok' : check.integrityMessages.join('; ')],
    ],
  };

  const notes: string[] = [];
  notes.push(
    `Bodies: ${fmt.int(settings.bodies)} different ${BENCH_GRID} ${BENCH_VERSION} administrations over ${settings.cases} cases, ` +
      `occasions T0..T2, 6 informants, every item answered, status submitted, about ${fmt.int(input.meanBytes)} bytes each; ` +
      `each request takes the next body of the list; the echo receives the same bytes and headers.`,
  );
  notes.push(
    ratioMet && p99Met
      ? 'The real route meets both targets.'
      : `Target missed: ${[ratioMet ? null : `ratio ${fmt.ratio(ratio)} < ${TARGET_RATIO}`, p99Met ? null : `p99 ${fmt.ms(p99)} ms >= ${TARGET_P99_MS} ms`].filter((x) => x !== null).join(', ')}.`,
  );
  const durable = check.missing.length === 0 && check.integrityOk && check.administrations >= expectedRows;
  notes.push(
    durable
      ? `Every one of the ${fmt.int(input.acknowledged)} acknowledged administrations is in the database; integrity_check ok.`
      : `DATABASE CHECK FAILED: ${fmt.int(check.missing.length)} acknowledged ids missing, ${fmt.int(check.administrations)} rows for ${fmt.int(expectedRows)} expected, integrity ${check.integrityOk ? 'ok' : 'NOT ok'}.`,
  );
  if (check.revisions !== check.administrations || check.audited !== check.administrations) {
    notes.push(`Rows disagree: ${check.administrations} administrations, ${check.revisions} revisions, ${check.audited} audit rows.`);
  }
  if (input.unreadable > 0) notes.push(`${input.unreadable} 2xx answers of the real route did not start with an id.`);
  for (const [i, r] of rounds.entries()) {
    for (const [name, m] of [[ECHO, r.echo], [REAL, r.real]] as const) {
      const other = Object.entries(m.load.statuses).filter(([code]) => !code.startsWith('2'));
      if (other.length > 0) notes.push(`Round ${i + 1}, ${name}: statuses other than 2xx: ${other.map(([code, n]) => `${code} x ${n}`).join(', ')}.`);
    }
  }
  notes.push(
    `Server CPU over the whole life of each child: echo ${fmt.dec(input.echoFinal.cpuSeconds, 1)} s (event loop busy ${fmt.dec(100 * input.echoFinal.eventLoopUtilization, 0)}%), ` +
      `real ${fmt.dec(realFinal.cpuSeconds, 1)} s (event loop busy ${fmt.dec(100 * realFinal.eventLoopUtilization, 0)}%).`,
  );
  return { tables: [load, targets, server, group, database], notes };
}

export const httpBenchmark: Benchmark = {
  name: 'http',
  description: 'POST administrations of the real service against a bare Hono echo, 50 connections on loopback (SPEC 11)',
  run: runHttp,
};
