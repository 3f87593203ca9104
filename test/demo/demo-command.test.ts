import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoCommand } from '../../src/cli/commands/demo.ts';
import { compileGrid } from '../../src/compiler/index.ts';
import type { CompiledGrid } from '../../src/compiler/index.ts';
import type { EngineError } from '../../src/errors.ts';
import type { Grid, Responses } from '../../src/grid/index.ts';
import { verifyToken } from '../../src/identity/index.ts';
import { openSqliteRepository } from '../../src/storage/index.ts';
import type { CaseDetail, Repository } from '../../src/storage/index.ts';
import { runCommand } from '../cli/commands/db-command-io.ts';
import type { RunResult } from '../cli/commands/db-command-io.ts';

/** The demo's last day is pinned, so that runs on different days agree. */
const TODAY = new Date('2026-03-01T09:00:00Z');
const demo = createDemoCommand(() => TODAY);

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'griglie-demo-'));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

let counter = 0;
function freshDb(): string {
  counter += 1;
  return join(root, `demo-${counter}.db`);
}

function runDemo(db: string, ...args: string[]): Promise<RunResult> {
  return runCommand(demo, ['--db', db, ...args], { cwd: root });
}

async function withRepo<T>(db: string, work: (repo: Repository) => Promise<T>): Promise<T> {
  const repo = openSqliteRepository({ file: db });
  try {
    return await work(repo);
  } finally {
    await repo.close();
  }
}

async function detailsOf(repo: Repository): Promise<CaseDetail[]> {
  const out: CaseDetail[] = [];
  for (const record of await repo.listCases({})) {
    const detail = await repo.getCaseDetail(record.id);
    if (detail === null) throw new Error(`case ${record.id} vanished`);
    out.push(detail);
  }
  return out;
}

/** The printed `name: N` count. */
function printed(stdout: string, name: string): number {
  const match = new RegExp(`^${name}: (\\d+)`, 'm').exec(stdout);
  if (match === null) throw new Error(`no "${name}:" line in\n${stdout}`);
  return Number(match[1]);
}

/** A digest of everything the demo stored, without ids and timestamps. */
async function digestOf(db: string): Promise<string> {
  const cases = await withRepo(db, detailsOf);
  const rows = cases
    .map((c) => ({
      team: c.team,
      zone: c.zone,
      reference: c.reference,
      birthYearMonth: c.birthYearMonth,
      sex: c.sex,
      occasions: c.occasions.map((o) => [o.name, o.date, o.livingSituation]).sort(),
      interventions: c.interventions.map((i) => [i.type, i.start, i.end, i.notes]).sort(),
      administrations: c.administrations
        .map((a) => JSON.stringify([a.occasion, a.grid, a.informant, a.date, a.version, a.status, a.current.responses, a.current.scoring.scores, a.current.scoring.bands]))
        .sort(),
    }))
    .sort((a, b) => (`${a.team}/${a.reference}` < `${b.team}/${b.reference}` ? -1 : 1));
  return createHash('sha256').update(JSON.stringify(rows)).digest('hex');
}

describe('griglie demo on a new database', () => {
  let file = '';
  let result: RunResult;
  let cases: CaseDetail[];

  beforeAll(async () => {
    file = freshDb();
    result = await runDemo(file, '--cases', '40');
    cases = await withRepo(file, detailsOf);
  }, 60_000);

  it('exits 0 and prints counts that match what is stored', async () => {
    expect(result.error).toBeNull();
    expect(result.status).toBe(0);
    const teams = await withRepo(file, (repo) => repo.listTeams());
    expect(printed(result.stdout, 'cases')).toBe(40);
    expect(cases).toHaveLength(40);
    expect(printed(result.stdout, 'teams')).toBe(teams.length);
    expect(printed(result.stdout, 'zones')).toBe(new Set(teams.map((t) => t.zone)).size);
    expect(printed(result.stdout, 'occasions')).toBe(cases.reduce((n, c) => n + c.occasions.length, 0));
    expect(printed(result.stdout, 'administrations')).toBe(cases.reduce((n, c) => n + c.administrations.length, 0));
    expect(printed(result.stdout, 'interventions')).toBe(cases.reduce((n, c) => n + c.interventions.length, 0));
    expect(teams.length).toBeGreaterThanOrEqual(4);
    expect(teams.map((t) => t.zone)).toEqual(expect.arrayContaining(['firenze', 'pisa', 'livorno', 'lucca']));
    expect(result.stdout).toContain('griglie token create --role operator --team ');
  });

  it('shows one admin token, alone on its last line, and leaves no other usable token', async () => {
    const lines = result.stdout.trimEnd().split('\n');
    const secret = lines[lines.length - 1] ?? '';
    await withRepo(file, async (repo) => {
      const principal = await verifyToken(repo, secret, TODAY);
      expect(principal?.role).toBe('admin');
      const tokens = await repo.listTokens();
      const active = tokens.filter((t) => t.revokedAt === null);
      expect(active.map((t) => t.role)).toEqual(['admin']);
      // Every administration names an author token of its case's team.
      const authorTeams = new Map(tokens.map((t) => [t.id, t.team]));
      for (const c of cases) for (const a of c.administrations) expect(authorTeams.get(a.current.authorTokenId)).toBe(c.team);
    });
    expect(result.stdout.match(/grg_[A-Za-z0-9_-]{43}/g)).toHaveLength(1);
  });

  it('stores, for every administration, the scores the compiled scorer gives for its responses', async () => {
    const compiled = new Map<string, CompiledGrid>();
    await withRepo(file, async (repo) => {
      for (const record of await repo.listGridVersions()) {
        compiled.set(`${record.grid}@${record.version}`, compileGrid(JSON.parse(record.definition) as Grid));
      }
    });
    let checked = 0;
    for (const c of cases) {
      for (const a of c.administrations) {
        const grid = compiled.get(`${a.grid}@${a.version}`);
        if (grid === undefined) throw new Error(`no compiled ${a.grid}@${a.version}`);
        expect(grid.checkResponses(a.current.responses, 'submitted')).toEqual({ ok: true });
        const expected = grid.score(a.current.responses as Responses);
        expect(a.current.scoring.scores).toEqual(expected.scores);
        expect(a.current.scoring.bands).toEqual(expected.bands);
        expect(a.current.scoring.gridSha256).toBe(grid.sha256);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(40 * 3);
  });

  it('holds occasions in order T0 < T1 < T2, interventions starting after T0, children 0-17 at intake', () => {
    for (const c of cases) {
      const dates = new Map(c.occasions.map((o) => [o.name, o.date]));
      const t0 = dates.get('T0');
      expect(t0).toBeDefined();
      if (t0 === undefined) continue;
      expect([...dates.keys()].every((name) => ['T0', 'T1', 'T2'].includes(name))).toBe(true);
      const t1 = dates.get('T1');
      const t2 = dates.get('T2');
      if (t1 !== undefined) expect(t1 > t0).toBe(true);
      if (t2 !== undefined) expect(t2 > (t1 ?? t0)).toBe(true);
      expect(t0 <= '2026-03-01' && t0 >= '2024-03-01').toBe(true);
      for (const o of c.occasions) expect(o.livingSituation).not.toBeNull();
      expect(c.interventions.length).toBeGreaterThanOrEqual(1);
      expect(c.interventions.length).toBeLessThanOrEqual(3);
      for (const i of c.interventions) {
        expect(i.type).toMatch(/^4[1-7]0$/);
        expect(i.start >= t0).toBe(true);
        if (i.end !== null) expect(i.end >= i.start).toBe(true);
      }
      const ageMonths = monthsBetween(c.birthYearMonth, t0.slice(0, 7));
      expect(ageMonths).toBeGreaterThanOrEqual(0);
      expect(ageMonths).toBeLessThan(18 * 12);
      expect(c.reference).toMatch(/^[A-Z]{2}-\d{4}-\d{4}$/);
    }
    // Some cases are followed to T2, some not (yet).
    const withT2 = cases.filter((c) => c.occasions.some((o) => o.name === 'T2')).length;
    expect(withT2).toBeGreaterThan(0);
    expect(withT2).toBeLessThan(cases.length);
  });

  it('improves the mean mondo-del-bambino total from T0 to T2 across cases, each case on one version', () => {
    const t0: number[] = [];
    const t2: number[] = [];
    const versions = new Set<string>();
    for (const c of cases) {
      const mondo = c.administrations.filter((a) => a.grid === 'mondo-del-bambino');
      expect(new Set(mondo.map((a) => a.version)).size).toBe(1);
      for (const a of mondo) versions.add(a.version);
      const mean = (occasion: string): number | null => {
        const values = mondo.filter((a) => a.occasion === occasion).map((a) => a.current.scoring.scores['totale']).filter((v): v is number => typeof v === 'number');
        return values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;
      };
      const [a, b] = [mean('T0'), mean('T2')];
      if (a !== null && b !== null) {
        t0.push(a);
        t2.push(b);
      }
    }
    expect(t0.length).toBeGreaterThanOrEqual(5);
    const avg = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
    expect(avg(t2)).toBeGreaterThan(avg(t0));
    expect([...versions].sort()).toEqual(['1.0.0', '1.1.0']);
  });
});

describe('griglie demo, seeds and refusals', () => {
  it('gives the same data for the same seed, and other data for another seed', async () => {
    const [a, b, c] = [freshDb(), freshDb(), freshDb()];
    expect((await runDemo(a, '--cases', '8', '--seed', 'toscana')).status).toBe(0);
    expect((await runDemo(b, '--cases', '8', '--seed', 'toscana')).status).toBe(0);
    expect((await runDemo(c, '--cases', '8', '--seed', 'altro')).status).toBe(0);
    const [da, db, dc] = [await digestOf(a), await digestOf(b), await digestOf(c)];
    expect(da).toBe(db);
    expect(dc).not.toBe(da);
  }, 60_000);

  it('refuses, with exit 1 and nothing written, a database that already holds cases', async () => {
    const file = freshDb();
    expect((await runDemo(file, '--cases', '3')).status).toBe(0);
    const snapshot = (repo: Repository) =>
      Promise.all([repo.listCases({}), repo.listTokens(), repo.listTeams(), repo.listGridVersions(), repo.queryAudit({})]).then((parts) =>
        parts.map((p) => p.length),
      );
    const before = await withRepo(file, snapshot);
    const again = await runDemo(file, '--cases', '3');
    expect(again.status).toBe(1);
    expect((again.error as EngineError).code).toBe('conflict');
    expect((again.error as EngineError).issues.map((i) => [i.code, i.path])).toEqual([['database_has_cases', '/db']]);
    expect(again.stdout).toBe('');
    expect(await withRepo(file, snapshot)).toEqual(before);
  }, 60_000);

  it('refuses a --cases that is not a positive whole number (exit 1) and unknown flags (exit 2)', async () => {
    const bad = await runDemo(freshDb(), '--cases', 'many');
    expect(bad.status).toBe(1);
    expect((bad.error as EngineError).issues.map((i) => [i.code, i.path])).toEqual([['invalid_cases', '/cases']]);
    expect((await runDemo(freshDb(), '--force')).status).toBe(2);
  });
});

function monthsBetween(fromYearMonth: string, toYearMonth: string): number {
  const [y1, m1] = fromYearMonth.split('-').map(Number) as [number, number];
  const [y2, m2] = toYearMonth.split('-').map(Number) as [number, number];
  return (y2 - y1) * 12 + (m2 - m1);
}
