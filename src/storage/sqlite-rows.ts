/**
 * The SQLite rows behind the repository's records, and the mappings between them: shared by the
 * read side (sqlite.ts) and the write side (sqlite-writer.ts), which may run on another thread.
 */
import { eq, sql } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type {
  AdministrationRecord,
  AdministrationStatus,
  AuditEntry,
  CaseRecord,
  GridVersionRecord,
  GridVersionStatus,
  InterventionRecord,
  LivingSituation,
  OccasionRecord,
  ResearchProject,
  RevisionRecord,
  Role,
  Sex,
  StoredScores,
  Team,
  TokenRecord,
} from './repository.ts';
import { administrations, occasions } from './schema.ts';
import type { administrationRevisions, auditLog, cases, gridVersions, idempotencyKeys, interventions, researchProjects, teams, tokens } from './schema.ts';
import type * as schema from './schema.ts';

export type Db = BetterSQLite3Database<typeof schema>;

export type TeamRow = typeof teams.$inferSelect;
export type ProjectRow = typeof researchProjects.$inferSelect;
export type TokenRow = typeof tokens.$inferSelect;
export type GridVersionRow = typeof gridVersions.$inferSelect;
export type CaseRow = typeof cases.$inferSelect;
export type OccasionRow = typeof occasions.$inferSelect;
export type InterventionRow = typeof interventions.$inferSelect;
export type RevisionRow = typeof administrationRevisions.$inferSelect;
export type AuditRow = typeof auditLog.$inferSelect;
export type KeyRow = typeof idempotencyKeys.$inferSelect;
export interface HeaderRow {
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

/** An administration's header with its occasion's name (the columns of HeaderRow). */
export const headerColumns = {
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

/** The prepared query of one administration's header by id (`{ id }`), on either side. */
export function prepareHeaderById(db: Db) {
  return db
    .select(headerColumns)
    .from(administrations)
    .innerJoin(occasions, eq(occasions.id, administrations.occasionId))
    .where(eq(administrations.id, sql.placeholder('id')))
    .prepare();
}

export function teamFromRow(row: TeamRow): Team {
  return { id: row.id, zone: row.zone, createdAt: row.createdAt };
}

export function projectFromRow(row: ProjectRow): ResearchProject {
  return { id: row.id, name: row.name, protocol: row.protocol, createdAt: row.createdAt };
}

export function tokenFromRow(row: TokenRow): TokenRecord {
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

export function gridVersionFromRow(row: GridVersionRow): GridVersionRecord {
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

export function caseFromRow(row: CaseRow): CaseRecord {
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

export function occasionFromRow(row: OccasionRow): OccasionRecord {
  return {
    id: row.id,
    caseId: row.caseId,
    name: row.name,
    date: row.date,
    livingSituation: row.livingSituation as LivingSituation | null,
  };
}

export function interventionFromRow(row: InterventionRow): InterventionRecord {
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

export function revisionToRow(revision: RevisionRecord): RevisionRow {
  return {
    ...revision,
    responses: JSON.stringify(revision.responses),
    scoring: JSON.stringify(revision.scoring),
  };
}

export function revisionFromRow(row: RevisionRow): RevisionRecord {
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

export function administrationFromRows(header: HeaderRow, current: RevisionRecord): AdministrationRecord {
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

export function auditFromRow(row: AuditRow): AuditEntry {
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
