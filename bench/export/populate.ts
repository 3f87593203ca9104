/**
 * Fills a temp database with scored administrations for the export benchmark, fast: the schema
 * and the grid go in through the repository (migrations, publishing), the bulk through raw
 * better-sqlite3 inserts in large transactions. Each case has four submitted administrations
 * (T0 by the social worker and by the educator, T1, T2), each with a scoring as the service stores it.
 */
import Database from 'better-sqlite3';
import { createGridRegistry } from '../../src/service/index.ts';
import { createIdGenerator, openSqliteRepository } from '../../src/storage/index.ts';
import { loadBenchGrid } from '../scoring/grid.ts';
import { mulberry32 } from '../benchmark.ts';

export const BENCH_PROJECT = 'benchmark-export';
const ZONES = ['firenze', 'pisa', 'livorno', 'lucca', 'siena', 'prato', 'arezzo'];
const SEXES = ['F', 'M', 'F', 'M', 'X'];

function isoDate(epochDay: number): string {
  return new Date(epochDay * 86_400_000).toISOString().slice(0, 10);
}

/** Creates `file` with `administrations` scored administrations (a multiple of 4). */
export async function populate(file: string, administrations: number, log: (line: string) => void): Promise<{ grid: string; cases: number }> {
  const grid = loadBenchGrid();
  const repo = openSqliteRepository({ file });
  const system = { tokenId: null, role: null };
  await createGridRegistry({ repo }).publish(grid, { tokenId: null, role: 'methodologist' });
  for (const zone of ZONES) await repo.createTeam({ id: `em-${zone}`, zone }, system);
  await repo.createProject({ name: BENCH_PROJECT, protocol: 'BENCH-1' }, system);
  const author = await repo.createToken({ hash: 'f'.repeat(64), role: 'operator', name: 'bench', team: 'em-firenze', project: null, expiresAt: null }, system);
  await repo.close();

  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const insertCase = db.prepare('insert into cases (id, team, zone, reference, birth_year_month, sex, created_at) values (?, ?, ?, ?, ?, ?, ?)');
  const insertOccasion = db.prepare('insert into occasions (id, case_id, name, date, living_situation, created_at) values (?, ?, ?, ?, ?, ?)');
  const insertAdministration = db.prepare(
    'insert into administrations (id, case_id, occasion_id, date, grid, version, informant, status, revision, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, 1, ?)',
  );
  const insertRevision = db.prepare(
    'insert into administration_revisions (administration_id, revision, status, responses, scoring, reason, notes, author_token_id, created_at) values (?, 1, ?, ?, ?, null, ?, ?, ?)',
  );
  const nextId = createIdGenerator(() => new Date());
  const rand = mulberry32(20260601);
  const scoreIds = grid.scores.map((s) => s.id);
  const bandsOf = new Map(grid.scores.map((s) => [s.id, s.bands ?? []]));
  const ruleHashes = Object.fromEntries(scoreIds.map((id, i) => [id, i.toString(16).repeat(64).slice(0, 64)]));
  const now = new Date().toISOString();
  const cases = Math.ceil(administrations / 4);
  const plan: [string, string, number][] = [
    ['T0', 'social_worker', 0],
    ['T0', 'educator', 3],
    ['T1', 'social_worker', 182],
    ['T2', 'social_worker', 365],
  ];
  const perTransaction = 25_000;
  let written = 0;
  const batch = db.transaction((from: number, to: number) => {
    for (let c = from; c < to; c++) {
      const zone = ZONES[Math.floor(rand() * ZONES.length)]!;
      const caseId = nextId();
      const birthYear = 2008 + Math.floor(rand() * 17);
      const birthMonth = 1 + Math.floor(rand() * 12);
      const start = 19_000 + Math.floor(rand() * 900);
      insertCase.run(caseId, `em-${zone}`, zone, `REF-${c}`, `${birthYear}-${String(birthMonth).padStart(2, '0')}`, SEXES[Math.floor(rand() * SEXES.length)]!, now);
      const occasionIds = new Map<string, string>();
      for (const [occasion, informant, offset] of plan) {
        if (written >= administrations) return;
        const date = isoDate(start + offset + Math.floor(rand() * 10));
        let occasionId = occasionIds.get(occasion);
        if (occasionId === undefined) {
          occasionId = nextId();
          occasionIds.set(occasion, occasionId);
          insertOccasion.run(occasionId, caseId, occasion, date, 'family', now);
        }
        const scores: Record<string, number | null> = {};
        const bands: Record<string, string | null> = {};
        for (const id of scoreIds) {
          const value = Math.round((1 + rand() * 5) * 100) / 100;
          scores[id] = value;
          const ranges = bandsOf.get(id)!;
          bands[id] = ranges.find((b) => value >= b.min && value <= b.max)?.id ?? null;
        }
        const scoring = JSON.stringify({ scores, bands, reasons: {}, ruleHashes, gridSha256: 'a'.repeat(64), engineVersion: '0.1.0' });
        const administrationId = nextId();
        insertAdministration.run(administrationId, caseId, occasionId, date, grid.id, grid.version, informant, 'submitted', now);
        insertRevision.run(administrationId, 'submitted', '{}', scoring, 'private note', author.id, now);
        written++;
      }
    }
  });
  for (let c = 0; c < cases; c += perTransaction) {
    batch(c, Math.min(cases, c + perTransaction));
    if (c % 100_000 === 0) log(`inserted ${written.toLocaleString('en-US')} administrations`);
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('analyze');
  db.close();
  return { grid: grid.id, cases };
}
