import Database from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import type { ExportAdministration, ExportCase, ScoreExportFilter, ScoreExportSource, Sex } from './repository.ts';
import { mapSqliteError } from './sqlite-errors.ts';

/** Rows handed over at once: large enough to amortize the async step, small enough to keep memory flat. */
const BATCH_SIZE = 256;

/**
 * The read behind an anonymized score export. A database file gets its own read-only connection
 * holding one read transaction over both passes: in WAL mode that is a snapshot, so the cases
 * pass (quasi-identifiers) and the administrations pass agree, writers are never blocked, and the
 * open cursor (paused while the client catches up) never makes the service's own connection busy.
 * An in-memory database cannot be opened twice; its (small, test-only) rows are read at once.
 */
export function openSqliteScoreExport(main: BetterSqlite3.Database, filter: ScoreExportFilter, busyTimeoutMs: number): ScoreExportSource {
  const { where, params } = filterSql(filter);
  const casesSql = `
    select a.case_id, c.zone, c.sex, c.birth_year_month,
      (select min(o.date) from occasions o where o.case_id = a.case_id), count(*)
    from administrations a join cases c on c.id = a.case_id
    where ${where}
    group by a.case_id order by a.case_id`;
  // Ordered along administrations_case_idx (case id, then rowid, i.e. the order of recording): no
  // sort of the whole table, which would hold every row in SQLite's sorter.
  const administrationsSql = `
    select a.case_id, c.zone, c.sex, c.birth_year_month,
      (select min(f.date) from occasions f where f.case_id = a.case_id),
      o.name, o.date, a.grid, a.version, a.informant, r.scoring
    from administrations a
      join cases c on c.id = a.case_id
      join occasions o on o.id = a.occasion_id
      join administration_revisions r on r.administration_id = a.id and r.revision = a.revision
    where ${where}
    order by a.case_id, a.rowid`;

  if (main.memory) {
    const read = main.transaction(() => ({
      cases: main.prepare(casesSql).raw(true).all(params).map((row) => caseFromRow(row as unknown[])),
      administrations: main.prepare(administrationsSql).raw(true).all(params).map((row) => administrationFromRow(row as unknown[])),
    }));
    const rows = read();
    return {
      cases: () => batchesOf(rows.cases),
      administrations: () => batchesOf(rows.administrations),
      close: () => Promise.resolve(),
    };
  }

  let db: BetterSqlite3.Database;
  try {
    db = new Database(main.name, { readonly: true, fileMustExist: true, timeout: busyTimeoutMs });
    db.exec('BEGIN');
    // The snapshot starts at the first read: take it now, before either pass.
    db.prepare('select count(*) from cases').get();
  } catch (error) {
    throw mapSqliteError(error);
  }
  let closed = false;
  return {
    cases: () => iterateBatches(db, casesSql, params, caseFromRow),
    administrations: () => iterateBatches(db, administrationsSql, params, administrationFromRow),
    close() {
      if (closed) return Promise.resolve();
      closed = true;
      try {
        if (db.inTransaction) db.exec('COMMIT');
      } finally {
        db.close();
      }
      return Promise.resolve();
    },
  };
}

function filterSql(filter: ScoreExportFilter): { where: string; params: Record<string, string> } {
  const conditions = ["a.status = 'submitted'"];
  const params: Record<string, string> = {};
  if (filter.grid !== undefined) {
    conditions.push('a.grid = @grid');
    params['grid'] = filter.grid;
  }
  if (filter.zone !== undefined) {
    conditions.push('c.zone = @zone');
    params['zone'] = filter.zone;
  }
  return { where: conditions.join(' and '), params };
}

// eslint-disable-next-line @typescript-eslint/require-await -- async so that a PostgreSQL backend's cursor fits the same contract
async function* iterateBatches<T>(
  db: BetterSqlite3.Database,
  sql: string,
  params: Record<string, string>,
  convert: (row: unknown[]) => T,
): AsyncGenerator<T[]> {
  let batch: T[] = [];
  try {
    for (const row of db.prepare(sql).raw(true).iterate(params)) {
      batch.push(convert(row as unknown[]));
      if (batch.length === BATCH_SIZE) {
        yield batch;
        batch = [];
      }
    }
  } catch (error) {
    throw mapSqliteError(error);
  }
  if (batch.length > 0) yield batch;
}

// eslint-disable-next-line @typescript-eslint/require-await -- an async generator, like the file-backed one
async function* batchesOf<T>(rows: T[]): AsyncGenerator<T[]> {
  for (let i = 0; i < rows.length; i += BATCH_SIZE) yield rows.slice(i, i + BATCH_SIZE);
}

function caseFromRow(row: unknown[]): ExportCase {
  return {
    caseId: row[0] as string,
    zone: row[1] as string,
    sex: row[2] as Sex,
    birthYearMonth: row[3] as string,
    firstOccasionDate: row[4] as string,
    administrations: row[5] as number,
  };
}

function administrationFromRow(row: unknown[]): ExportAdministration {
  const scoring = scoresAndBands(row[10] as string);
  return {
    caseId: row[0] as string,
    zone: row[1] as string,
    sex: row[2] as Sex,
    birthYearMonth: row[3] as string,
    firstOccasionDate: row[4] as string,
    occasion: row[5] as string,
    occasionDate: row[6] as string,
    grid: row[7] as string,
    version: row[8] as string,
    informant: row[9] as string,
    scores: scoring.scores,
    bands: scoring.bands,
  };
}

interface ScoresAndBands {
  scores: Record<string, number | null>;
  bands: Record<string, string | null>;
}

/**
 * Only scores and bands leave the repository: the rest of the stored scoring (reasons, rule hashes,
 * about three quarters of its bytes) is not exported, so it is not parsed either. The repository
 * writes `scores` and `bands` first; `,"reasons":` can only be a key there (a quote inside a JSON
 * string is escaped), so the text before it, closed, is their object. Anything else (another key
 * order, a score named `reasons`) falls back to parsing the whole text.
 */
function scoresAndBands(text: string): ScoresAndBands {
  const cut = text.indexOf(',"reasons":');
  if (cut > 0) {
    try {
      const head = JSON.parse(text.slice(0, cut) + '}') as Partial<ScoresAndBands>;
      if (head.scores !== undefined && head.bands !== undefined) return head as ScoresAndBands;
    } catch {
      // Not a prefix of the expected shape: parse it all.
    }
  }
  const whole = JSON.parse(text) as ScoresAndBands;
  return { scores: whole.scores, bands: whole.bands };
}
