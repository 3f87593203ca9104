import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { and, asc, eq, gte, lte, sql } from 'drizzle-orm';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { projectFile } from '../project-files.ts';
import type { WriteStats } from './group-commit.ts';
import { createIdGenerator } from './ids.ts';
import type {
  Actor,
  AdministrationRecord,
  AdministrationWithHistory,
  AuditEntry,
  AuditQuery,
  CaseDetail,
  CaseRecord,
  CohortQuery,
  CohortRow,
  CurrentRevision,
  CurrentRevisionQuery,
  GridVersionRecord,
  GridVersionStatus,
  InterventionRecord,
  KeyedWrite,
  LivingSituation,
  NewAdministration,
  NewCase,
  NewIntervention,
  NewRevision,
  Repository,
  RescoreItem,
  RescoreOutcome,
  ResearchProject,
  Role,
  ScoreExportFilter,
  ScoreExportSource,
  StoredScores,
  StoredToken,
  Team,
  TokenRecord,
} from './repository.ts';
import { administrationRevisions, administrations, auditLog, cases, gridVersions, interventions, occasions, researchProjects, teams, tokens } from './schema.ts';
import { openConnection } from './sqlite-connection.ts';
import { mapSqliteError, sqliteCode } from './sqlite-errors.ts';
import type { CaseRow, Db, GridVersionRow, TeamRow, TokenRow } from './sqlite-rows.ts';
import {
  administrationFromRows,
  auditFromRow,
  caseFromRow,
  gridVersionFromRow,
  headerColumns,
  interventionFromRow,
  occasionFromRow,
  prepareHeaderById,
  projectFromRow,
  revisionFromRow,
  teamFromRow,
  tokenFromRow,
} from './sqlite-rows.ts';
import { openSqliteScoreExport } from './sqlite-score-export.ts';
import type { EncodedAdministration } from './sqlite-writer.ts';
import { inlineWrites } from './write-channel.ts';
import type { WriteChannel } from './write-channel.ts';
import { workerWrites } from './write-worker-client.ts';

interface CommonOptions {
  /** Database file; its folder and the file are created on first use. `:memory:` for a throwaway. */
  file: string;
  /** How long a write waits for another connection's lock before it is refused as `busy`. */
  busyTimeoutMs?: number;
  /** Most writes sharing one transaction. */
  maxBatch?: number;
}

/**
 * Where the writes run. `inline` (the default): on the repository's own connection, in this
 * thread; it takes a clock for stored timestamps (tests pass a fixed one). `worker`: on a worker
 * thread with a connection of its own, so that inserts and fsyncs never block this thread's event
 * loop (`griglie serve`); it stamps with the system clock, and needs a file (`:memory:` is one
 * database per connection).
 */
export type SqliteRepositoryOptions = CommonOptions & ({ writes?: 'inline'; clock?: () => Date } | { writes: 'worker' });

/** The SQLite backend, plus what tests and benchmarks look at. */
export interface SqliteRepository extends Repository {
  /**
   * Resolves once writes can go through: at once inline; once the write worker has opened its
   * connection with `writes: 'worker'`. Rejects with why not (a server should not start then).
   */
  ready(): Promise<void>;
  /** Transactions committed and writes they carried since opening. */
  stats(): WriteStats;
}

/** Where the drizzle-kit migrations live, found from this module rather than the working directory. */
export const MIGRATIONS_FOLDER = projectFile('migrations');

/**
 * Opens (creating and migrating on first use) the SQLite database behind the repository: WAL
 * journal, `synchronous=FULL` so that a committed write survives power loss, foreign keys on, and
 * a busy timeout after which a write is refused as `busy`.
 *
 * @example
 * const repo = openSqliteRepository({ file: './data/griglie.db' });
 * await repo.createTeam({ id: 'em-firenze-nord', zone: 'firenze' }, { tokenId: null, role: null });
 * await repo.close();
 */
export function openSqliteRepository(options: SqliteRepositoryOptions): SqliteRepository {
  const file = options.file === ':memory:' ? options.file : resolve(options.file);
  if (options.writes === 'worker' && file === ':memory:') {
    throw new Error('An in-memory database cannot take its writes on a worker: each connection would have its own.');
  }
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  let connection: ReturnType<typeof openConnection>;
  try {
    connection = openConnection(file, busyTimeoutMs);
  } catch (error) {
    throw mapSqliteError(error);
  }
  const { sqlite, db } = connection;
  try {
    // Migrated here, before a write worker opens the file.
    applyMigrations(db);
  } catch (error) {
    sqlite.close();
    throw mapSqliteError(error);
  }
  const maxBatch = options.maxBatch === undefined ? {} : { maxBatch: options.maxBatch };
  let writes: WriteChannel;
  if (options.writes === 'worker') {
    writes = workerWrites({ file, busyTimeoutMs, ...maxBatch });
  } else {
    const clock = options.clock ?? (() => new Date());
    writes = inlineWrites(sqlite, db, { clock, nextId: createIdGenerator(clock), ...maxBatch });
  }
  return new SqliteRepositoryImpl(sqlite, db, writes, busyTimeoutMs);
}

/**
 * drizzle's migrate() decides what to apply before it takes the write lock, so two processes
 * opening a fresh file at once (`griglie serve` beside `griglie token create`) can both try the
 * first migration; the loser fails on an existing table. A second pass then sees the winner's
 * bookkeeping and applies only what is still missing.
 */
function applyMigrations(db: Db): void {
  try {
    migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  } catch {
    migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  }
}

class SqliteRepositoryImpl implements SqliteRepository {
  readonly #sqlite: BetterSqlite3.Database;
  readonly #db: Db;
  readonly #busyTimeoutMs: number;
  readonly #writes: WriteChannel;
  #closed = false;

  // Statements on the hot read paths (the token on every request, then the case it addresses).
  readonly #tokenByHash;
  readonly #teamById;
  readonly #caseById;
  readonly #gridVersionByKey;
  readonly #headerById;
  readonly #keyedWrite;
  readonly #currentRevisions;
  /** Statements whose text depends on the request (cohort filters), prepared once per text. */
  readonly #statements = new Map<string, BetterSqlite3.Statement>();
  /**
   * Read-through caches of the two lookups every authenticated request makes (its token, then the
   * case it addresses): together they were a fifth of the HTTP write route's time. A case row
   * never changes (append-only triggers), so a cached case stays true. A token row changes when it
   * is revoked: its cache is dropped when this repository revokes one and whenever `PRAGMA
   * data_version` shows a commit by another connection (`griglie token revoke` in another
   * process, or this repository's own write worker), so a revocation takes effect on the next
   * request. Misses are not cached. Both are bounded: full, they are emptied.
   */
  readonly #tokenCache = new Map<string, StoredToken>();
  readonly #caseCache = new Map<string, CaseRecord>();
  readonly #dataVersion: BetterSqlite3.Statement<[], number>;
  #seenDataVersion = -1;

  constructor(sqlite: BetterSqlite3.Database, db: Db, writes: WriteChannel, busyTimeoutMs: number) {
    this.#sqlite = sqlite;
    this.#db = db;
    this.#writes = writes;
    this.#busyTimeoutMs = busyTimeoutMs;

    // Raw better-sqlite3 statements, prepared once: drizzle's query builder and result mapping cost
    // more than the lookups themselves on these paths (see docs/performance.md, HTTP).
    // The token with its team's zone: authentication needs both on every request.
    this.#tokenByHash = sqlite.prepare<[string], TokenRow & { teamZone: string | null }>(
      'SELECT t.id, t.hash, t.role, t.name, t.team, t.project, t.created_at AS createdAt, t.expires_at AS expiresAt, t.revoked_at AS revokedAt, ' +
        'm.zone AS teamZone FROM tokens t LEFT JOIN teams m ON m.id = t.team WHERE t.hash = ?',
    );
    this.#teamById = sqlite.prepare<[string], TeamRow>('SELECT id, zone, created_at AS createdAt FROM teams WHERE id = ?');
    this.#caseById = sqlite.prepare<[string], CaseRow>(
      'SELECT id, team, zone, reference, birth_year_month AS birthYearMonth, sex, created_at AS createdAt FROM cases WHERE id = ?',
    );
    this.#dataVersion = sqlite.prepare<[], number>('PRAGMA data_version').pluck();
    this.#gridVersionByKey = sqlite.prepare<[string, string], GridVersionRow>(
      'SELECT grid, version, status, definition, sha256, created_at AS createdAt, published_at AS publishedAt, retired_at AS retiredAt FROM grid_versions WHERE grid = ? AND version = ?',
    );
    this.#headerById = prepareHeaderById(db);
    // Pages in id order (the primary key): a batch job over every administration never holds more than a page.
    this.#currentRevisions = sqlite.prepare<
      [{ grid: string | null; version: string | null; after: string; limit: number }],
      { id: string; grid: string; version: string; status: string; revision: number; responses: string; scoring: string }
    >(
      'SELECT a.id, a.grid, a.version, a.status, a.revision, r.responses, r.scoring FROM administrations a ' +
        'JOIN administration_revisions r ON r.administration_id = a.id AND r.revision = a.revision ' +
        "WHERE a.id > @after AND a.status <> 'void' AND (@grid IS NULL OR a.grid = @grid) AND (@version IS NULL OR a.version = @version) " +
        'ORDER BY a.id LIMIT @limit',
    );
    this.#keyedWrite = sqlite.prepare<[number, string], KeyedWrite>(
      'SELECT fingerprint, administration_id AS administrationId, revision, created_at AS createdAt FROM idempotency_keys WHERE token_id = ? AND key = ?',
    );
  }

  stats(): WriteStats {
    return this.#writes.stats();
  }

  ready(): Promise<void> {
    return this.#writes.ready();
  }

  // ---------------------------------------------------------------- teams, projects, tokens

  createTeam(input: { id: string; zone: string }, actor: Actor): Promise<Team> {
    return this.#writes.run('createTeam', input, actor);
  }

  getTeam(id: string): Promise<Team | null> {
    return this.#read(() => {
      const row = this.#teamById.get(id);
      return row ? teamFromRow(row) : null;
    });
  }

  listTeams(): Promise<Team[]> {
    return this.#read(() => this.#db.select().from(teams).orderBy(asc(teams.id)).all().map(teamFromRow));
  }

  createProject(input: { name: string; protocol: string }, actor: Actor): Promise<ResearchProject> {
    return this.#writes.run('createProject', input, actor);
  }

  getProjectByName(name: string): Promise<ResearchProject | null> {
    return this.#read(() => {
      const row = this.#db
        .select()
        .from(researchProjects)
        .where(eq(researchProjects.name, name.normalize('NFC')))
        .get();
      return row ? projectFromRow(row) : null;
    });
  }

  getProject(id: number): Promise<ResearchProject | null> {
    return this.#read(() => {
      const row = this.#db.select().from(researchProjects).where(eq(researchProjects.id, id)).get();
      return row ? projectFromRow(row) : null;
    });
  }

  createToken(
    input: { hash: string; role: Role; name: string | null; team: string | null; project: number | null; expiresAt: string | null },
    actor: Actor,
  ): Promise<TokenRecord> {
    return this.#writes.run('createToken', input, actor);
  }

  findTokenByHash(hash: string): Promise<StoredToken | null> {
    return this.#read(() => {
      const version = this.#dataVersion.get() as number;
      if (version !== this.#seenDataVersion) {
        this.#seenDataVersion = version;
        this.#tokenCache.clear();
      }
      const cached = this.#tokenCache.get(hash);
      if (cached !== undefined) return cached;
      const row = this.#tokenByHash.get(hash);
      if (!row) return null;
      const token = Object.freeze({ ...tokenFromRow(row), hash: row.hash, teamZone: row.teamZone });
      remember(this.#tokenCache, hash, token);
      return token;
    });
  }

  listTokens(): Promise<TokenRecord[]> {
    return this.#read(() => this.#db.select().from(tokens).orderBy(asc(tokens.id)).all().map(tokenFromRow));
  }

  revokeToken(id: number, actor: Actor): Promise<boolean> {
    // The cache is dropped before the caller learns of the revocation: no request issued after it
    // sees the token as valid (another connection's commit also drops it, by data_version).
    return this.#writes.run('revokeToken', id, actor).then((revoked) => {
      this.#tokenCache.clear();
      return revoked;
    });
  }

  // ---------------------------------------------------------------- grid versions

  putGridVersion(
    input: { grid: string; version: string; definition: string; sha256: string; status: 'draft' | 'published' },
    actor: Actor,
  ): Promise<{ record: GridVersionRecord; created: boolean }> {
    return this.#writes.run('putGridVersion', input, actor);
  }

  setGridVersionStatus(grid: string, version: string, status: GridVersionStatus, actor: Actor): Promise<GridVersionRecord> {
    return this.#writes.run('setGridVersionStatus', grid, version, status, actor);
  }

  getGridVersion(grid: string, version: string): Promise<GridVersionRecord | null> {
    return this.#read(() => {
      const row = this.#gridVersionByKey.get(grid, version);
      return row ? gridVersionFromRow(row) : null;
    });
  }

  listGridVersions(): Promise<GridVersionRecord[]> {
    return this.#read(() =>
      this.#db
        .select()
        .from(gridVersions)
        .orderBy(asc(gridVersions.grid), asc(gridVersions.createdAt), asc(gridVersions.version))
        .all()
        .map(gridVersionFromRow),
    );
  }

  // ---------------------------------------------------------------- cases

  createCase(input: NewCase, actor: Actor): Promise<CaseRecord> {
    return this.#writes.run('createCase', input, actor);
  }

  getCase(id: string): Promise<CaseRecord | null> {
    return this.#read(() => {
      const cached = this.#caseCache.get(id);
      if (cached !== undefined) return cached;
      const row = this.#caseById.get(id);
      if (!row) return null;
      const record = Object.freeze(caseFromRow(row));
      remember(this.#caseCache, id, record);
      return record;
    });
  }

  getCaseDetail(id: string): Promise<CaseDetail | null> {
    // One read transaction, so that another process's write cannot land between the queries.
    return this.#read(() =>
      this.#sqlite.transaction((): CaseDetail | null => {
        const row = this.#caseById.get(id);
        if (!row) return null;
        const occasionRows = this.#db
          .select()
          .from(occasions)
          .where(eq(occasions.caseId, id))
          .orderBy(asc(occasions.date), asc(occasions.name))
          .all();
        const interventionRows = this.#db
          .select()
          .from(interventions)
          .where(eq(interventions.caseId, id))
          .orderBy(asc(interventions.start), asc(interventions.id))
          .all();
        const current = this.#db
          .select({ header: headerColumns, revision: administrationRevisions })
          .from(administrations)
          .innerJoin(occasions, eq(occasions.id, administrations.occasionId))
          .innerJoin(
            administrationRevisions,
            and(
              eq(administrationRevisions.administrationId, administrations.id),
              eq(administrationRevisions.revision, administrations.revision),
            ),
          )
          .where(eq(administrations.caseId, id))
          .orderBy(asc(administrations.date), asc(administrations.id))
          .all();
        return {
          ...caseFromRow(row),
          occasions: occasionRows.map(occasionFromRow),
          interventions: interventionRows.map(interventionFromRow),
          administrations: current.map(({ header, revision }) => administrationFromRows(header, revisionFromRow(revision))),
        };
      })(),
    );
  }

  listCases(scope: { team?: string; zone?: string }): Promise<CaseRecord[]> {
    return this.#read(() => {
      const conditions = [];
      if (scope.team !== undefined) conditions.push(eq(cases.team, scope.team));
      if (scope.zone !== undefined) conditions.push(eq(cases.zone, scope.zone));
      return this.#db
        .select()
        .from(cases)
        .where(and(...conditions))
        .orderBy(asc(cases.id))
        .all()
        .map(caseFromRow);
    });
  }

  addIntervention(caseId: string, input: NewIntervention, actor: Actor): Promise<InterventionRecord> {
    return this.#writes.run('addIntervention', caseId, input, actor);
  }

  // ---------------------------------------------------------------- administrations

  createAdministration(input: NewAdministration, actor: Actor): Promise<AdministrationRecord> {
    const notes = input.notes === null ? null : input.notes.normalize('NFC');
    const { responses, scoring, idempotency, ...header } = input;
    const encoded: EncodedAdministration = { ...header, notes, responsesJson: JSON.stringify(responses), scoringJson: JSON.stringify(scoring) };
    if (idempotency !== undefined) encoded.idempotency = idempotency;
    return this.#writes.run('createAdministration', encoded, actor).then((created) =>
      administrationFromRows(
        { ...header, id: created.id, revision: 1, createdAt: created.createdAt },
        {
          administrationId: created.id,
          revision: 1,
          status: input.status,
          responses,
          scoring,
          reason: null,
          notes,
          authorTokenId: created.authorTokenId,
          createdAt: created.createdAt,
        },
      ),
    );
  }

  getAdministration(id: string): Promise<AdministrationWithHistory | null> {
    return this.#read(() =>
      this.#sqlite.transaction((): AdministrationWithHistory | null => {
        const header = this.#headerById.get({ id });
        if (!header) return null;
        const revisions = this.#db
          .select()
          .from(administrationRevisions)
          .where(eq(administrationRevisions.administrationId, id))
          .orderBy(asc(administrationRevisions.revision))
          .all()
          .map(revisionFromRow);
        const current = revisions.find((r) => r.revision === header.revision);
        if (!current) throw new Error(`Administration ${id} has no revision ${header.revision}.`);
        return { ...administrationFromRows(header, current), revisions };
      })(),
    );
  }

  listCurrentRevisions(query: CurrentRevisionQuery): Promise<CurrentRevision[]> {
    return this.#read(() =>
      this.#currentRevisions
        .all({ grid: query.grid ?? null, version: query.version ?? null, after: query.after ?? '', limit: query.limit })
        .map((row) => ({
          id: row.id,
          grid: row.grid,
          version: row.version,
          status: row.status as CurrentRevision['status'],
          revision: row.revision,
          responses: JSON.parse(row.responses) as Record<string, unknown>,
          scoring: JSON.parse(row.scoring) as StoredScores,
        })),
    );
  }

  rescoreAdministrations(batch: { reason: string; items: RescoreItem[] }, actor: Actor): Promise<RescoreOutcome> {
    return this.#writes.run('rescoreAdministrations', batch, actor);
  }

  findKeyedWrite(tokenId: number, key: string): Promise<KeyedWrite | null> {
    return this.#read(() => this.#keyedWrite.get(tokenId, key) ?? null);
  }

  addRevision(input: NewRevision, actor: Actor): Promise<AdministrationRecord> {
    return this.#writes.run('addRevision', input, actor);
  }

  // ---------------------------------------------------------------- research exports

  openScoreExport(filter: ScoreExportFilter): Promise<ScoreExportSource> {
    return this.#read(() => openSqliteScoreExport(this.#sqlite, filter, this.#busyTimeoutMs));
  }

  // ---------------------------------------------------------------- statistics

  readCohortRows(query: CohortQuery): Promise<CohortRow[]> {
    return this.#read(() => {
      const { sql: text, params } = cohortSql(query);
      const rows = this.#cachedStatement(text).raw(true).all(params) as unknown[][];
      const k = query.scores.length;
      const out: CohortRow[] = new Array<CohortRow>(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i]!;
        const values = new Array<number | null>(k);
        const bands = new Array<string | null>(k);
        for (let j = 0; j < k; j++) {
          const value = row[6 + 2 * j];
          const band = row[7 + 2 * j];
          values[j] = typeof value === 'number' ? value : null;
          bands[j] = typeof band === 'string' ? band : null;
        }
        out[i] = {
          caseId: row[0] as string,
          administrationId: row[1] as string,
          occasion: row[2] as string,
          informant: row[3] as string,
          version: row[4] as string,
          livingSituation: row[5] as LivingSituation | null,
          values,
          bands,
        };
      }
      return out;
    });
  }

  readCurrentResponses(administrationIds: readonly string[]): Promise<Map<string, Record<string, unknown>>> {
    return this.#read(() => {
      const out = new Map<string, Record<string, unknown>>();
      const statement = this.#cachedStatement(
        'SELECT a.id, r.responses FROM administrations a JOIN administration_revisions r ON r.administration_id = a.id AND r.revision = a.revision WHERE a.id IN (SELECT value FROM json_each(?))',
      );
      // In slices, so that one statement never binds an unbounded JSON text.
      for (let i = 0; i < administrationIds.length; i += 10_000) {
        const slice = JSON.stringify(administrationIds.slice(i, i + 10_000));
        for (const row of statement.all(slice) as { id: string; responses: string }[]) {
          out.set(row.id, JSON.parse(row.responses) as Record<string, unknown>);
        }
      }
      return out;
    });
  }

  #cachedStatement(text: string): BetterSqlite3.Statement {
    let statement = this.#statements.get(text);
    if (statement === undefined) {
      statement = this.#sqlite.prepare(text);
      this.#statements.set(text, statement);
    }
    return statement;
  }

  // ---------------------------------------------------------------- audit

  audit(entry: { action: string; records: string[]; detail?: Record<string, unknown> }, actor: Actor): Promise<void> {
    return this.#writes.run('audit', entry, actor);
  }

  queryAudit(query: AuditQuery): Promise<AuditEntry[]> {
    return this.#read(() => {
      const conditions = [];
      if (query.tokenId !== undefined) conditions.push(eq(auditLog.tokenId, query.tokenId));
      if (query.action !== undefined) conditions.push(eq(auditLog.action, query.action));
      if (query.from !== undefined) conditions.push(gte(auditLog.at, query.from));
      if (query.to !== undefined) conditions.push(lte(auditLog.at, query.to));
      if (query.caseId !== undefined) {
        conditions.push(sql`exists (select 1 from json_each(${auditLog.records}) where value = ${query.caseId})`);
      }
      const select = this.#db
        .select()
        .from(auditLog)
        .where(and(...conditions))
        .orderBy(asc(auditLog.id));
      const rows = query.limit === undefined ? select.all() : select.limit(query.limit).all();
      return rows.map(auditFromRow);
    });
  }

  // ---------------------------------------------------------------- operations

  health(): Promise<{ ok: boolean; detail: string }> {
    if (this.#closed) return Promise.resolve({ ok: false, detail: 'closed' });
    const failure = this.#writes.failure();
    if (failure !== null) return Promise.resolve({ ok: false, detail: failure });
    try {
      this.#sqlite.prepare('select 1').get();
      return Promise.resolve({ ok: true, detail: 'sqlite ok' });
    } catch (error) {
      return Promise.resolve({ ok: false, detail: sqliteCode(error) ?? 'sqlite error' });
    }
  }

  async backup(file: string): Promise<void> {
    if (this.#closed) throw new Error('The repository is closed.');
    const target = resolve(file);
    mkdirSync(dirname(target), { recursive: true });
    // Pending writes go in first, so that a backup taken after a write resolved holds it.
    await this.#writes.drain();
    try {
      // All the pages in one step: SQLite restarts a backup whenever another connection writes
      // between two steps, so the default of 100 pages a step never finished while a server (or
      // this repository's own write worker) kept writing. One step reads one snapshot, and WAL
      // lets writers go on meanwhile.
      await this.#sqlite.backup(target, { progress: () => ALL_PAGES });
    } catch (error) {
      throw mapSqliteError(error);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // Every write issued before close() settles first: nothing queued is lost.
    await this.#writes.close();
    // Refreshes the planner's statistics where they went stale; cheap when nothing did.
    this.#sqlite.pragma('optimize');
    this.#sqlite.close();
  }

  // ---------------------------------------------------------------- helpers

  #read<T>(run: () => T): Promise<T> {
    if (this.#closed) return Promise.reject(new Error('The repository is closed.'));
    try {
      return Promise.resolve(run());
    } catch (error) {
      return Promise.reject(mapSqliteError(error));
    }
  }
}

/**
 * The one query cohort statistics read (see CohortQuery): submitted administrations of a grid at
 * the named occasions, joined to their current revision and occasion, each score's value and band
 * taken out of the stored scoring JSON by `json_extract` so that no revision is parsed whole. The
 * text depends only on which filters are present and how many scores and occasions are read, so a
 * handful of prepared statements serve every request.
 */
export function cohortSql(query: CohortQuery): { sql: string; params: (string | number)[] } {
  const columns = ['a.case_id', 'a.id', 'o.name', 'a.informant', 'a.version', 'o.living_situation'];
  const params: (string | number)[] = [];
  for (const score of query.scores) {
    columns.push('json_extract(r.scoring, ?)', 'json_extract(r.scoring, ?)');
    params.push(`$.scores."${score}"`, `$.bands."${score}"`);
  }
  const joins = [
    'JOIN occasions o ON o.id = a.occasion_id',
    'JOIN administration_revisions r ON r.administration_id = a.id AND r.revision = a.revision',
  ];
  const where = [`a.grid = ?`, `a.status = 'submitted'`, `o.name IN (${query.occasions.map(() => '?').join(', ')})`];
  params.push(query.grid, ...query.occasions);
  if (query.team !== undefined || query.zone !== undefined) joins.push('JOIN cases c ON c.id = a.case_id');
  if (query.team !== undefined) {
    where.push('c.team = ?');
    params.push(query.team);
  }
  if (query.zone !== undefined) {
    where.push('c.zone = ?');
    params.push(query.zone);
  }
  if (query.informant !== undefined) {
    where.push('a.informant = ?');
    params.push(query.informant);
  }
  if (query.intervention !== undefined) {
    where.push('EXISTS (SELECT 1 FROM interventions i WHERE i.case_id = a.case_id AND i.type = ?)');
    params.push(query.intervention);
  }
  return { sql: `SELECT ${columns.join(', ')} FROM administrations a ${joins.join(' ')} WHERE ${where.join(' AND ')}`, params };
}

/** The largest page count better-sqlite3 takes for one backup step. */
const ALL_PAGES = 0x7fffffff;

/** Most entries a read cache holds before it is emptied (a few hundred KB at most). */
const CACHE_LIMIT = 10_000;

function remember<V>(cache: Map<string, V>, key: string, value: V): void {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
}
