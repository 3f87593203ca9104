/**
 * Cohort effectiveness (SPEC 7, per cohort): for every score of a grid, the paired statistics of
 * `cohortEffectiveness` over the cases matching a filter with a value at both occasions, the share
 * of cases living with their family at the second occasion (DOMAIN.md's headline figure), and how
 * values were made comparable across grid versions. Disclosure control applies to the researcher
 * role. No case id or reference ever leaves this module.
 */
import { NotFoundError } from '../errors.ts';
import type { Band } from '../grid/index.ts';
import { bandOf, CONSENSUS_INFORMANT, cohortEffectiveness, effectiveThreshold, mean, suppressCounts } from '../stats/index.ts';
import type { CohortEffectiveness, CohortPair, CountEntry, CountFigure, Scalar, ScoreMeta, SuppressionReason } from '../stats/index.ts';
import type { CohortRow, LivingSituation, Repository, Role } from '../storage/repository.ts';
import { LIVING_SITUATIONS } from '../storage/repository.ts';
import type { ComparisonMethod, Comparability, VersionComparison } from './comparability.ts';
import type { GridRegistry } from './grid-registry.ts';
import { compareVersionText } from '../versions/index.ts';
import { scoreMetaOf } from './trajectory.ts';

/** Which cases and administrations a cohort holds. */
export interface CohortFilter {
  grid: string;
  from: string;
  to: string;
  zone?: string;
  team?: string;
  /** Cases that received an intervention of this type (any time). */
  intervention?: string;
  /** Only this informant's administrations give the case's value. */
  informant?: string;
}

export interface EffectivenessOptions {
  /** The requester's role: only `researcher` is subject to disclosure control. */
  role: Role;
  /** Disclosure threshold (default 10, never below 3). */
  threshold?: number;
}

export interface EffectivenessDeps {
  repo: Repository;
  grids: GridRegistry;
  comparability: Comparability;
}

/** How each pair of the score was made comparable, and the cases left out. */
export interface ScoreComparisons {
  /** Pairs by comparison method (they add up to the score's n). */
  pairs: Record<Exclude<ComparisonMethod, 'not_comparable'>, CountFigure>;
  /** Cohort cases without a comparison across their versions for this score. */
  notComparable: CountFigure;
  /** Cohort cases where the score is null at one of the occasions. */
  missingValue: CountFigure;
}

export interface ScoreEffectiveness extends CohortEffectiveness {
  label: ScoreMeta['label'];
  comparisons: ScoreComparisons;
}

/** Where the cohort's children lived at the second occasion. */
export interface LivingAtTo {
  occasion: string;
  counts: Record<LivingSituation | 'not_recorded', CountFigure>;
  /** Living with their family, out of the cases whose situation is recorded. */
  shareWithFamily: Scalar;
}

export interface EffectivenessReport {
  grid: string;
  from: string;
  to: string;
  filter: Omit<CohortFilter, 'grid' | 'from' | 'to'>;
  /** Versions of the administrations read, lowest first. */
  versions: string[];
  /** The version whose scores, labels, bands and reference values are used (the newest read). */
  referenceVersion: string;
  /** Cases with a submitted administration of the grid at both occasions. */
  cases: CountFigure;
  livingAtTo: LivingAtTo;
  scores: ScoreEffectiveness[];
  options: {
    administrations: 'submitted_current_revision';
    valueRule: 'team_if_present_else_mean_of_informants' | 'named_informant_else_mean_of_its_administrations';
    consensusInformant: string;
    intervention: 'received_at_any_time';
    versions: 'declared_comparable_else_rescored_on_shared_items';
  };
  /** Disclosure control of the figures outside `scores[i]` (each score reports its own). */
  disclosure: { applied: boolean; threshold: number; suppressed: string[] };
}

interface CaseRows {
  from: CohortRow[];
  to: CohortRow[];
}

/**
 * Cohort effectiveness of every score of `filter.grid` between `filter.from` and `filter.to`. The
 * rows are read in one query; a case's value at an occasion follows buildTrajectory's rule (the
 * `team` rating when present, else the mean of the informants' values; with `informant` only that
 * informant's). Across grid versions a case's pair uses the stored scores when the newer version
 * declares the score comparable, else both occasions re-scored on the shared items; a case whose
 * versions cannot be compared is left out of that score and counted. Scoping by role is the
 * caller's: the filter is taken as given. Throws NotFoundError when the grid has no published version.
 */
export async function cohortEffectivenessReport(
  deps: EffectivenessDeps,
  filter: CohortFilter,
  options: EffectivenessOptions,
): Promise<EffectivenessReport> {
  const applied = options.role === 'researcher';
  const threshold = effectiveThreshold(options.threshold);
  const versionsOfGrid = (await deps.grids.list())
    .filter((r) => r.grid === filter.grid && r.status !== 'draft')
    .map((r) => r.version)
    .sort(compareVersionText);
  if (versionsOfGrid.length === 0) throw new NotFoundError('This grid has no published version.');

  // Every score id any version has, so that a score only older versions have is read too.
  const metaById = new Map<string, ScoreMeta>();
  for (const version of [...versionsOfGrid].reverse()) {
    for (const meta of scoreMetaOf((await deps.grids.compiled(filter.grid, version)).compiled.grid)) {
      if (!metaById.has(meta.id)) metaById.set(meta.id, meta);
    }
  }
  const scoreIds = [...metaById.keys()];
  const rows = await deps.repo.readCohortRows({
    grid: filter.grid,
    occasions: filter.from === filter.to ? [filter.from] : [filter.from, filter.to],
    scores: scoreIds,
    ...(filter.team === undefined ? {} : { team: filter.team }),
    ...(filter.zone === undefined ? {} : { zone: filter.zone }),
    ...(filter.intervention === undefined ? {} : { intervention: filter.intervention }),
    ...(filter.informant === undefined ? {} : { informant: filter.informant }),
  });

  // Group by case; only cases with both occasions form the cohort.
  const byCase = new Map<string, CaseRows>();
  const versionSet = new Set<string>();
  for (const row of rows) {
    let entry = byCase.get(row.caseId);
    if (entry === undefined) {
      entry = { from: [], to: [] };
      byCase.set(row.caseId, entry);
    }
    if (row.occasion === filter.from) entry.from.push(row);
    if (row.occasion === filter.to) entry.to.push(row);
  }
  const cohort: CaseRows[] = [];
  for (const entry of byCase.values()) {
    if (entry.from.length === 0 || entry.to.length === 0) continue;
    cohort.push(entry);
    for (const row of entry.from) versionSet.add(row.version);
    for (const row of entry.to) versionSet.add(row.version);
  }
  const versions = [...versionSet].sort(compareVersionText);
  const referenceVersion = versions[versions.length - 1] ?? versionsOfGrid[versionsOfGrid.length - 1]!;

  // Scores of the reference version first, then those only older versions have.
  const referenceMetas = scoreMetaOf((await deps.grids.compiled(filter.grid, referenceVersion)).compiled.grid);
  const metas = [...referenceMetas, ...scoreIds.filter((id) => !referenceMetas.some((m) => m.id === id)).map((id) => metaById.get(id)!)];
  const columnOf = new Map(scoreIds.map((id, j) => [id, j]));

  // Comparisons of the cases whose occasions used several versions, and the re-scoring they need.
  const comparisonOfCase = new Map<CaseRows, VersionComparison>();
  for (const entry of cohort) {
    const set = new Set<string>();
    for (const row of entry.from) set.add(row.version);
    for (const row of entry.to) set.add(row.version);
    if (set.size > 1) comparisonOfCase.set(entry, await deps.comparability.compare(filter.grid, [...set]));
  }
  const rescored = await rescoreWhereNeeded(deps.repo, comparisonOfCase, metas);

  const scores: ScoreEffectiveness[] = [];
  const hidden: string[] = [];
  for (const [index, meta] of metas.entries()) {
    const column = columnOf.get(meta.id)!;
    const pairs: CohortPair[] = [];
    const byMethod = { same_version: 0, declared_comparable: 0, rescored_on_shared_items: 0 };
    let notComparable = 0;
    let missingValue = 0;
    for (const entry of cohort) {
      const cmp = comparisonOfCase.get(entry);
      const method: ComparisonMethod = cmp === undefined ? 'same_version' : cmp.forScore(meta.id).comparison;
      if (method === 'not_comparable') {
        notComparable++;
        continue;
      }
      const pick = method === 'rescored_on_shared_items' ? rescoredPicker(rescored, meta.id) : storedPicker(column);
      const from = caseValue(entry.from, pick, meta.bands);
      const to = caseValue(entry.to, pick, meta.bands);
      if (from === null || to === null) {
        missingValue++;
        continue;
      }
      pairs.push({ from, to });
      byMethod[method]++;
    }
    const stats = cohortEffectiveness({ pairs, score: meta, threshold, role: options.role });
    const comparisons = disclosedComparisons(stats, cohort.length, byMethod, notComparable, missingValue, applied, threshold);
    for (const pointer of comparisons.hidden) hidden.push(`/scores/${index}/comparisons${pointer}`);
    scores.push({ ...stats, label: meta.label, comparisons: comparisons.figures });
  }

  const living = disclosedLiving(cohort, filter.to, applied, threshold);
  for (const pointer of living.hidden) hidden.push(pointer);

  return {
    grid: filter.grid,
    from: filter.from,
    to: filter.to,
    filter: {
      ...(filter.zone === undefined ? {} : { zone: filter.zone }),
      ...(filter.team === undefined ? {} : { team: filter.team }),
      ...(filter.intervention === undefined ? {} : { intervention: filter.intervention }),
      ...(filter.informant === undefined ? {} : { informant: filter.informant }),
    },
    versions,
    referenceVersion,
    cases: living.cases,
    livingAtTo: living.figures,
    scores,
    options: {
      administrations: 'submitted_current_revision',
      valueRule: filter.informant === undefined ? 'team_if_present_else_mean_of_informants' : 'named_informant_else_mean_of_its_administrations',
      consensusInformant: CONSENSUS_INFORMANT,
      intervention: 'received_at_any_time',
      versions: 'declared_comparable_else_rescored_on_shared_items',
    },
    disclosure: { applied, threshold, suppressed: hidden.sort() },
  };
}

type Picker = (row: CohortRow) => { value: number | null; band: string | null };

function storedPicker(column: number): Picker {
  return (row) => ({ value: row.values[column] ?? null, band: row.bands[column] ?? null });
}

function rescoredPicker(rescored: ReadonlyMap<string, { scores: Record<string, number | null>; bands: Record<string, string | null> }>, score: string): Picker {
  return (row) => {
    const out = rescored.get(row.administrationId);
    return { value: out?.scores[score] ?? null, band: out?.bands[score] ?? null };
  };
}

/**
 * A case's value at one occasion by buildTrajectory's rule: the `team` rating when it has a value,
 * else the only value, else the mean of the values (its band recomputed from the score's bands).
 * Null when no administration has a value.
 */
export function caseValue(rows: readonly CohortRow[], pick: Picker, bands: readonly Band[] | undefined): { value: number; band: string | null } | null {
  let only: { value: number; band: string | null } | null = null;
  const values: number[] = [];
  for (const row of rows) {
    const { value, band } = pick(row);
    if (value === null) continue;
    if (row.informant === CONSENSUS_INFORMANT) return { value, band };
    if (values.length === 0) only = { value, band };
    values.push(value);
  }
  if (values.length === 0) return null;
  if (values.length === 1) return only;
  const m = mean(values)!;
  return { value: m, band: bands === undefined ? null : bandOf(m, bands) };
}

/** Re-scores, once each, the administrations of the cases and scores that need it. */
async function rescoreWhereNeeded(
  repo: Repository,
  comparisons: ReadonlyMap<CaseRows, VersionComparison>,
  metas: readonly ScoreMeta[],
): Promise<Map<string, { scores: Record<string, number | null>; bands: Record<string, string | null> }>> {
  const wanted = new Map<string, { version: string; comparison: VersionComparison }>();
  for (const [entry, comparison] of comparisons) {
    if (!metas.some((m) => comparison.forScore(m.id).comparison === 'rescored_on_shared_items')) continue;
    for (const row of [...entry.from, ...entry.to]) wanted.set(row.administrationId, { version: row.version, comparison });
  }
  const out = new Map<string, { scores: Record<string, number | null>; bands: Record<string, string | null> }>();
  if (wanted.size === 0) return out;
  const responses = await repo.readCurrentResponses([...wanted.keys()]);
  for (const [id, { version, comparison }] of wanted) {
    const recorded = responses.get(id);
    const scored = recorded === undefined ? null : comparison.rescore(version, recorded);
    if (scored !== null) out.set(id, { scores: scored.scores, bands: scored.bands });
  }
  return out;
}

function figure(value: number, reason: SuppressionReason | undefined): CountFigure {
  return reason === undefined ? { value, suppressed: false } : { value: null, suppressed: true, reason };
}

/**
 * The comparison counts of one score under the same disclosure control as its statistics: when the
 * score's n is withheld every count is (they would give n back); else counts from 1 to
 * threshold - 1 and, along the lines that add up (methods to n; n, not comparable and missing to
 * the cohort's cases), the complementary ones.
 */
function disclosedComparisons(
  stats: CohortEffectiveness,
  cases: number,
  byMethod: Record<Exclude<ComparisonMethod, 'not_comparable'>, number>,
  notComparable: number,
  missingValue: number,
  applied: boolean,
  threshold: number,
): { figures: ScoreComparisons; hidden: string[] } {
  const n = stats.n.value ?? 0;
  const entries: CountEntry[] = [
    { id: '/n', count: n, fixed: true },
    { id: '/cases', count: cases, fixed: true },
    { id: '/pairs/same_version', count: byMethod.same_version },
    { id: '/pairs/declared_comparable', count: byMethod.declared_comparable },
    { id: '/pairs/rescored_on_shared_items', count: byMethod.rescored_on_shared_items },
    { id: '/notComparable', count: notComparable },
    { id: '/missingValue', count: missingValue },
  ];
  const lines = [
    ['/n', '/pairs/same_version', '/pairs/declared_comparable', '/pairs/rescored_on_shared_items'],
    ['/cases', '/n', '/notComparable', '/missingValue'],
  ];
  const all = stats.n.suppressed || (applied && cases < threshold);
  const withheld = !applied
    ? new Map<string, SuppressionReason>()
    : all
      ? new Map(entries.map((e) => [e.id, 'below_disclosure_threshold' as const]))
      : suppressCounts(entries, lines, threshold);
  const at = (id: string, value: number): CountFigure => figure(value, withheld.get(id));
  return {
    figures: {
      pairs: {
        same_version: at('/pairs/same_version', byMethod.same_version),
        declared_comparable: at('/pairs/declared_comparable', byMethod.declared_comparable),
        rescored_on_shared_items: at('/pairs/rescored_on_shared_items', byMethod.rescored_on_shared_items),
      },
      notComparable: at('/notComparable', notComparable),
      missingValue: at('/missingValue', missingValue),
    },
    hidden: [...withheld.keys()].filter((id) => id !== '/n' && id !== '/cases'),
  };
}

/**
 * The cohort's size and where its children lived at the second occasion, with disclosure control:
 * a cohort below the threshold withholds everything; else counts from 1 to threshold - 1 and the
 * complementary ones along the line of the situations and the cohort size. The share living with
 * their family is withheld when its numerator or the number not recorded (its denominator's
 * complement) is.
 */
function disclosedLiving(
  cohort: readonly CaseRows[],
  to: string,
  applied: boolean,
  threshold: number,
): { cases: CountFigure; figures: LivingAtTo; hidden: string[] } {
  const counts: Record<LivingSituation | 'not_recorded', number> = { family: 0, kinship_care: 0, foster_family: 0, residential_community: 0, not_recorded: 0 };
  for (const entry of cohort) {
    const situation = entry.to.find((row) => row.livingSituation !== null)?.livingSituation ?? null;
    counts[situation ?? 'not_recorded']++;
  }
  const keys = [...LIVING_SITUATIONS, 'not_recorded'] as const;
  const n = cohort.length;
  const entries: CountEntry[] = [{ id: '/cases', count: n, fixed: true }, ...keys.map((k) => ({ id: `/livingAtTo/counts/${k}`, count: counts[k] }))];
  const tooSmall = applied && n > 0 && n < threshold;
  const withheld = !applied
    ? new Map<string, SuppressionReason>()
    : tooSmall
      ? new Map(entries.map((e) => [e.id, 'below_disclosure_threshold' as const]))
      : suppressCounts(entries, [['/cases', ...keys.map((k) => `/livingAtTo/counts/${k}`)]], threshold);
  const recorded = n - counts.not_recorded;
  const shareReason = withheld.get('/livingAtTo/counts/family') ?? withheld.get('/livingAtTo/counts/not_recorded');
  let shareWithFamily: Scalar;
  if (shareReason !== undefined) shareWithFamily = { value: null, suppressed: true, reason: shareReason };
  else if (recorded === 0) shareWithFamily = { value: null, suppressed: false, reason: 'too_few_values' };
  else shareWithFamily = { value: counts.family / recorded, suppressed: false };
  const hidden = [...withheld.keys()];
  if (shareReason !== undefined) hidden.push('/livingAtTo/shareWithFamily');
  return {
    cases: figure(n, withheld.get('/cases')),
    figures: {
      occasion: to,
      counts: Object.fromEntries(keys.map((k) => [k, figure(counts[k], withheld.get(`/livingAtTo/counts/${k}`))])) as LivingAtTo['counts'],
      shareWithFamily,
    },
    hidden,
  };
}
