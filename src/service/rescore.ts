import { EngineError } from '../errors.ts';
import type { Issue } from '../errors.ts';
import { canonicalJson } from '../grid/index.ts';
import type { Actor, CurrentRevision, Repository, RescoreItem, StoredScores } from '../storage/repository.ts';
import { scoreChecked } from './administrations.ts';
import { compareVersions, parseVersion } from '../versions/index.ts';
import type { GridRegistry } from './grid-registry.ts';

/** What re-scoring needs: the stored administrations, the compiled grids, and this engine's version. */
export interface RescoreDeps {
  repo: Repository;
  grids: GridRegistry;
  engineVersion: string;
}

export interface RescoreOptions {
  /** Only this grid's administrations (all grids when absent). */
  grid?: string;
  /** Only this version's (needs `grid`). */
  version?: string;
  /** Why the scores are computed again (the new revisions' reason, prefixed `rescore: `); required unless `dryRun`. */
  reason?: string;
  /** Compute and report, write nothing. */
  dryRun: boolean;
  /** Administrations read, and written, per transaction (500). */
  pageSize?: number;
  /** Most examples kept for the report (20). */
  examples?: number;
}

/** One administration whose stored scores differ from this engine's, as the report shows it. */
export interface RescoreExample {
  administrationId: string;
  grid: string;
  version: string;
  /** The revision re-scored, and the one written (absent in a dry run or when skipped). */
  revision: number;
  newRevision?: number;
  /** Scores whose value, band or reason changed, with before and after. */
  changes: { score: string; before: ScoreState; after: ScoreState }[];
}

export interface ScoreState {
  value: number | null;
  band: string | null;
  reason: string | null;
}

/** Per grid version: how many were read and how many differ. */
export interface RescoreVersionCount {
  grid: string;
  version: string;
  checked: number;
  stale: number;
  /** Score ids that changed in at least one administration. */
  scores: string[];
  /** Left as they are (`failed`, or all of them when the version does not compile). */
  unscorable: number;
  /** Why this engine cannot compile the version, or null when it can. */
  notCompiled: Issue[] | null;
}

export interface RescoreReport {
  dryRun: boolean;
  engineVersion: string;
  reason: string | null;
  /** Current revisions read (void administrations are left out). */
  checked: number;
  /** Stored scores equal to what this engine computes (whatever engine version stored them). */
  unchanged: number;
  /** Stored scores that differ: re-scored, or (dry run) to be re-scored. */
  stale: number;
  /** New revisions written (0 in a dry run). */
  rescored: number;
  /** Amended, voided or gone between reading and writing: not written over; run again. */
  skipped: { administrationId: string; reason: 'changed' | 'void' | 'missing' }[];
  /**
   * Administrations left as they are, each for a reason of its own: responses that no longer pass
   * this engine's checks or trip it up, or scores a newer engine stored. (An administration whose
   * grid version does not compile is counted under its version instead: one reason for them all.)
   */
  failed: { administrationId: string; grid: string; version: string; issues: Issue[] }[];
  versions: RescoreVersionCount[];
  /** The first stale administrations (at most `examples`). */
  examples: RescoreExample[];
}

const RESCORE_PREFIX = 'rescore: ';

/**
 * Re-scores stored administrations with this engine (SPEC 5: after a scoring defect is fixed).
 * Every current revision that is not void is scored again from its stored responses, exactly as
 * recording scores it; where the scores, bands, reasons, rule hashes or grid hash differ from the
 * stored ones, a new revision keeps the responses and carries the new scoring, with the reason
 * `rescore: REASON`, so that the old scores stay in the history beside the new. Where only the
 * engine version differs, nothing is written: the stored scores are what this engine computes.
 *
 * It pages through the administrations in id order and writes each page's new revisions in one
 * transaction with one `scores.rescore` audit entry, so a run that stops part-way leaves whole
 * pages, and running it again finishes the job (already re-scored administrations are unchanged).
 * A page re-reads nothing: an administration amended or voided in between is skipped, not
 * overwritten, and reported.
 */
export async function rescoreAdministrations(deps: RescoreDeps, options: RescoreOptions, actor: Actor): Promise<RescoreReport> {
  const reason = options.reason?.trim() ?? '';
  if (!options.dryRun && reason === '') {
    throw new EngineError('request_invalid', 'Re-scoring writes new revisions and needs a reason.', {
      issues: [{ code: 'reason_required', path: '/reason', message: 'Say why the scores are computed again (e.g. the defect fixed).' }],
    });
  }
  if (options.version !== undefined && options.grid === undefined) {
    throw new EngineError('request_invalid', 'A version is chosen within a grid.', {
      issues: [{ code: 'grid_required', path: '/grid', message: 'Name the grid of the version.' }],
    });
  }
  await refuseUnknownGrid(deps.grids, options);
  const pageSize = options.pageSize ?? 500;
  const maxExamples = options.examples ?? 20;
  const report: RescoreReport = {
    dryRun: options.dryRun,
    engineVersion: deps.engineVersion,
    reason: reason === '' ? null : RESCORE_PREFIX + reason,
    checked: 0,
    unchanged: 0,
    stale: 0,
    rescored: 0,
    skipped: [],
    failed: [],
    versions: [],
    examples: [],
  };
  const counts = new Map<string, RescoreVersionCount & { scoreSet: Set<string> }>();
  const uncompilable = new Map<string, Issue[]>();

  let after: string | undefined;
  for (;;) {
    const query = { limit: pageSize, ...(after === undefined ? {} : { after }), ...(options.grid === undefined ? {} : { grid: options.grid }), ...(options.version === undefined ? {} : { version: options.version }) };
    const page = await deps.repo.listCurrentRevisions(query);
    if (page.length === 0) break;
    after = page[page.length - 1]!.id;
    const items: RescoreItem[] = [];
    const examples = new Map<string, RescoreExample>();
    for (const current of page) {
      report.checked += 1;
      const count = countFor(counts, current);
      count.checked += 1;
      const scoring = newerEngine(current.scoring.engineVersion, deps.engineVersion) ?? (await scoreAgain(deps, current, uncompilable));
      if ('issues' in scoring) {
        count.unscorable += 1;
        if (scoring.version) count.notCompiled = scoring.issues;
        else report.failed.push({ administrationId: current.id, grid: current.grid, version: current.version, issues: scoring.issues });
        continue;
      }
      const changes = differences(current.scoring, scoring);
      if (changes === null) {
        report.unchanged += 1;
        continue;
      }
      report.stale += 1;
      count.stale += 1;
      for (const change of changes) count.scoreSet.add(change.score);
      items.push({ administrationId: current.id, revision: current.revision, scoring });
      if (report.examples.length + examples.size < maxExamples) {
        examples.set(current.id, { administrationId: current.id, grid: current.grid, version: current.version, revision: current.revision, changes });
      }
    }
    if (!options.dryRun && items.length > 0) {
      const outcome = await deps.repo.rescoreAdministrations({ reason: RESCORE_PREFIX + reason, items }, actor);
      report.rescored += outcome.rescored.length;
      report.skipped.push(...outcome.skipped);
      for (const written of outcome.rescored) {
        const example = examples.get(written.administrationId);
        if (example !== undefined) example.newRevision = written.revision;
      }
    }
    report.examples.push(...examples.values());
    if (page.length < pageSize) break;
  }
  report.versions = [...counts.values()].map(({ scoreSet, ...count }) => ({ ...count, scores: [...scoreSet].sort() }));
  return report;
}

function countFor(counts: Map<string, RescoreVersionCount & { scoreSet: Set<string> }>, current: CurrentRevision): RescoreVersionCount & { scoreSet: Set<string> } {
  const key = `${current.grid}@${current.version}`;
  let count = counts.get(key);
  if (count === undefined) {
    count = { grid: current.grid, version: current.version, checked: 0, stale: 0, scores: [], unscorable: 0, notCompiled: null, scoreSet: new Set() };
    counts.set(key, count);
  }
  return count;
}

/** Why an administration is left as it is; `version` when the reason is its grid version's. */
type Unscorable = { issues: Issue[]; version: boolean };

/** This engine's scoring of a stored revision, or why it cannot give one. */
async function scoreAgain(deps: RescoreDeps, current: CurrentRevision, uncompilable: Map<string, Issue[]>): Promise<StoredScores | Unscorable> {
  const key = `${current.grid}@${current.version}`;
  const known = uncompilable.get(key);
  if (known !== undefined) return { issues: known, version: true };
  let compiled;
  try {
    ({ compiled } = await deps.grids.compiled(current.grid, current.version));
  } catch (error) {
    // A busy database passes: do not hold it against the rest of the version's administrations.
    if (error instanceof EngineError && error.code === 'busy') throw error;
    const issues = error instanceof EngineError && error.issues.length > 0 ? error.issues : [{ code: 'grid_not_compiled', path: '', message: messageOf(error) }];
    uncompilable.set(key, issues);
    return { issues, version: true };
  }
  try {
    return scoreChecked(deps, compiled, current.responses, current.status);
  } catch (error) {
    if (error instanceof EngineError) return { issues: error.issues.length > 0 ? error.issues : [{ code: error.code, path: '', message: error.message }], version: false };
    // Stored responses this engine trips over: reported with the others, never the end of the run.
    return { issues: [{ code: 'engine_error', path: '', message: messageOf(error) }], version: false };
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Scores stored by a newer engine than this one are not touched: an old install run by mistake
 * would otherwise write back the very defect a newer engine fixed. Versions that are not semver
 * (a development build) cannot be ordered and do not stop it.
 */
function newerEngine(stored: string, current: string): Unscorable | null {
  const a = parseVersion(stored);
  const b = parseVersion(current);
  if (a === undefined || b === undefined || compareVersions(a, b) <= 0) return null;
  return {
    issues: [{ code: 'scored_by_newer_engine', path: '', message: `Scored by engine ${stored}, newer than this one (${current}): run the newer engine.` }],
    version: false,
  };
}

/** A --grid or --version that names nothing is a typo, not an empty job. */
async function refuseUnknownGrid(grids: GridRegistry, options: RescoreOptions): Promise<void> {
  if (options.grid === undefined) return;
  const versions = (await grids.list()).filter((r) => r.grid === options.grid && r.status !== 'draft');
  if (versions.length === 0) {
    throw new EngineError('not_found', `No published grid ${options.grid}.`, {
      issues: [{ code: 'unknown_grid', path: '/grid', message: 'No published or retired version of this grid.' }],
    });
  }
  if (options.version !== undefined && !versions.some((r) => r.version === options.version)) {
    throw new EngineError('not_found', `No published version ${options.version} of ${options.grid}.`, {
      issues: [{ code: 'unknown_grid_version', path: '/version', message: 'No published or retired version of this grid has this number.' }],
    });
  }
}

/**
 * The scores whose value, band or reason differ, or null when the stored scoring is what this
 * engine computes. Rule hashes and the grid hash count as a difference too (the rule that
 * produced the value changed), reported under the scores they belong to; the engine version alone
 * does not.
 */
function differences(stored: StoredScores, fresh: StoredScores): RescoreExample['changes'] | null {
  const ids = new Set([...Object.keys(stored.scores), ...Object.keys(fresh.scores)]);
  const changes: RescoreExample['changes'] = [];
  for (const score of ids) {
    const before = stateOf(stored, score);
    const after = stateOf(fresh, score);
    const sameRule = stored.ruleHashes[score] === fresh.ruleHashes[score];
    if (!sameRule || canonicalJson(before) !== canonicalJson(after) || canonicalJson(stored.reasons[score] ?? null) !== canonicalJson(fresh.reasons[score] ?? null)) {
      changes.push({ score, before, after });
    }
  }
  if (changes.length === 0 && stored.gridSha256 === fresh.gridSha256) return null;
  return changes;
}

function stateOf(scoring: StoredScores, score: string): ScoreState {
  return { value: scoring.scores[score] ?? null, band: scoring.bands[score] ?? null, reason: scoring.reasons[score]?.reason ?? null };
}
