import type { CompiledGrid } from '../compiler/index.ts';
import { ConflictError, EngineError, RequestInvalidError, ResponsesInvalidError } from '../errors.ts';
import type { Issue } from '../errors.ts';
import { escapePointerToken } from '../errors.ts';
import { itemsOf } from '../grid/index.ts';
import type { Responses } from '../grid/index.ts';
import type {
  Actor,
  AdministrationRecord,
  AdministrationWithHistory,
  CaseRecord,
  IdempotentRequest,
  LivingSituation,
  NewAdministration,
  NewRevision,
  Repository,
  StoredScores,
} from '../storage/repository.ts';
import type { GridRegistry } from './grid-registry.ts';

/** What recording, amending and voiding need. */
export interface AdministrationDeps {
  repo: Repository;
  grids: GridRegistry;
  /** package.json's version, stored beside every score. */
  engineVersion: string;
}

export interface AdministrationInput {
  grid: string;
  version: string;
  occasion: string;
  date: string;
  informant: string;
  livingSituation: LivingSituation | null;
  responses: Record<string, unknown>;
  notes: string | null;
  status: 'draft' | 'submitted';
}

export interface AmendmentInput {
  responses: Record<string, unknown>;
  reason: string;
  /** May move a draft to submitted; absent keeps the current status. */
  status?: 'draft' | 'submitted';
  notes?: string | null;
}

/**
 * Records one administration of a grid version for a case (whose scope the caller has checked):
 * the version must be published (not retired), the date not before the child's month of birth, the
 * informant allowed, the responses valid for the status; the compiled scorer's results are stored
 * with the rule hashes, the grid's SHA-256 and the engine version.
 */
export async function recordAdministration(
  deps: AdministrationDeps,
  record: CaseRecord,
  input: AdministrationInput,
  actor: Actor,
  idempotency?: IdempotentRequest,
): Promise<AdministrationRecord> {
  const found = await deps.grids.record(input.grid, input.version);
  if (found === null || found.status === 'draft') {
    throw new EngineError('not_found', 'This grid has no published version with this number.', {
      issues: [{ code: 'unknown_grid_version', path: '/version', message: 'No published version of this grid has this number.' }],
    });
  }
  if (found.status === 'retired') {
    throw new EngineError('version_retired', 'This grid version is retired.', {
      issues: [{ code: 'version_retired', path: '/version', message: 'This version is retired and takes no new administrations.' }],
    });
  }
  // `YYYY-MM-DD` against `YYYY-MM`: both compare as text, month by month.
  if (input.date.slice(0, 7) < record.birthYearMonth) {
    throw new RequestInvalidError('The administration is dated before the child was born.', [
      { code: 'date_before_birth', path: '/date', message: "An administration cannot be dated before the child's month of birth." },
    ]);
  }
  const { compiled } = await deps.grids.compiled(input.grid, input.version);
  checkInformant(compiled, input.informant, input.responses);
  const scoring = scoreChecked(deps, compiled, input.responses, input.status);
  const write: NewAdministration = {
    caseId: record.id,
    occasion: input.occasion,
    date: input.date,
    livingSituation: input.livingSituation,
    grid: input.grid,
    version: input.version,
    informant: input.informant,
    status: input.status,
    responses: input.responses,
    scoring,
    notes: input.notes,
  };
  if (idempotency !== undefined) write.idempotency = idempotency;
  return deps.repo.createAdministration(write, actor);
}

/**
 * Appends a revision with new responses and a reason, re-scored with the administration's own
 * grid version (retired or not). A void administration takes no amendment; a submitted one does
 * not go back to draft.
 */
export async function amendAdministration(
  deps: AdministrationDeps,
  administration: AdministrationWithHistory,
  input: AmendmentInput,
  actor: Actor,
  idempotency?: IdempotentRequest,
): Promise<AdministrationRecord> {
  refuseVoid(administration);
  const status = input.status ?? (administration.status === 'submitted' ? 'submitted' : 'draft');
  if (administration.status === 'submitted' && status === 'draft') {
    throw new ConflictError('A submitted administration does not go back to draft.', [
      { code: 'status_backwards', path: '/status', message: 'A submitted administration stays submitted.' },
    ]);
  }
  const { compiled } = await deps.grids.compiled(administration.grid, administration.version);
  checkInformant(compiled, administration.informant, input.responses);
  const scoring = scoreChecked(deps, compiled, input.responses, status);
  const revision: NewRevision = {
    administrationId: administration.id,
    status,
    responses: input.responses,
    scoring,
    reason: input.reason,
    notes: input.notes === undefined ? administration.current.notes : input.notes,
  };
  if (idempotency !== undefined) revision.idempotency = idempotency;
  return deps.repo.addRevision(revision, actor);
}

/** Voids an administration: a last revision with status `void` and a reason; the record stays. */
export async function voidAdministration(
  deps: Pick<AdministrationDeps, 'repo'>,
  administration: AdministrationWithHistory,
  reason: string,
  actor: Actor,
  idempotency?: IdempotentRequest,
): Promise<AdministrationRecord> {
  refuseVoid(administration);
  const current = administration.current;
  const revision: NewRevision = {
    administrationId: administration.id,
    status: 'void',
    responses: current.responses,
    scoring: current.scoring,
    reason,
    notes: current.notes,
  };
  if (idempotency !== undefined) revision.idempotency = idempotency;
  return deps.repo.addRevision(revision, actor);
}

function refuseVoid(administration: AdministrationRecord): void {
  if (administration.status === 'void') {
    throw new ConflictError('This administration is void.', [
      { code: 'administration_void', path: '', message: 'A void administration takes no further revision.' },
    ]);
  }
}

/** Who may rate a compiled grid, and per informant the items it may not answer (in grid order). */
interface InformantRules {
  known: ReadonlySet<string>;
  closed: Map<string, readonly { id: string; path: string }[]>;
}

/**
 * Informant rules per compiled grid, worked out on first use: a compiled grid never changes, and
 * walking the grid's items for every administration showed in the HTTP benchmark's profile. Keyed
 * weakly by the compiled object, so a grid the registry drops takes its rules with it.
 */
const informantRules = new WeakMap<CompiledGrid, InformantRules>();

function rulesOf(compiled: CompiledGrid): InformantRules {
  let rules = informantRules.get(compiled);
  if (rules === undefined) {
    const known = new Set(compiled.grid.informants);
    for (const entry of itemsOf(compiled.grid)) for (const who of entry.informants) known.add(who);
    rules = { known, closed: new Map() };
    informantRules.set(compiled, rules);
  }
  return rules;
}

function closedItems(compiled: CompiledGrid, rules: InformantRules, informant: string): readonly { id: string; path: string }[] {
  let closed = rules.closed.get(informant);
  if (closed === undefined) {
    closed = itemsOf(compiled.grid)
      .filter((entry) => !entry.informants.includes(informant))
      .map((entry) => ({ id: entry.item.id, path: `/responses/${escapePointerToken(entry.item.id)}` }));
    rules.closed.set(informant, closed);
  }
  return closed;
}

/**
 * The informant must be one the grid (or one of its sections) names, and may answer only the items
 * of sections open to it.
 */
function checkInformant(compiled: CompiledGrid, informant: string, responses: Record<string, unknown>): void {
  const rules = rulesOf(compiled);
  if (!rules.known.has(informant)) {
    throw new RequestInvalidError('This grid is not rated by this informant.', [
      { code: 'informant_not_allowed', path: '/informant', message: 'The grid does not list this informant.' },
    ]);
  }
  const issues: Issue[] = [];
  for (const item of closedItems(compiled, rules, informant)) {
    if (Object.hasOwn(responses, item.id)) {
      issues.push({ code: 'item_not_for_informant', path: item.path, message: 'This item belongs to a section this informant does not rate.' });
    }
  }
  if (issues.length > 0) throw new ResponsesInvalidError('Some items are not for this informant.', issues);
}

/**
 * Checks the responses against the compiled schema, then scores them: the scoring stored with a
 * revision (scores, bands, reasons, rule hashes, grid SHA-256, engine version). Recording,
 * amending and re-scoring all go through here, so they cannot disagree.
 */
export function scoreChecked(
  deps: Pick<AdministrationDeps, 'engineVersion'>,
  compiled: CompiledGrid,
  responses: Record<string, unknown>,
  status: 'draft' | 'submitted',
): StoredScores {
  const shaped = compiled.shape(responses as Responses);
  const check = compiled.checkResponses(shaped, status);
  if (!check.ok) {
    throw new ResponsesInvalidError(
      'The responses do not fit this grid version.',
      check.issues.map((issue) => ({ ...issue, path: underResponses(issue.path) })),
    );
  }
  const output = compiled.score(shaped);
  return {
    scores: output.scores,
    bands: output.bands,
    reasons: output.reasons,
    ruleHashes: compiled.ruleHashes,
    gridSha256: compiled.sha256,
    engineVersion: deps.engineVersion,
  };
}

/** The compiler locates issues inside `responses`; the request body holds them under `/responses`. */
function underResponses(path: string): string {
  return path.startsWith('/responses/') || path === '/responses' ? path : `/responses${path}`;
}
