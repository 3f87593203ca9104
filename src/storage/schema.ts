/**
 * The SQLite tables of the recording service (drizzle-orm sqlite-core). drizzle-kit reads this file
 * to generate `migrations/`; keep it free of imports from the rest of the project so that the
 * generator loads it on its own.
 *
 * Timestamps are ISO 8601 UTC text; JSON columns are text written by the repository, so that the
 * stored bytes are exactly what the repository serialized. Case, occasion, intervention and
 * administration ids are time-ordered UUIDv7 text: random keys scatter index inserts (7x slower
 * here).
 */
import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const teams = sqliteTable('teams', {
  id: text('id').primaryKey(),
  zone: text('zone').notNull(),
  createdAt: text('created_at').notNull(),
});

export const researchProjects = sqliteTable('research_projects', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  protocol: text('protocol').notNull(),
  createdAt: text('created_at').notNull(),
});

export const tokens = sqliteTable(
  'tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** SHA-256 hex of the secret; the secret itself is never stored. */
    hash: text('hash').notNull().unique(),
    role: text('role').notNull(),
    name: text('name'),
    team: text('team').references(() => teams.id),
    project: integer('project').references(() => researchProjects.id),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at'),
    revokedAt: text('revoked_at'),
  },
  (t) => [check('tokens_role_check', sql`${t.role} in ('operator', 'coordinator', 'methodologist', 'researcher', 'admin')`)],
);

export const gridVersions = sqliteTable(
  'grid_versions',
  {
    grid: text('grid').notNull(),
    version: text('version').notNull(),
    status: text('status').notNull(),
    /** Canonical JSON of the definition. */
    definition: text('definition').notNull(),
    sha256: text('sha256').notNull(),
    createdAt: text('created_at').notNull(),
    publishedAt: text('published_at'),
    retiredAt: text('retired_at'),
  },
  (t) => [
    primaryKey({ columns: [t.grid, t.version] }),
    check('grid_versions_status_check', sql`${t.status} in ('draft', 'published', 'retired')`),
  ],
);

export const cases = sqliteTable(
  'cases',
  {
    id: text('id').primaryKey(),
    team: text('team')
      .notNull()
      .references(() => teams.id),
    zone: text('zone').notNull(),
    reference: text('reference').notNull(),
    birthYearMonth: text('birth_year_month').notNull(),
    sex: text('sex').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    // One reference names one child within a team; it also serves listing a team's cases.
    uniqueIndex('cases_team_reference_idx').on(t.team, t.reference),
    index('cases_zone_idx').on(t.zone),
    check('cases_sex_check', sql`${t.sex} in ('F', 'M', 'X')`),
  ],
);

export const occasions = sqliteTable(
  'occasions',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id')
      .notNull()
      .references(() => cases.id),
    name: text('name').notNull(),
    date: text('date').notNull(),
    livingSituation: text('living_situation'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('occasions_case_name_idx').on(t.caseId, t.name)],
);

export const interventions = sqliteTable(
  'interventions',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id')
      .notNull()
      .references(() => cases.id),
    type: text('type').notNull(),
    start: text('start').notNull(),
    end: text('end'),
    notes: text('notes'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('interventions_case_idx').on(t.caseId)],
);

export const administrations = sqliteTable(
  'administrations',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id')
      .notNull()
      .references(() => cases.id),
    occasionId: text('occasion_id')
      .notNull()
      .references(() => occasions.id),
    date: text('date').notNull(),
    grid: text('grid').notNull(),
    version: text('version').notNull(),
    informant: text('informant').notNull(),
    status: text('status').notNull(),
    /** Number of the latest revision. */
    revision: integer('revision').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    foreignKey({ columns: [t.grid, t.version], foreignColumns: [gridVersions.grid, gridVersions.version] }),
    index('administrations_case_idx').on(t.caseId),
    index('administrations_grid_idx').on(t.grid, t.version),
    check('administrations_status_check', sql`${t.status} in ('draft', 'submitted', 'void')`),
  ],
);

/** Append-only (triggers in the `append_only` migration refuse UPDATE and DELETE). */
export const administrationRevisions = sqliteTable(
  'administration_revisions',
  {
    administrationId: text('administration_id')
      .notNull()
      .references(() => administrations.id),
    revision: integer('revision').notNull(),
    status: text('status').notNull(),
    responses: text('responses').notNull(),
    scoring: text('scoring').notNull(),
    reason: text('reason'),
    notes: text('notes'),
    authorTokenId: integer('author_token_id')
      .notNull()
      .references(() => tokens.id),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.administrationId, t.revision] }),
    check('administration_revisions_status_check', sql`${t.status} in ('draft', 'submitted', 'void')`),
  ],
);

/** Append-only (triggers in the `append_only` migration refuse UPDATE and DELETE). */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    tokenId: integer('token_id'),
    role: text('role'),
    action: text('action').notNull(),
    /** JSON array of internal record ids. */
    records: text('records').notNull(),
    /** JSON object or null. */
    detail: text('detail'),
  },
  (t) => [index('audit_log_at_idx').on(t.at), index('audit_log_token_idx').on(t.tokenId), index('audit_log_action_idx').on(t.action)],
);

/**
 * Keys a client sent with a write it may retry (HTTP `Idempotency-Key`), one per token and key:
 * what the first request under the key asked for (its fingerprint, a SHA-256 of the request) and
 * which revision it wrote. Written in the same savepoint as that revision, so a key is taken
 * exactly when its write committed. Append-only (triggers in the `idempotency_keys` migration).
 */
export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    tokenId: integer('token_id')
      .notNull()
      .references(() => tokens.id),
    key: text('key').notNull(),
    fingerprint: text('fingerprint').notNull(),
    administrationId: text('administration_id')
      .notNull()
      .references(() => administrations.id),
    revision: integer('revision').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tokenId, t.key] })],
);
