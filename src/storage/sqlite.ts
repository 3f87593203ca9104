import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import { and, asc, eq, gte, isNull, lte, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { ConflictError, EngineError, ForbiddenError, NotFoundError, RequestInvalidError } from '../errors.ts';
import { GroupCommitQueue } from './group-commit.ts';
import type { WriteStats } from './group-commit.ts';
import { createIdGenerator } from './ids.ts';
import type {
  Actor,
  AdministrationRecord,
  AdministrationStatus,
  AdministrationWithHistory,
  AuditEntry,
  AuditQuery,
  CaseDetail,
  CaseRecord,
  CohortQuery,
  CohortRow,
  GridVersionRecord,
  GridVersionStatus,
  InterventionRecord,
  LivingSituation,
  NewAdministration,
  NewCase,
  NewIntervention,
  NewRevision,
  OccasionRecord,
  Repository,
  ResearchProject,
  ScoreExportFilter,
  ScoreExportSource,
  RevisionRecord,
  Role,
  Sex,
  StoredScores,
  StoredToken,
  Team,
  TokenRecord,
} from './repository.ts';
import {
  administrationRevisions,
  administrations,
  auditLog,
  cases,
  gridVersions,
  interventions,
  occasions,
  researchProjects,
  teams,
  tokens,
} from './schema.ts';
import * as schema from './schema.ts';
import { openSqliteScoreExport } from './sqlite-score-export.ts';
import { sqliteCode, mapSqliteError } from './sqlite-errors.ts';

export interface SqliteRepositoryOptions {
  /** Database file; its folder and the file are created on first use. `:memory:` for a throwaway. */
  file: string;
  /** Source of every stored timestamp (tests pass a fixed clock). */
  clock?: () => Date;
  /** How long a write waits for another connection's lock before it is refused as `busy`. */
  busyTimeoutMs?: number;
  /** Most writes sharing one transaction. */
  maxBatch?: number;
}

/** The SQLite backend, plus what tests and benchmarks look at. */
export interface SqliteRepository extends Repository {
  /** Transactions committed and writes they carried since opening. */
  stats(): WriteStats;
}

/** Where the drizzle-kit migrations live, found from this module rather than the working directory. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url));

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
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Database(file, { timeout: options.busyTimeoutMs ?? 5000 });
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    const db = drizzle(sqlite, { schema });
    applyMigrations(db);
    return new SqliteRepositoryImpl(sqlite, db, options);
  } catch (error) {
    sqlite.close();
    throw mapSqliteError(error);
  }
}

type Db = BetterSQLite3Database<typeof schema>;

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
type TeamRow = typeof teams.$inferSelect;
type ProjectRow = typeof researchProjects.$inferSelect;
type TokenRow = typeof tokens.$inferSelect;
type GridVersionRow = typeof gridVersions.$inferSelect;
type CaseRow = typeof cases.$inferSelect;
type OccasionRow = typeof occasions.$inferSelect;
type InterventionRow = typeof interventions.$inferSelect;
type RevisionRow = typeof administrationRevisions.$inferSelect;
type AuditRow = typeof auditLog.$inferSelect;
interface HeaderRow {
  id: string;
  caseId: string;
  occasion: string;
  date: string;
  grid: string;
  version: string;
  informant: string;
  status: string;
  revision: number;
  createdAt: string;
}

class SqliteRepositoryImpl implements SqliteRepository {
  readonly #sqlite: BetterSqlite3.Database;
  readonly #db: Db;
  readonly #clock: () => Date;
  readonly #busyTimeoutMs: number;
  readonly #nextId: () => string;
  readonly #writes: GroupCommitQueue;
  #closed = false;

  // Statements on the hot paths (token lookup on every request, case and administration writes).
  readonly #tokenByHash;
  readonly #teamById;
  readonly #caseById;
  readonly #caseExists;
  readonly #gridVersionByKey;
  readonly #gridVersionStatus;
  readonly #occasionIdByName;
  readonly #insertOccasion;
  readonly #insertAdministration;
  readonly #insertRevision;
  readonly #headerById;
  readonly #updateHeader;
  readonly #insertAudit;
  /** Statements whose text depends on the request (cohort filters), prepared once per text. */
  readonly #statements = new Map<string, BetterSqlite3.Statement>();
  /**
   * Read-through caches of the two lookups every authenticated request makes (its token, then the
   * case it addresses): together they were a fifth of the HTTP write route's time. A case row
   * never changes (append-only triggers), so a cached case stays true. A token row changes when it
   * is revoked: its cache is dropped when this repository revokes one and whenever `PRAGMA
   * data_version` shows a commit by another connection (`griglie token revoke` in another
   * process), so a revocation takes effect on the next request. Misses are not cached. Both are
   * bounded: full, they are emptied.
   */
  readonly #tokenCache = new Map<string, StoredToken>();
  readonly #caseCache = new Map<string, CaseRecord>();
  readonly #dataVersion: BetterSqlite3.Statement<[], number>;
  #seenDataVersion = -1;

  constructor(sqlite: BetterSqlite3.Database, db: Db, options: SqliteRepositoryOptions) {
    this.#sqlite = sqlite;
    this.#db = db;
    this.#clock = options.clock ?? (() => new Date());
    this.#busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    this.#nextId = createIdGenerator(this.#clock);
    this.#writes = new GroupCommitQueue(sqlite, options.maxBatch === undefined ? {} : { maxBatch: options.maxBatch });
    const p = (name: string) => sql.placeholder(name);

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
    this.#caseExists = sqlite.prepare<[string], number>('SELECT 1 FROM cases WHERE id = ?').pluck();
    this.#gridVersionByKey = sqlite.prepare<[string, string], GridVersionRow>(
      'SELECT grid, version, status, definition, sha256, created_at AS createdAt, published_at AS publishedAt, retired_at AS retiredAt FROM grid_versions WHERE grid = ? AND version = ?',
    );
    // The write path checks only the status: the definition (tens of KB) is never read there.
    this.#gridVersionStatus = sqlite.prepare<[string, string], string>('SELECT status FROM grid_versions WHERE grid = ? AND version = ?').pluck();
    this.#occasionIdByName = sqlite.prepare<[string, string], string>('SELECT id FROM occasions WHERE case_id = ? AND name = ?').pluck();
    this.#insertOccasion = sqlite.prepare<[OccasionRow]>(
      'INSERT INTO occasions (id, case_id, name, date, living_situation, created_at) VALUES (@id, @caseId, @name, @date, @livingSituation, @createdAt)',
    );
    this.#insertAdministration = sqlite.prepare<[HeaderRow & { occasionId: string }]>(
      'INSERT INTO administrations (id, case_id, occasion_id, date, grid, version, informant, status, revision, created_at) ' +
        'VALUES (@id, @caseId, @occasionId, @date, @grid, @version, @informant, @status, @revision, @createdAt)',
    );
    this.#insertRevision = sqlite.prepare<[RevisionRow]>(
      'INSERT INTO administration_revisions (administration_id, revision, status, responses, scoring, reason, notes, author_token_id, created_at) ' +
        'VALUES (@administrationId, @revision, @status, @responses, @scoring, @reason, @notes, @authorTokenId, @createdAt)',
    );
    this.#headerById = db
      .select(headerColumns)
      .from(administrations)
      .innerJoin(occasions, eq(occasions.id, administrations.occasionId))
      .where(eq(administrations.id, p('id')))
      .prepare();
    this.#updateHeader = db
      .update(administrations)
      .set({ status: sql`${p('status')}`, revision: sql`${p('revision')}` })
      .where(eq(administrations.id, p('id')))
      .prepare();
    this.#insertAudit = sqlite.prepare<[Omit<AuditRow, 'id'>]>(
      'INSERT INTO audit_log (at, token_id, role, action, records, detail) VALUES (@at, @tokenId, @role, @action, @records, @detail)',
    );
  }

  stats(): WriteStats {
    return this.#writes.stats();
  }

  // ---------------------------------------------------------------- teams, projects, tokens

  createTeam(input: { id: string; zone: string }, actor: Actor): Promise<Team> {
    return this.#write(() => {
      if (this.#db.select().from(teams).where(eq(teams.id, input.id)).get()) {
        throw new ConflictError(`Team ${input.id} already exists.`, [
          { code: 'team_exists', path: '/id', message: 'A team with this id already exists.' },
        ]);
      }
      const row: TeamRow = { id: input.id, zone: input.zone, createdAt: this.#now() };
      this.#db.insert(teams).values(row).run();
      this.#appendAudit(actor, 'team.create', [row.id], { zone: row.zone });
      return teamFromRow(row);
    });
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
    return this.#write(() => {
      const name = input.name.normalize('NFC');
      if (this.#db.select().from(researchProjects).where(eq(researchProjects.name, name)).get()) {
        throw new ConflictError(`Research project ${name} already exists.`, [
          { code: 'project_exists', path: '/name', message: 'A research project with this name already exists.' },
        ]);
      }
      const values = { name, protocol: input.protocol.normalize('NFC'), createdAt: this.#now() };
      const result = this.#db.insert(researchProjects).values(values).run();
      const row: ProjectRow = { id: Number(result.lastInsertRowid), ...values };
      this.#appendAudit(actor, 'project.create', [String(row.id)], null);
      return projectFromRow(row);
    });
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
    return this.#write(() => {
      checkTokenScope(input);
      if (input.team !== null && !this.#db.select().from(teams).where(eq(teams.id, input.team)).get()) {
        throw new NotFoundError(`No team ${input.team}.`);
      }
      if (input.project !== null && !this.#db.select().from(researchProjects).where(eq(researchProjects.id, input.project)).get()) {
        throw new NotFoundError(`No research project ${input.project}.`);
      }
      const values = {
        hash: input.hash,
        role: input.role,
        name: input.name === null ? null : input.name.normalize('NFC'),
        team: input.team,
        project: input.project,
        createdAt: this.#now(),
        expiresAt: input.expiresAt,
        revokedAt: null,
      };
      const result = this.#db.insert(tokens).values(values).run();
      const row: TokenRow = { id: Number(result.lastInsertRowid), ...values };
      // The hash stays out of the log: it is as good as the token for a lookup.
      this.#appendAudit(actor, 'token.create', [String(row.id)], {
        role: row.role,
        team: row.team,
        project: row.project,
        expiresAt: row.expiresAt,
      });
      return tokenFromRow(row);
    });
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
    return this.#write(() => {
      const result = this.#db
        .update(tokens)
        .set({ revokedAt: this.#now() })
        .where(and(eq(tokens.id, id), isNull(tokens.revokedAt)))
        .run();
      if (result.changes === 0) return false;
      // Runs in the batch, before any later read: no request sees the token as still valid.
      this.#tokenCache.clear();
      this.#appendAudit(actor, 'token.revoke', [String(id)], null);
      return true;
    });
  }

  // ---------------------------------------------------------------- grid versions

  putGridVersion(
    input: { grid: string; version: string; definition: string; sha256: string; status: 'draft' | 'published' },
    actor: Actor,
  ): Promise<{ record: GridVersionRecord; created: boolean }> {
    return this.#write(() => {
      const now = this.#now();
      const existing = this.#gridVersionByKey.get(input.grid, input.version);
      const key = `${input.grid}@${input.version}`;
      if (!existing) {
        const row: GridVersionRow = {
          grid: input.grid,
          version: input.version,
          status: input.status,
          definition: input.definition,
          sha256: input.sha256,
          createdAt: now,
          publishedAt: input.status === 'published' ? now : null,
          retiredAt: null,
        };
        this.#db.insert(gridVersions).values(row).run();
        this.#appendAudit(actor, input.status === 'published' ? 'grid.publish' : 'grid.draft', [key], { sha256: row.sha256 });
        return { record: gridVersionFromRow(row), created: true };
      }
      if (existing.status !== 'draft' && existing.sha256 !== input.sha256) {
        throw new ConflictError(`${key} is ${existing.status} with other content; publish a new version instead.`, [
          { code: 'version_immutable', path: '/version', message: 'A published version cannot change; publish a new version.' },
        ]);
      }
      const publishing = existing.status === 'draft' && input.status === 'published';
      if (existing.sha256 === input.sha256 && !publishing) {
        return { record: gridVersionFromRow(existing), created: false };
      }
      // A draft may change, and may be published: same key, new content or new status.
      const row: GridVersionRow = {
        ...existing,
        status: input.status,
        definition: input.definition,
        sha256: input.sha256,
        publishedAt: publishing ? now : existing.publishedAt,
      };
      this.#db
        .update(gridVersions)
        .set({ status: row.status, definition: row.definition, sha256: row.sha256, publishedAt: row.publishedAt })
        .where(and(eq(gridVersions.grid, input.grid), eq(gridVersions.version, input.version)))
        .run();
      this.#appendAudit(actor, publishing ? 'grid.publish' : 'grid.draft', [key], { sha256: row.sha256 });
      return { record: gridVersionFromRow(row), created: existing.sha256 !== input.sha256 };
    });
  }

  setGridVersionStatus(grid: string, version: string, status: GridVersionStatus, actor: Actor): Promise<GridVersionRecord> {
    return this.#write(() => {
      const existing = this.#gridVersionByKey.get(grid, version);
      const key = `${grid}@${version}`;
      if (!existing) throw new NotFoundError(`No grid version ${key}.`);
      if (existing.status === status) return gridVersionFromRow(existing);
      if (status === 'draft') {
        throw new ConflictError(`${key} is ${existing.status}; it cannot go back to draft.`, [
          { code: 'status_transition', path: '/status', message: 'A published or retired version cannot become a draft again.' },
        ]);
      }
      const now = this.#now();
      const row: GridVersionRow = {
        ...existing,
        status,
        publishedAt: existing.publishedAt ?? now,
        retiredAt: status === 'retired' ? now : null,
      };
      this.#db
        .update(gridVersions)
        .set({ status: row.status, publishedAt: row.publishedAt, retiredAt: row.retiredAt })
        .where(and(eq(gridVersions.grid, grid), eq(gridVersions.version, version)))
        .run();
      this.#appendAudit(actor, 'grid.status', [key], { from: existing.status, to: status });
      return gridVersionFromRow(row);
    });
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
    return this.#write(() => {
      const team = this.#db.select().from(teams).where(eq(teams.id, input.team)).get();
      if (!team) {
        throw new RequestInvalidError(`No team ${input.team}.`, [{ code: 'unknown_team', path: '/team', message: 'There is no such team.' }]);
      }
      if (team.zone !== input.zone) {
        throw new RequestInvalidError(`Team ${team.id} belongs to zone ${team.zone}.`, [
          { code: 'zone_mismatch', path: '/zone', message: "A case's zone is its team's zone." },
        ]);
      }
      const reference = input.reference.normalize('NFC');
      const duplicate = this.#db
        .select({ id: cases.id })
        .from(cases)
        .where(and(eq(cases.team, input.team), eq(cases.reference, reference)))
        .get();
      if (duplicate) {
        throw new ConflictError('The team already has a case with this reference.', [
          { code: 'reference_exists', path: '/reference', message: 'The team already has a case with this reference.' },
        ]);
      }
      const row: CaseRow = {
        id: this.#nextId(),
        team: input.team,
        zone: input.zone,
        reference,
        birthYearMonth: input.birthYearMonth,
        sex: input.sex,
        createdAt: this.#now(),
      };
      this.#db.insert(cases).values(row).run();
      this.#appendAudit(actor, 'case.create', [row.id], null);
      return caseFromRow(row);
    });
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
    return this.#write(() => {
      if (this.#caseExists.get(caseId) === undefined) throw new NotFoundError(`No case ${caseId}.`);
      const row: InterventionRow = {
        id: this.#nextId(),
        caseId,
        type: input.type,
        start: input.start,
        end: input.end,
        notes: input.notes === null ? null : input.notes.normalize('NFC'),
        createdAt: this.#now(),
      };
      this.#db.insert(interventions).values(row).run();
      this.#appendAudit(actor, 'intervention.create', [row.id, caseId], { type: row.type });
      return interventionFromRow(row);
    });
  }

  // ---------------------------------------------------------------- administrations

  createAdministration(input: NewAdministration, actor: Actor): Promise<AdministrationRecord> {
    return this.#write(() => {
      const author = requireAuthor(actor);
      if (this.#caseExists.get(input.caseId) === undefined) throw new NotFoundError(`No case ${input.caseId}.`);
      const status = this.#gridVersionStatus.get(input.grid, input.version);
      if (status === undefined) throw new NotFoundError(`No grid version ${input.grid}@${input.version}.`);
      if (status === 'retired') {
        throw new EngineError('version_retired', `${input.grid}@${input.version} is retired and takes no new administrations.`, {
          issues: [{ code: 'version_retired', path: '/version', message: 'This grid version is retired.' }],
        });
      }
      const now = this.#now();
      // The occasion is created on first use; later administrations keep its first date and
      // record their own.
      let occasionId = this.#occasionIdByName.get(input.caseId, input.occasion);
      if (occasionId === undefined) {
        occasionId = this.#nextId();
        this.#insertOccasion.run({
          id: occasionId,
          caseId: input.caseId,
          name: input.occasion,
          date: input.date,
          livingSituation: input.livingSituation,
          createdAt: now,
        });
      }
      const header: HeaderRow = {
        id: this.#nextId(),
        caseId: input.caseId,
        occasion: input.occasion,
        date: input.date,
        grid: input.grid,
        version: input.version,
        informant: input.informant,
        status: input.status,
        revision: 1,
        createdAt: now,
      };
      this.#insertAdministration.run({ ...header, occasionId });
      const revision: RevisionRecord = {
        administrationId: header.id,
        revision: 1,
        status: input.status,
        responses: input.responses,
        scoring: input.scoring,
        reason: null,
        notes: input.notes === null ? null : input.notes.normalize('NFC'),
        authorTokenId: author,
        createdAt: now,
      };
      this.#insertRevision.run(revisionToRow(revision));
      this.#appendAudit(actor, 'administration.create', [header.id, input.caseId], {
        grid: input.grid,
        version: input.version,
        occasion: input.occasion,
        status: input.status,
      });
      return administrationFromRows(header, revision);
    });
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

  addRevision(input: NewRevision, actor: Actor): Promise<AdministrationRecord> {
    return this.#write(() => {
      const author = requireAuthor(actor);
      const header = this.#headerById.get({ id: input.administrationId });
      if (!header) throw new NotFoundError(`No administration ${input.administrationId}.`);
      if (input.reason.trim() === '') {
        throw new RequestInvalidError('An amendment needs a reason.', [
          { code: 'reason_required', path: '/reason', message: 'Say why the administration is amended.' },
        ]);
      }
      if (header.status === 'void') {
        throw new ConflictError('A void administration takes no more revisions.', [
          { code: 'administration_void', path: '', message: 'This administration was voided; record a new one instead.' },
        ]);
      }
      const revision: RevisionRecord = {
        administrationId: header.id,
        revision: header.revision + 1,
        status: input.status,
        responses: input.responses,
        scoring: input.scoring,
        reason: input.reason.normalize('NFC'),
        notes: input.notes === null ? null : input.notes.normalize('NFC'),
        authorTokenId: author,
        createdAt: this.#now(),
      };
      this.#insertRevision.run(revisionToRow(revision));
      this.#updateHeader.run({ id: header.id, status: revision.status, revision: revision.revision });
      this.#appendAudit(actor, 'administration.revise', [header.id, header.caseId], {
        revision: revision.revision,
        status: revision.status,
      });
      return administrationFromRows({ ...header, status: revision.status, revision: revision.revision }, revision);
    });
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
    return this.#write(() => {
      this.#appendAudit(actor, entry.action, entry.records, entry.detail ?? null);
    });
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
    this.#writes.flush();
    try {
      await this.#sqlite.backup(target);
    } catch (error) {
      throw mapSqliteError(error);
    }
  }

  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#writes.flush();
    this.#writes.close();
    this.#closed = true;
    // Refreshes the planner's statistics where they went stale; cheap when nothing did.
    this.#sqlite.pragma('optimize');
    this.#sqlite.close();
    return Promise.resolve();
  }

  // ---------------------------------------------------------------- helpers

  #now(): string {
    return this.#clock().toISOString();
  }

  #write<T>(run: () => T): Promise<T> {
    return this.#writes.enqueue(run);
  }

  #read<T>(run: () => T): Promise<T> {
    if (this.#closed) return Promise.reject(new Error('The repository is closed.'));
    try {
      return Promise.resolve(run());
    } catch (error) {
      return Promise.reject(mapSqliteError(error));
    }
  }

  #appendAudit(actor: Actor, action: string, records: string[], detail: Record<string, unknown> | null): void {
    this.#insertAudit.run({
      at: this.#now(),
      tokenId: actor.tokenId,
      role: actor.role,
      action,
      records: JSON.stringify(records),
      detail: detail === null ? null : JSON.stringify(detail),
    });
  }
}

const headerColumns = {
  id: administrations.id,
  caseId: administrations.caseId,
  occasion: occasions.name,
  date: administrations.date,
  grid: administrations.grid,
  version: administrations.version,
  informant: administrations.informant,
  status: administrations.status,
  revision: administrations.revision,
  createdAt: administrations.createdAt,
};

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

/** Operators and coordinators belong to a team, researchers to a project; the others to neither. */
/** Most entries a read cache holds before it is emptied (a few hundred KB at most). */
const CACHE_LIMIT = 10_000;

function remember<V>(cache: Map<string, V>, key: string, value: V): void {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
}

function checkTokenScope(input: { role: Role; team: string | null; project: number | null }): void {
  const needsTeam = input.role === 'operator' || input.role === 'coordinator';
  const needsProject = input.role === 'researcher';
  if (needsTeam !== (input.team !== null)) {
    throw new RequestInvalidError(needsTeam ? `A ${input.role} token names its team.` : `A ${input.role} token takes no team.`, [
      { code: needsTeam ? 'team_required' : 'team_not_allowed', path: '/team', message: 'Operator and coordinator tokens, and only they, name a team.' },
    ]);
  }
  if (needsProject !== (input.project !== null)) {
    throw new RequestInvalidError(needsProject ? 'A researcher token names its research project.' : `A ${input.role} token takes no project.`, [
      { code: needsProject ? 'project_required' : 'project_not_allowed', path: '/project', message: 'Researcher tokens, and only they, name a research project.' },
    ]);
  }
}

function requireAuthor(actor: Actor): number {
  if (actor.tokenId === null) throw new ForbiddenError('Recording an administration needs an authenticated author.');
  return actor.tokenId;
}

function teamFromRow(row: TeamRow): Team {
  return { id: row.id, zone: row.zone, createdAt: row.createdAt };
}

function projectFromRow(row: ProjectRow): ResearchProject {
  return { id: row.id, name: row.name, protocol: row.protocol, createdAt: row.createdAt };
}

function tokenFromRow(row: TokenRow): TokenRecord {
  return {
    id: row.id,
    role: row.role as Role,
    name: row.name,
    team: row.team,
    project: row.project,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
  };
}

function gridVersionFromRow(row: GridVersionRow): GridVersionRecord {
  return {
    grid: row.grid,
    version: row.version,
    status: row.status as GridVersionStatus,
    definition: row.definition,
    sha256: row.sha256,
    createdAt: row.createdAt,
    publishedAt: row.publishedAt,
    retiredAt: row.retiredAt,
  };
}

function caseFromRow(row: CaseRow): CaseRecord {
  return {
    id: row.id,
    team: row.team,
    zone: row.zone,
    reference: row.reference,
    birthYearMonth: row.birthYearMonth,
    sex: row.sex as Sex,
    createdAt: row.createdAt,
  };
}

function occasionFromRow(row: OccasionRow): OccasionRecord {
  return {
    id: row.id,
    caseId: row.caseId,
    name: row.name,
    date: row.date,
    livingSituation: row.livingSituation as LivingSituation | null,
  };
}

function interventionFromRow(row: InterventionRow): InterventionRecord {
  return {
    id: row.id,
    caseId: row.caseId,
    type: row.type,
    start: row.start,
    end: row.end,
    notes: row.notes,
    createdAt: row.createdAt,
  };
}

function revisionToRow(revision: RevisionRecord): RevisionRow {
  return {
    ...revision,
    responses: JSON.stringify(revision.responses),
    scoring: JSON.stringify(revision.scoring),
  };
}

function revisionFromRow(row: RevisionRow): RevisionRecord {
  return {
    administrationId: row.administrationId,
    revision: row.revision,
    status: row.status as AdministrationStatus,
    responses: JSON.parse(row.responses) as Record<string, unknown>,
    scoring: JSON.parse(row.scoring) as StoredScores,
    reason: row.reason,
    notes: row.notes,
    authorTokenId: row.authorTokenId,
    createdAt: row.createdAt,
  };
}

function administrationFromRows(header: HeaderRow, current: RevisionRecord): AdministrationRecord {
  return {
    id: header.id,
    caseId: header.caseId,
    occasion: header.occasion,
    date: header.date,
    grid: header.grid,
    version: header.version,
    informant: header.informant,
    status: header.status as AdministrationStatus,
    revision: header.revision,
    createdAt: header.createdAt,
    current,
  };
}

function auditFromRow(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    tokenId: row.tokenId,
    role: row.role as Role | null,
    action: row.action,
    records: JSON.parse(row.records) as string[],
    detail: row.detail === null ? null : (JSON.parse(row.detail) as Record<string, unknown>),
  };
}
