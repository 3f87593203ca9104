import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileKeyStore } from '../../src/export/index.ts';
import type { PseudonymKeyStore } from '../../src/export/index.ts';
import { createApp } from '../../src/http/index.ts';
import { exportRoutes } from '../../src/http/routes/exports.ts';
import { generateTokenSecret, hashTokenSecret } from '../../src/identity/index.ts';
import { createGridRegistry } from '../../src/service/index.ts';
import type { GridRegistry } from '../../src/service/index.ts';
import { openSqliteRepository } from '../../src/storage/index.ts';
import type { Actor, ResearchProject, Role, Sex, SqliteRepository } from '../../src/storage/index.ts';
import { testGrid } from '../http/fixtures.ts';

export const GRID = 'prova-api';
const SYSTEM: Actor = { tokenId: null, role: null };

export type Caller = 'researcher' | 'researcher2' | 'operator' | 'coordinator' | 'methodologist' | 'admin';

/** A seeded case: what the export must never show (reference, birth month, dates) and what it derives. */
export interface SeededCase {
  id: string;
  reference: string;
  birthYearMonth: string;
  sex: Sex;
  zone: string;
  dates: string[];
}

export interface ExportWorld {
  dir: string;
  file: string;
  keysDir: string;
  repo: SqliteRepository;
  grids: GridRegistry;
  keys: PseudonymKeyStore;
  projects: { first: ResearchProject; second: ResearchProject };
  tokens: Record<Caller, string>;
  app: ReturnType<typeof createApp>;
  request(path: string, caller: Caller | null): Promise<Response>;
  /** Opens a case in a team of the zone and records its administrations (T0, then more). */
  addCase(input: {
    reference: string;
    birthYearMonth: string;
    sex: Sex;
    team?: 'team-a' | 'team-c' | 'team-f';
    administrations: { occasion: string; date: string; informant?: string; bambino: number | null; band?: string | null; cura?: number | null; status?: 'draft' | 'submitted' }[];
    note?: string;
  }): Promise<SeededCase>;
  close(): Promise<void>;
}

const TEAM_ZONES = { 'team-a': 'zone-1', 'team-c': 'zone-2', 'team-f': 'firenze' } as const;

/** A fresh database, the API test grid published, three teams, two research projects, a token per role. */
export async function createExportWorld(): Promise<ExportWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'griglie-export-'));
  const file = join(dir, 'griglie.db');
  const keysDir = join(dir, 'keys');
  const repo = openSqliteRepository({ file, clock: () => new Date('2026-06-01T10:00:00Z') });
  const grids = createGridRegistry({ repo });
  await grids.publish(testGrid(), { tokenId: null, role: 'methodologist' });
  for (const [id, zone] of Object.entries(TEAM_ZONES)) await repo.createTeam({ id, zone }, SYSTEM);
  const first = await repo.createProject({ name: 'esiti-2026', protocol: 'CE-2026-014' }, SYSTEM);
  const second = await repo.createProject({ name: 'altro-studio', protocol: 'CE-2026-099' }, SYSTEM);

  const tokens = {} as Record<Caller, string>;
  const ids = {} as Record<Caller, number>;
  const make = async (caller: Caller, role: Role, team: string | null, project: number | null): Promise<void> => {
    const secret = generateTokenSecret();
    const record = await repo.createToken({ hash: hashTokenSecret(secret), role, name: caller, team, project, expiresAt: null }, SYSTEM);
    tokens[caller] = secret;
    ids[caller] = record.id;
  };
  await make('researcher', 'researcher', null, first.id);
  await make('researcher2', 'researcher', null, second.id);
  await make('operator', 'operator', 'team-a', null);
  await make('coordinator', 'coordinator', 'team-a', null);
  await make('methodologist', 'methodologist', null, null);
  await make('admin', 'admin', null, null);

  const keys = createFileKeyStore(keysDir);
  const app = createApp({ repo, grids, extraRoutes: [exportRoutes], pseudonymKeys: keys, reportError: (e) => { throw e; } });
  const author: Actor = { tokenId: ids.operator, role: 'operator' };

  return {
    dir,
    file,
    keysDir,
    repo,
    grids,
    keys,
    projects: { first, second },
    tokens,
    app,
    request(path, caller) {
      const headers: Record<string, string> = caller === null ? {} : { authorization: `Bearer ${tokens[caller]}` };
      return Promise.resolve(app.request(path, { headers }, { incoming: { socket: { remoteAddress: '192.0.2.7' } } }));
    },
    async addCase(input) {
      const team = input.team ?? 'team-a';
      const zone = TEAM_ZONES[team];
      const record = await repo.createCase({ team, zone, reference: input.reference, birthYearMonth: input.birthYearMonth, sex: input.sex }, author);
      for (const a of input.administrations) {
        await repo.createAdministration(
          {
            caseId: record.id,
            occasion: a.occasion,
            date: a.date,
            livingSituation: 'family',
            grid: GRID,
            version: '1.0.0',
            informant: a.informant ?? 'social_worker',
            status: a.status ?? 'submitted',
            responses: { salute: 3 },
            scoring: {
              scores: { bambino: a.bambino, cura_attuale: a.cura ?? null },
              bands: { bambino: a.band ?? null, cura_attuale: null },
              reasons: {},
              ruleHashes: {},
              gridSha256: 'e'.repeat(64),
              engineVersion: '0.0.0-test',
            },
            notes: input.note ?? null,
          },
          author,
        );
      }
      return { id: record.id, reference: input.reference, birthYearMonth: input.birthYearMonth, sex: input.sex, zone, dates: input.administrations.map((a) => a.date) };
    },
    async close() {
      await repo.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Parses RFC 4180 CSV as written by the export (no embedded line breaks in its fields). */
export function parseCsv(text: string): Record<string, string>[] {
  const lines = text.split('\r\n').filter((line) => line !== '');
  const split = (line: string): string[] => {
    const out: string[] = [];
    let field = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!;
      if (quoted) {
        if (ch === '"' && line[i + 1] === '"') {
          field += '"';
          i++;
        } else if (ch === '"') quoted = false;
        else field += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === ',') {
        out.push(field);
        field = '';
      } else field += ch;
    }
    out.push(field);
    return out;
  };
  const [header, ...rows] = lines.map(split);
  return rows.map((row) => Object.fromEntries(header!.map((name, i) => [name, row[i] ?? ''])));
}
