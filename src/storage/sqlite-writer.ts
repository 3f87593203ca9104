import type BetterSqlite3 from 'better-sqlite3';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { ConflictError, EngineError, ForbiddenError, IdempotencyKeyReusedError, NotFoundError, RequestInvalidError } from '../errors.ts';
import type {
  Actor,
  AdministrationRecord,
  CaseRecord,
  GridVersionRecord,
  GridVersionStatus,
  IdempotentRequest,
  InterventionRecord,
  NewAdministration,
  NewCase,
  NewIntervention,
  NewRevision,
  RescoreItem,
  RescoreOutcome,
  ResearchProject,
  RevisionRecord,
  Role,
  Team,
  TokenRecord,
} from './repository.ts';
import { administrations, cases, gridVersions, interventions, researchProjects, teams, tokens } from './schema.ts';
import type { AuditRow, CaseRow, Db, GridVersionRow, HeaderRow, InterventionRow, KeyRow, OccasionRow, ProjectRow, RevisionRow, TeamRow, TokenRow } from './sqlite-rows.ts';
import {
  administrationFromRows,
  caseFromRow,
  gridVersionFromRow,
  interventionFromRow,
  prepareHeaderById,
  projectFromRow,
  revisionToRow,
  teamFromRow,
  tokenFromRow,
} from './sqlite-rows.ts';

/**
 * Every write of the repository, as a synchronous method over one connection that returns plain
 * data: the group commit runs each inside its own savepoint of a shared transaction. Plain data in
 * and out is what lets the same writes run on the repository's own connection or on a worker
 * thread's (write-worker.ts), whichever the repository was opened with.
 */
export class SqliteWriter {
  readonly #db: Db;
  readonly #clock: () => Date;
  readonly #nextId: () => string;
  // Statements of the hot write paths, prepared once.
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
  readonly #keyedWrite;
  readonly #insertKey;
  readonly #tokenIdByHash;
  readonly #copyRevisionRescored;

  constructor(sqlite: BetterSqlite3.Database, db: Db, options: { clock: () => Date; nextId: () => string }) {
    this.#db = db;
    this.#clock = options.clock;
    this.#nextId = options.nextId;
    const p = (name: string) => sql.placeholder(name);
    this.#caseExists = sqlite.prepare<[string], number>('SELECT 1 FROM cases WHERE id = ?').pluck();
    this.#gridVersionByKey = sqlite.prepare<[string, string], GridVersionRow>(
      'SELECT grid, version, status, definition, sha256, created_at AS createdAt, published_at AS publishedAt, retired_at AS retiredAt FROM grid_versions WHERE grid = ? AND version = ?',
    );
    // The administration path checks only the status: the definition (tens of KB) is never read there.
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
    this.#headerById = prepareHeaderById(db);
    this.#updateHeader = db
      .update(administrations)
      .set({ status: sql`${p('status')}`, revision: sql`${p('revision')}` })
      .where(eq(administrations.id, p('id')))
      .prepare();
    this.#insertAudit = sqlite.prepare<[Omit<AuditRow, 'id'>]>(
      'INSERT INTO audit_log (at, token_id, role, action, records, detail) VALUES (@at, @tokenId, @role, @action, @records, @detail)',
    );
    this.#tokenIdByHash = sqlite.prepare<[string], number>('SELECT id FROM tokens WHERE hash = ?').pluck();
    // A re-scored revision copies status, responses and notes from the one it re-scores, in SQL:
    // the responses are the stored text, unchanged to the byte.
    this.#copyRevisionRescored = sqlite.prepare<[{ id: string; from: number; revision: number; scoring: string; reason: string; author: number; createdAt: string }]>(
      'INSERT INTO administration_revisions (administration_id, revision, status, responses, scoring, reason, notes, author_token_id, created_at) ' +
        'SELECT administration_id, @revision, status, responses, @scoring, @reason, notes, @author, @createdAt FROM administration_revisions WHERE administration_id = @id AND revision = @from',
    );
    this.#keyedWrite = sqlite.prepare<[number, string], string>('SELECT fingerprint FROM idempotency_keys WHERE token_id = ? AND key = ?').pluck();
    this.#insertKey = sqlite.prepare<[KeyRow]>(
      'INSERT INTO idempotency_keys (token_id, key, fingerprint, administration_id, revision, created_at) ' +
        'VALUES (@tokenId, @key, @fingerprint, @administrationId, @revision, @createdAt)',
    );
  }

  createTeam(input: { id: string; zone: string }, actor: Actor): Team {
    if (this.#db.select().from(teams).where(eq(teams.id, input.id)).get()) {
      throw new ConflictError(`Team ${input.id} already exists.`, [
        { code: 'team_exists', path: '/id', message: 'A team with this id already exists.' },
      ]);
    }
    const row: TeamRow = { id: input.id, zone: input.zone, createdAt: this.#now() };
    this.#db.insert(teams).values(row).run();
    this.#appendAudit(actor, 'team.create', [row.id], { zone: row.zone });
    return teamFromRow(row);
  }

  createProject(input: { name: string; protocol: string }, actor: Actor): ResearchProject {
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
  }

  createToken(
    input: { hash: string; role: Role; name: string | null; team: string | null; project: number | null; expiresAt: string | null },
    actor: Actor,
  ): TokenRecord {
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
  }

  revokeToken(id: number, actor: Actor): boolean {
    const result = this.#db
      .update(tokens)
      .set({ revokedAt: this.#now() })
      .where(and(eq(tokens.id, id), isNull(tokens.revokedAt)))
      .run();
    if (result.changes === 0) return false;
    this.#appendAudit(actor, 'token.revoke', [String(id)], null);
    return true;
  }

  putGridVersion(
    input: { grid: string; version: string; definition: string; sha256: string; status: 'draft' | 'published' },
    actor: Actor,
  ): { record: GridVersionRecord; created: boolean } {
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
  }

  setGridVersionStatus(grid: string, version: string, status: GridVersionStatus, actor: Actor): GridVersionRecord {
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
  }

  createCase(input: NewCase, actor: Actor): CaseRecord {
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
  }

  addIntervention(caseId: string, input: NewIntervention, actor: Actor): InterventionRecord {
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
  }

  /**
   * Records an administration whose responses and scoring arrive as JSON text (as they are stored)
   * and whose notes are already NFC: the repository encodes them on its own thread and builds the
   * record from its input and what this returns, so that only short strings cross to a worker and
   * back.
   */
  createAdministration(input: EncodedAdministration, actor: Actor): CreatedAdministration {
    const author = requireAuthor(actor);
    if (input.idempotency !== undefined) this.#refuseTakenKey(author, input.idempotency);
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
    const id = this.#nextId();
    this.#insertAdministration.run({
      id,
      caseId: input.caseId,
      occasion: input.occasion,
      occasionId,
      date: input.date,
      grid: input.grid,
      version: input.version,
      informant: input.informant,
      status: input.status,
      revision: 1,
      createdAt: now,
    });
    this.#insertRevision.run({
      administrationId: id,
      revision: 1,
      status: input.status,
      responses: input.responsesJson,
      scoring: input.scoringJson,
      reason: null,
      notes: input.notes,
      authorTokenId: author,
      createdAt: now,
    });
    if (input.idempotency !== undefined) this.#takeKey(author, input.idempotency, id, 1, now);
    this.#appendAudit(actor, 'administration.create', [id, input.caseId], {
      grid: input.grid,
      version: input.version,
      occasion: input.occasion,
      status: input.status,
    });
    return { id, createdAt: now, authorTokenId: author };
  }

  addRevision(input: NewRevision, actor: Actor): AdministrationRecord {
    const author = requireAuthor(actor);
    if (input.idempotency !== undefined) this.#refuseTakenKey(author, input.idempotency);
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
    if (input.idempotency !== undefined) this.#takeKey(author, input.idempotency, header.id, revision.revision, revision.createdAt);
    this.#appendAudit(actor, 'administration.revise', [header.id, header.caseId], {
      revision: revision.revision,
      status: revision.status,
    });
    return administrationFromRows({ ...header, status: revision.status, revision: revision.revision }, revision);
  }

  /**
   * One batch of re-scoring (see Repository.rescoreAdministrations). An item whose administration
   * was amended, voided or is gone since it was read is skipped, never written over: the caller
   * reads it again.
   */
  rescoreAdministrations(batch: { reason: string; items: RescoreItem[] }, actor: Actor): RescoreOutcome {
    const reason = batch.reason.normalize('NFC');
    if (reason.trim() === '') {
      throw new RequestInvalidError('Re-scoring needs a reason.', [{ code: 'reason_required', path: '/reason', message: 'Say why the scores are computed again.' }]);
    }
    const outcome: RescoreOutcome = { rescored: [], skipped: [] };
    if (batch.items.length === 0) return outcome;
    const author = this.#systemAuthor(RESCORE_AUTHOR, actor);
    const now = this.#now();
    const records = new Set<string>();
    for (const item of batch.items) {
      const header = this.#headerById.get({ id: item.administrationId });
      if (!header) {
        outcome.skipped.push({ administrationId: item.administrationId, reason: 'missing' });
        continue;
      }
      if (header.status === 'void') {
        outcome.skipped.push({ administrationId: item.administrationId, reason: 'void' });
        continue;
      }
      if (header.revision !== item.revision) {
        outcome.skipped.push({ administrationId: item.administrationId, reason: 'changed' });
        continue;
      }
      const revision = header.revision + 1;
      this.#copyRevisionRescored.run({ id: header.id, from: header.revision, revision, scoring: JSON.stringify(item.scoring), reason, author, createdAt: now });
      this.#updateHeader.run({ id: header.id, status: header.status, revision });
      outcome.rescored.push({ administrationId: header.id, revision });
      // Like every administration write, the entry names the case too: `griglie audit --case` finds it.
      records.add(header.id).add(header.caseId);
    }
    this.#appendAudit(actor, 'scores.rescore', [...records], {
      reason,
      rescored: outcome.rescored.length,
      skipped: outcome.skipped.length,
      engineVersion: batch.items[0]?.scoring.engineVersion ?? null,
    });
    return outcome;
  }

  audit(entry: { action: string; records: string[]; detail?: Record<string, unknown> }, actor: Actor): void {
    this.#appendAudit(actor, entry.action, entry.records, entry.detail ?? null);
  }

  #now(): string {
    return this.#clock().toISOString();
  }

  /**
   * A key the token has already taken: by another request (422), or by this same request, which
   * is still being written or was written after the caller last looked (409: a retry is answered
   * with the first write's result). Checked here, inside the write's transaction, so that two
   * requests racing with one key cannot both write.
   */
  #refuseTakenKey(tokenId: number, request: IdempotentRequest): void {
    const fingerprint = this.#keyedWrite.get(tokenId, request.key);
    if (fingerprint === undefined) return;
    if (fingerprint !== request.fingerprint) throw new IdempotencyKeyReusedError();
    throw new ConflictError('A request with this idempotency key is being recorded; retry it to get its result.', [
      { code: 'idempotency_key_in_flight', path: '', message: 'The same request is being recorded; retry it shortly.' },
    ]);
  }

  /**
   * The token that authors what the engine writes by itself (a revision needs an author): created
   * on first use, already revoked and with a hash no secret hashes to, so it can never
   * authenticate; `griglie token list` shows it under its name.
   */
  #systemAuthor(system: { hash: string; name: string }, actor: Actor): number {
    const found = this.#tokenIdByHash.get(system.hash);
    if (found !== undefined) return found;
    const now = this.#now();
    const values = { hash: system.hash, role: 'admin', name: system.name, team: null, project: null, createdAt: now, expiresAt: null, revokedAt: now };
    const id = Number(this.#db.insert(tokens).values(values).run().lastInsertRowid);
    this.#appendAudit(actor, 'token.create', [String(id)], { role: 'admin', team: null, project: null, expiresAt: null, system: system.name });
    return id;
  }

  #takeKey(tokenId: number, request: IdempotentRequest, administrationId: string, revision: number, createdAt: string): void {
    this.#insertKey.run({ tokenId, key: request.key, fingerprint: request.fingerprint, administrationId, revision, createdAt });
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

/** The system token re-scored revisions are authored by (not a SHA-256 hex: no secret hashes to it). */
export const RESCORE_AUTHOR = { hash: 'system:griglie-rescore', name: 'griglie rescore' } as const;

/** A new administration as the writer takes it: responses and scoring as their stored JSON text, notes in NFC. */
export type EncodedAdministration = Omit<NewAdministration, 'responses' | 'scoring'> & { responsesJson: string; scoringJson: string };

/** What recording an administration generated: the rest of the record is the caller's input. */
export interface CreatedAdministration {
  id: string;
  createdAt: string;
  authorTokenId: number;
}

/** The writes a channel carries: every method of SqliteWriter, by name. */
export type WriteOperation = { [K in keyof SqliteWriter]: SqliteWriter[K] extends (...args: never[]) => unknown ? K : never }[keyof SqliteWriter];

/** Operators and coordinators belong to a team, researchers to a project; the others to neither. */
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

/** Administrations and their revisions name the token that wrote them: an actor without one (the command line) cannot write them. */
function requireAuthor(actor: Actor): number {
  if (actor.tokenId === null) throw new ForbiddenError('Recording an administration needs an authenticated author.');
  return actor.tokenId;
}
