/**
 * The storage contract: the domain's own operations, nothing SQL-shaped. The SQLite implementation
 * (drizzle-orm on better-sqlite3) is one backend; a PostgreSQL one (drizzle's pg dialect) can be
 * added behind the same interface without touching the API or the domain code, which is why every
 * method is async even where SQLite answers synchronously.
 *
 * Writes run in `BEGIN IMMEDIATE` transactions and append their audit entry in the same
 * transaction; a write resolves only after its transaction has committed (durable with
 * `synchronous=FULL`). Concurrent writes may share one transaction (group commit).
 */

export type Role = 'operator' | 'coordinator' | 'methodologist' | 'researcher' | 'admin';
export const ROLES: readonly Role[] = ['operator', 'coordinator', 'methodologist', 'researcher', 'admin'];

/** Who is acting: what the bearer token resolved to. Never holds the token itself. */
export interface Principal {
  tokenId: number;
  role: Role;
  name: string | null;
  /** Operators and coordinators: their team (and its zone). */
  team: string | null;
  zone: string | null;
  /** Researchers: their research project. */
  project: number | null;
}

export interface Team {
  id: string;
  zone: string;
  createdAt: string;
}

export interface ResearchProject {
  id: number;
  name: string;
  protocol: string;
  createdAt: string;
}

export interface TokenRecord {
  id: number;
  role: Role;
  name: string | null;
  team: string | null;
  project: number | null;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

/**
 * A token as stored, with the SHA-256 of its secret: what verification compares (in constant time).
 * Only `findTokenByHash` returns it; listings never carry the hash.
 */
export interface StoredToken extends TokenRecord {
  hash: string;
  /**
   * The zone of the token's team, when the backend reads it in the same lookup (saving verification
   * a second query on every request): null when the token has no team or the team no longer
   * resolves. Absent when the backend does not read it; callers then ask `getTeam`.
   */
  teamZone?: string | null;
}

export type GridVersionStatus = 'draft' | 'published' | 'retired';

export interface GridVersionRecord {
  grid: string;
  version: string;
  status: GridVersionStatus;
  /** Canonical JSON of the definition (see grid/canonical.ts). */
  definition: string;
  sha256: string;
  createdAt: string;
  publishedAt: string | null;
  retiredAt: string | null;
}

export type Sex = 'F' | 'M' | 'X';

export interface CaseRecord {
  /** Time-ordered UUIDv7. */
  id: string;
  team: string;
  zone: string;
  /** Team-chosen reference; never a name. Never leaves the team (not in exports, not in audit). */
  reference: string;
  /** `YYYY-MM`. */
  birthYearMonth: string;
  sex: Sex;
  createdAt: string;
}

export type LivingSituation = 'family' | 'kinship_care' | 'foster_family' | 'residential_community';
export const LIVING_SITUATIONS: readonly LivingSituation[] = [
  'family',
  'kinship_care',
  'foster_family',
  'residential_community',
];

export interface OccasionRecord {
  id: string;
  caseId: string;
  /** `T0`, `T1`, `T2`, `FU6`, ... unique within a case. */
  name: string;
  /** `YYYY-MM-DD`. */
  date: string;
  livingSituation: LivingSituation | null;
}

export interface InterventionRecord {
  id: string;
  caseId: string;
  /** A dispositivo code (`410`..`470`, see DOMAIN.md) or an extension registered by an admin. */
  type: string;
  start: string;
  end: string | null;
  notes: string | null;
  createdAt: string;
}

export type AdministrationStatus = 'draft' | 'submitted' | 'void';

/** The scores of one revision, as the compiled scorer computed them. */
export interface StoredScores {
  scores: Record<string, number | null>;
  bands: Record<string, string | null>;
  reasons: Record<string, { reason: string; answered: number; required: number }>;
  /** SHA-256 of each score's rule. */
  ruleHashes: Record<string, string>;
  /** SHA-256 of the grid version's canonical JSON. */
  gridSha256: string;
  engineVersion: string;
}

export interface RevisionRecord {
  administrationId: string;
  /** 1 for the first recording, then 2, 3, ... */
  revision: number;
  status: AdministrationStatus;
  responses: Record<string, unknown>;
  scoring: StoredScores;
  /** Why this revision was made (required from revision 2 on). */
  reason: string | null;
  notes: string | null;
  authorTokenId: number;
  createdAt: string;
}

export interface AdministrationRecord {
  id: string;
  caseId: string;
  occasion: string;
  /** Date of the administration, `YYYY-MM-DD`. */
  date: string;
  grid: string;
  version: string;
  informant: string;
  status: AdministrationStatus;
  /** Number of the latest revision. */
  revision: number;
  createdAt: string;
  /** The latest revision. */
  current: RevisionRecord;
}

export interface AdministrationWithHistory extends AdministrationRecord {
  revisions: RevisionRecord[];
}

export interface CaseDetail extends CaseRecord {
  occasions: OccasionRecord[];
  interventions: InterventionRecord[];
  administrations: AdministrationRecord[];
}

export interface AuditEntry {
  id: number;
  at: string;
  tokenId: number | null;
  role: Role | null;
  /** `case.create`, `case.read`, `administration.create`, `export.scores`, `token.create`, ... */
  action: string;
  /** Internal ids of the records touched (never a case reference). */
  records: string[];
  /** Extra facts: the SHA-256 of an export's bytes, a filter, a count. Never a token. */
  detail: Record<string, unknown> | null;
}

export interface AuditQuery {
  caseId?: string;
  tokenId?: number;
  from?: string;
  to?: string;
  action?: string;
  limit?: number;
}

/** What a write records about who did it. */
export interface Actor {
  tokenId: number | null;
  role: Role | null;
}

export interface NewCase {
  team: string;
  zone: string;
  reference: string;
  birthYearMonth: string;
  sex: Sex;
}

export interface NewIntervention {
  type: string;
  start: string;
  end: string | null;
  notes: string | null;
}

export interface NewAdministration {
  caseId: string;
  occasion: string;
  date: string;
  livingSituation: LivingSituation | null;
  grid: string;
  version: string;
  informant: string;
  status: 'draft' | 'submitted';
  responses: Record<string, unknown>;
  scoring: StoredScores;
  notes: string | null;
  /** The client's key for retrying this write safely (see IdempotentRequest). */
  idempotency?: IdempotentRequest;
}

export interface NewRevision {
  administrationId: string;
  status: AdministrationStatus;
  responses: Record<string, unknown>;
  scoring: StoredScores;
  reason: string;
  notes: string | null;
  /** The client's key for retrying this write safely (see IdempotentRequest). */
  idempotency?: IdempotentRequest;
}

/**
 * A write sent under a client's idempotency key (HTTP `Idempotency-Key`): the key, scoped to the
 * author's token, is taken in the same savepoint as the revision it writes. A write under a key
 * the token has already taken is refused: `idempotency_key_reused` (422) when the fingerprint
 * differs, a `conflict` (409, `idempotency_key_in_flight`) when it is the same request, which the
 * caller answers from `findKeyedWrite` once the first has committed.
 */
export interface IdempotentRequest {
  key: string;
  /** SHA-256 hex of what the request asked for (service/idempotency.ts). */
  fingerprint: string;
}

/** An administration's current revision (not void), as re-scoring reads it. */
export interface CurrentRevision {
  id: string;
  grid: string;
  version: string;
  status: 'draft' | 'submitted';
  revision: number;
  responses: Record<string, unknown>;
  scoring: StoredScores;
}

/** Which current revisions to read, a page at a time in id order. */
export interface CurrentRevisionQuery {
  grid?: string;
  version?: string;
  /** Only ids after this one (the last id of the previous page). */
  after?: string;
  limit: number;
}

/** New scores for an administration, computed from its revision `revision`. */
export interface RescoreItem {
  administrationId: string;
  /** The revision that was re-scored: if another has been added since, the item is skipped. */
  revision: number;
  scoring: StoredScores;
}

/** What a re-scoring batch wrote, and what it left because it changed, was voided or went missing meanwhile. */
export interface RescoreOutcome {
  rescored: { administrationId: string; revision: number }[];
  skipped: { administrationId: string; reason: 'changed' | 'void' | 'missing' }[];
}

/** The write a key was taken by: the revision it wrote. */
export interface KeyedWrite {
  fingerprint: string;
  administrationId: string;
  revision: number;
  createdAt: string;
}

/** Which administrations an anonymized score export reads (SPEC 8); absent fields do not filter. */
export interface ScoreExportFilter {
  grid?: string;
  /** The case's zone. */
  zone?: string;
}

/**
 * One case of a score export, with what its quasi-identifiers and relative dates are computed
 * from. Only cases with at least one administration in the export appear.
 */
export interface ExportCase {
  caseId: string;
  zone: string;
  sex: Sex;
  /** `YYYY-MM`. */
  birthYearMonth: string;
  /** Date of the case's earliest occasion (over all its occasions, whatever the filter). */
  firstOccasionDate: string;
  /** Administrations of this case in the export. */
  administrations: number;
}

/** One submitted, non-void administration of a score export, with its current revision's scores. */
export interface ExportAdministration {
  caseId: string;
  zone: string;
  sex: Sex;
  birthYearMonth: string;
  firstOccasionDate: string;
  occasion: string;
  /** Date of the occasion, `YYYY-MM-DD`. */
  occasionDate: string;
  grid: string;
  version: string;
  informant: string;
  scores: Record<string, number | null>;
  bands: Record<string, string | null>;
}

/**
 * A consistent read of what a score export holds: both passes see the same data, even while
 * writes go on. Rows come in batches, so that a caller can stream them with backpressure and flat
 * memory; `close()` ends the read (call it also when stopping early).
 */
export interface ScoreExportSource {
  /** Every case in the export, ordered by case id. */
  cases(): AsyncIterable<ExportCase[]>;
  /** Every administration in the export, grouped by case (ordered by case id), each case's in the order they were recorded. */
  administrations(): AsyncIterable<ExportAdministration[]>;
  close(): Promise<void>;
}

/**
 * What cohort statistics read: the submitted administrations (current revision) of one grid at the
 * named occasions, of the cases matching the filter.
 */
export interface CohortQuery {
  grid: string;
  /** Occasion names (e.g. `T0`, `T2`). */
  occasions: string[];
  /** Score ids whose value and band are read, in this order. */
  scores: string[];
  team?: string;
  zone?: string;
  /** Only cases that received an intervention of this type. */
  intervention?: string;
  /** Only administrations by this informant. */
  informant?: string;
}

/** One submitted administration as cohort statistics read it (no response, no note, no reference). */
export interface CohortRow {
  caseId: string;
  administrationId: string;
  occasion: string;
  informant: string;
  version: string;
  /** Where the child lived at the occasion, as recorded. */
  livingSituation: LivingSituation | null;
  /** Per score of the query, in its order: the stored value (null when null or absent). */
  values: (number | null)[];
  /** Per score of the query, in its order: the stored band. */
  bands: (string | null)[];
}

export interface Repository {
  // Teams, research projects, tokens (admin).
  createTeam(input: { id: string; zone: string }, actor: Actor): Promise<Team>;
  getTeam(id: string): Promise<Team | null>;
  listTeams(): Promise<Team[]>;
  createProject(input: { name: string; protocol: string }, actor: Actor): Promise<ResearchProject>;
  getProjectByName(name: string): Promise<ResearchProject | null>;
  getProject(id: number): Promise<ResearchProject | null>;
  /** Stores a token by the SHA-256 of its secret; the secret itself is never stored. */
  createToken(
    input: { hash: string; role: Role; name: string | null; team: string | null; project: number | null; expiresAt: string | null },
    actor: Actor,
  ): Promise<TokenRecord>;
  findTokenByHash(hash: string): Promise<StoredToken | null>;
  listTokens(): Promise<TokenRecord[]>;
  /** Revokes by id; returns false when there is no such active token. */
  revokeToken(id: number, actor: Actor): Promise<boolean>;

  // Grid versions.
  /** Publishes (or stores a draft of) a version; same content again is a no-op; other content under a published id+version throws ConflictError. */
  putGridVersion(
    input: { grid: string; version: string; definition: string; sha256: string; status: 'draft' | 'published' },
    actor: Actor,
  ): Promise<{ record: GridVersionRecord; created: boolean }>;
  setGridVersionStatus(grid: string, version: string, status: GridVersionStatus, actor: Actor): Promise<GridVersionRecord>;
  getGridVersion(grid: string, version: string): Promise<GridVersionRecord | null>;
  listGridVersions(): Promise<GridVersionRecord[]>;

  // Cases and what hangs off them. Scoping (which team may see what) is the caller's job.
  createCase(input: NewCase, actor: Actor): Promise<CaseRecord>;
  getCase(id: string): Promise<CaseRecord | null>;
  getCaseDetail(id: string): Promise<CaseDetail | null>;
  listCases(scope: { team?: string; zone?: string }): Promise<CaseRecord[]>;
  addIntervention(caseId: string, input: NewIntervention, actor: Actor): Promise<InterventionRecord>;
  /** Creates the occasion on first use (name unique per case). */
  createAdministration(input: NewAdministration, actor: Actor): Promise<AdministrationRecord>;
  getAdministration(id: string): Promise<AdministrationWithHistory | null>;
  /** Appends a revision; the administration's status and current revision follow it. */
  addRevision(input: NewRevision, actor: Actor): Promise<AdministrationRecord>;
  /** The write `tokenId` took `key` with, if it did (see IdempotentRequest). */
  findKeyedWrite(tokenId: number, key: string): Promise<KeyedWrite | null>;

  // Re-scoring (`griglie rescore`, SPEC 5).
  /** Current revisions of administrations that are not void, in id order, a page at a time. */
  listCurrentRevisions(query: CurrentRevisionQuery): Promise<CurrentRevision[]>;
  /**
   * One batch of re-scoring, in one transaction: for each item still at its revision, a new
   * revision with the same status, responses and notes, the new scoring and `reason`, authored by
   * the re-scoring system token (created revoked on first use, so that history names what wrote
   * it and it can never authenticate); one `scores.rescore` audit entry names the batch's ids.
   */
  rescoreAdministrations(batch: { reason: string; items: RescoreItem[] }, actor: Actor): Promise<RescoreOutcome>;

  // Research exports.
  /** Opens a consistent read of the submitted, non-void administrations (current revision) matching `filter`. */
  openScoreExport(filter: ScoreExportFilter): Promise<ScoreExportSource>;

  // Statistics (reads only; scoping is the caller's job, as for cases).
  /** Submitted administrations for cohort statistics, read in one query. */
  readCohortRows(query: CohortQuery): Promise<CohortRow[]>;
  /** The current revision's responses of each administration id given (absent ids are left out). */
  readCurrentResponses(administrationIds: readonly string[]): Promise<Map<string, Record<string, unknown>>>;

  // Audit.
  /** Appends an entry for a read or an export (writes audit themselves). */
  audit(entry: { action: string; records: string[]; detail?: Record<string, unknown> }, actor: Actor): Promise<void>;
  queryAudit(query: AuditQuery): Promise<AuditEntry[]>;

  // Operations.
  health(): Promise<{ ok: boolean; detail: string }>;
  backup(file: string): Promise<void>;
  close(): Promise<void>;
}
