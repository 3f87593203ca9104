import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Grid } from '../../src/grid/index.ts';
import { createFileKeyStore } from '../../src/export/index.ts';
import { createApp } from '../../src/http/index.ts';
import { hashTokenSecret, generateTokenSecret } from '../../src/identity/index.ts';
import { createGridRegistry } from '../../src/service/index.ts';
import { openSqliteRepository } from '../../src/storage/index.ts';
import type { Role, SqliteRepository } from '../../src/storage/index.ts';
import Database from 'better-sqlite3';

/**
 * A small grid for the API tests (items invented for the tests): a 1..4 scale with missing code
 * NA, a `bambino` section any informant rates (a required item and an optional one), a `genitori`
 * section only professionals rate (an item with facets `current` and `potential`), two scores
 * with bands, and occasions T0, T1 (6 months +/- 30 days) and T2 (12 months +/- 30 days).
 */
export function testGrid(version = '1.0.0'): Grid {
  return {
    id: 'prova-api',
    version,
    title: { it: 'Griglia di prova API', en: 'API test grid' },
    informants: ['social_worker', 'educator', 'parent'],
    occasions: [
      { id: 'T0' },
      { id: 'T1', after: 'T0', months: 6, toleranceDays: 30 },
      { id: 'T2', after: 'T0', months: 12, toleranceDays: 30 },
    ],
    scales: {
      quattro: {
        options: [
          { value: 1, label: { it: 'Problema grave' } },
          { value: 2, label: { it: 'Problema' } },
          { value: 3, label: { it: 'Adeguato' } },
          { value: 4, label: { it: 'Punto di forza' } },
        ],
        missing: [{ code: 'NA', label: { it: 'Non applicabile' } }],
      },
    },
    sections: [
      {
        id: 'bambino',
        label: { it: 'Il bambino' },
        items: [
          { id: 'salute', label: { it: 'Salute' }, scale: 'quattro', required: true },
          { id: 'gioco', label: { it: 'Gioco' }, scale: 'quattro' },
        ],
      },
      {
        id: 'genitori',
        label: { it: 'I genitori' },
        informants: ['social_worker', 'educator'],
        items: [
          {
            id: 'cura',
            label: { it: 'Cura quotidiana' },
            scale: 'quattro',
            facets: [
              { id: 'current', label: { it: 'Attuale' } },
              { id: 'potential', label: { it: 'Potenziale' } },
            ],
          },
        ],
      },
    ],
    scores: [
      {
        id: 'bambino',
        label: { it: 'Bambino' },
        method: 'sum',
        inputs: [{ section: 'bambino' }],
        minAnswered: { count: 1 },
        direction: 'higher_is_better',
        bands: [
          { id: 'concern', label: { it: 'Preoccupazione' }, min: 1, max: 5 },
          { id: 'adequate', label: { it: 'Adeguato' }, min: 5, max: 8 },
        ],
      },
      {
        id: 'cura_attuale',
        label: { it: 'Cura attuale' },
        method: 'mean',
        inputs: [{ item: 'cura', facet: 'current' }],
        direction: 'higher_is_better',
      },
    ],
    examples: [
      {
        name: 'tutto valutato',
        responses: { salute: 3, gioco: 4, cura: { current: 2, potential: 3 } },
        expect: { scores: { bambino: 7, cura_attuale: 2 }, bands: { bambino: 'adequate' } },
      },
    ],
  };
}

export const GRID = 'prova-api';

/** Teams of the tests: A and B in zone Z1, C in zone Z2. */
export const TEAMS = { A: { id: 'team-a', zone: 'zone-1' }, B: { id: 'team-b', zone: 'zone-1' }, C: { id: 'team-c', zone: 'zone-2' } } as const;

export type TokenName =
  | 'operatorA'
  | 'operatorB'
  | 'operatorC'
  | 'coordinatorA'
  | 'methodologist'
  | 'researcher'
  | 'admin'
  | 'revoked'
  | 'expired';

export interface Harness {
  dir: string;
  file: string;
  repo: SqliteRepository;
  app: ReturnType<typeof createApp>;
  tokens: Record<TokenName, string>;
  /** Unexpected errors the app reported (tests assert none). */
  errors: unknown[];
  now: { value: Date };
  request(method: string, path: string, options?: { token?: string | null; body?: unknown; raw?: string; headers?: Record<string, string>; address?: string }): Promise<Response>;
  /** Rows in every table of the database, for "wrote nothing" checks. */
  rowCounts(): Record<string, number>;
  close(): Promise<void>;
}

/** A fresh database in a temp dir, the test grid published, three teams and a token per role. */
export async function createHarness(options: { publish?: boolean } = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'griglie-http-'));
  const file = join(dir, 'griglie.db');
  const now = { value: new Date('2025-06-01T10:00:00Z') };
  const clock = (): Date => now.value;
  const repo = openSqliteRepository({ file, clock });
  const grids = createGridRegistry({ repo });
  const system = { tokenId: null, role: null };
  for (const team of Object.values(TEAMS)) await repo.createTeam(team, system);
  const project = await repo.createProject({ name: 'valutazione-2025', protocol: 'CE-2025-001' }, system);

  const tokens = {} as Record<TokenName, string>;
  const make = async (name: TokenName, role: Role, team: string | null, extra: { project?: number; expiresAt?: string } = {}) => {
    const secret = generateTokenSecret();
    const record = await repo.createToken(
      { hash: hashTokenSecret(secret), role, name, team, project: extra.project ?? null, expiresAt: extra.expiresAt ?? null },
      system,
    );
    tokens[name] = secret;
    return record;
  };
  await make('operatorA', 'operator', TEAMS.A.id);
  await make('operatorB', 'operator', TEAMS.B.id);
  await make('operatorC', 'operator', TEAMS.C.id);
  await make('coordinatorA', 'coordinator', TEAMS.A.id);
  await make('methodologist', 'methodologist', null);
  await make('researcher', 'researcher', null, { project: project.id });
  await make('admin', 'admin', null);
  const revoked = await make('revoked', 'operator', TEAMS.A.id);
  await repo.revokeToken(revoked.id, system);
  await make('expired', 'operator', TEAMS.A.id, { expiresAt: '2025-01-01T00:00:00.000Z' });

  if (options.publish !== false) await grids.publish(testGrid(), { tokenId: null, role: 'methodologist' });

  const errors: unknown[] = [];
  const app = createApp({ repo, grids, clock, pseudonymKeys: createFileKeyStore(join(dir, 'keys')), reportError: (e) => errors.push(e) });

  const request: Harness['request'] = (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token) headers['authorization'] = `Bearer ${opts.token}`;
    let body: string | undefined;
    if (opts.raw !== undefined) body = opts.raw;
    else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const init: RequestInit = { method, headers };
    if (body !== undefined) init.body = body;
    const env = { incoming: { socket: { remoteAddress: opts.address ?? '192.0.2.1' } } };
    return Promise.resolve(app.request(path, init, env));
  };

  const rowCounts = (): Record<string, number> => {
    const db = new Database(file, { readonly: true });
    try {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'").all() as { name: string }[];
      return Object.fromEntries(tables.map(({ name }) => [name, (db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n]));
    } finally {
      db.close();
    }
  };

  return {
    dir,
    file,
    repo,
    app,
    tokens,
    errors,
    now,
    request,
    rowCounts,
    async close() {
      await repo.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A case of team A, B or C opened through the API by that team's operator. */
export async function openCaseFor(h: Harness, team: 'A' | 'B' | 'C', reference = `rif-${team}`): Promise<string> {
  const res = await h.request('POST', '/api/v1/cases', {
    token: h.tokens[`operator${team}`],
    body: { reference, birthYearMonth: '2016-04', sex: 'F' },
  });
  if (res.status !== 201) throw new Error(`opening a case answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** A valid administration body for the test grid. */
export function administrationBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    grid: GRID,
    version: '1.0.0',
    occasion: 'T0',
    date: '2025-01-15',
    informant: 'social_worker',
    responses: { salute: 3, gioco: 4, cura: { current: 2, potential: 3 } },
    status: 'submitted',
    ...overrides,
  };
}
