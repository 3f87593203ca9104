/**
 * The trajectory of one case on one grid (SPEC 7, per case): every score across the case's
 * occasions, each informant's value and their agreement, and the change between occasions, with
 * the comparison made when the grid versions of two occasions differ (see comparability.ts).
 */
import { NotFoundError } from '../errors.ts';
import type { Grid } from '../grid/index.ts';
import { buildTrajectory, CONSENSUS_INFORMANT, RCI_CRITERION } from '../stats/index.ts';
import type { ScoreMeta, ScoreTrajectory, TrajectoryAdministration, TrajectoryChange, ValueSource } from '../stats/index.ts';
import type { AdministrationRecord, CaseDetail, LivingSituation } from '../storage/repository.ts';
import type { Comparability, ScoreComparison } from './comparability.ts';
import type { GridRegistry } from './grid-registry.ts';
import { compareVersionText } from '../versions/index.ts';

/** The values a change was computed from when they are not the stored ones (re-scored). */
export interface ComparedValues {
  from: { value: number | null; band: string | null; valueSource: ValueSource | null };
  to: { value: number | null; band: string | null; valueSource: ValueSource | null };
}

/** A change between two occasions with the comparison made across grid versions. */
export type CaseChange =
  | (TrajectoryChange & { comparison: ScoreComparison; compared?: ComparedValues })
  | {
      from: string;
      to: string;
      versionsDiffer: true;
      rawChange: null;
      comparison: ScoreComparison;
    };

export interface CaseScoreTrajectory extends Omit<ScoreTrajectory, 'changes' | 'overall'> {
  changes: CaseChange[];
  overall: CaseChange | null;
}

export interface CaseTrajectory {
  caseId: string;
  grid: string;
  /** Grid versions of the administrations counted, lowest first. */
  versions: string[];
  /** The version whose scores, labels, bands and reference values are shown (the newest used). */
  referenceVersion: string;
  /** Occasions with an administration of the grid, in date order, with where the child lived. */
  occasions: { occasion: string; date: string; livingSituation: LivingSituation | null }[];
  scores: CaseScoreTrajectory[];
  options: TrajectoryOptions;
}

/** The options behind every figure, reported beside them (DOMAIN.md: R and SciPy defaults differ). */
export interface TrajectoryOptions {
  administrations: 'submitted_current_revision';
  valueRule: 'team_if_present_else_mean_of_informants';
  consensusInformant: string;
  reliableChange: { method: 'jacobson_truax_1991'; criterion: number; reference: 'score_reference_values_of_reference_version' };
  clinicalSignificance: { method: 'jacobson_truax_1991'; rule: 'reliable_improvement_and_crossed_declared_cutoff' };
  versions: { rule: 'declared_comparable_else_rescored_on_shared_items'; chain: 'previous_links' };
}

export const TRAJECTORY_OPTIONS: TrajectoryOptions = {
  administrations: 'submitted_current_revision',
  valueRule: 'team_if_present_else_mean_of_informants',
  consensusInformant: CONSENSUS_INFORMANT,
  reliableChange: { method: 'jacobson_truax_1991', criterion: RCI_CRITERION, reference: 'score_reference_values_of_reference_version' },
  clinicalSignificance: { method: 'jacobson_truax_1991', rule: 'reliable_improvement_and_crossed_declared_cutoff' },
  versions: { rule: 'declared_comparable_else_rescored_on_shared_items', chain: 'previous_links' },
};

export interface TrajectoryDeps {
  grids: GridRegistry;
  comparability: Comparability;
}

/** The score metadata the statistics read, from a grid's score definitions. */
export function scoreMetaOf(grid: Grid): ScoreMeta[] {
  return grid.scores.map((s) => ({
    id: s.id,
    label: s.label,
    direction: s.direction,
    ...(s.reference === undefined ? {} : { reference: s.reference }),
    ...(s.bands === undefined ? {} : { bands: s.bands }),
  }));
}

/** The newest published or retired version of `grid`, or null when it has none. */
export async function newestVersion(grids: GridRegistry, grid: string): Promise<string | null> {
  let best: string | null = null;
  for (const record of await grids.list()) {
    if (record.grid !== grid || record.status === 'draft') continue;
    if (best === null || compareVersionText(record.version, best) > 0) best = record.version;
  }
  return best;
}

/**
 * Builds a case's trajectory on `grid` from its detail (whose scope the caller checked). Only
 * submitted administrations count, each by its current revision; drafts and voided ones do not.
 * Scores are those of the newest version used (a score only older versions have follows them).
 * Between occasions whose administrations used different versions, the change is computed from the
 * stored scores when the newer version declares the score comparable, else from every
 * administration of the two occasions re-scored on the shared items; `comparison` says which.
 * Throws NotFoundError when the grid has no published version.
 */
export async function buildCaseTrajectory(deps: TrajectoryDeps, detail: CaseDetail, grid: string): Promise<CaseTrajectory> {
  const counted = detail.administrations.filter((a) => a.grid === grid && a.status === 'submitted');
  const versions = [...new Set(counted.map((a) => a.version))].sort(compareVersionText);
  const referenceVersion = versions[versions.length - 1] ?? (await newestVersion(deps.grids, grid));
  if (referenceVersion === null) throw new NotFoundError('This grid has no published version.');
  const metas = await scoreMetas(deps.grids, grid, referenceVersion, versions);

  const input = counted.map(toTrajectoryAdministration);
  const trajectory = buildTrajectory({ administrations: input, scores: metas });
  const byOccasion = new Map<string, AdministrationRecord[]>();
  for (const a of counted) byOccasion.set(a.occasion, [...(byOccasion.get(a.occasion) ?? []), a]);

  const scores: CaseScoreTrajectory[] = [];
  for (const [index, score] of trajectory.scores.entries()) {
    const meta = metas[index]!;
    const compare = (change: TrajectoryChange): Promise<CaseChange> =>
      compareChange(deps.comparability, grid, meta, change, byOccasion.get(change.from) ?? [], byOccasion.get(change.to) ?? []);
    const changes: CaseChange[] = [];
    for (const change of score.changes) changes.push(await compare(change));
    scores.push({ ...score, changes, overall: score.overall === null ? null : await compare(score.overall) });
  }

  const situations = new Map(detail.occasions.map((o) => [o.name, o.livingSituation]));
  const occasions = (trajectory.scores[0]?.occasions ?? groupDates(input)).map((o) => ({
    occasion: o.occasion,
    date: o.date,
    livingSituation: situations.get(o.occasion) ?? null,
  }));
  return { caseId: detail.id, grid, versions, referenceVersion, occasions, scores, options: TRAJECTORY_OPTIONS };
}

function toTrajectoryAdministration(a: AdministrationRecord): TrajectoryAdministration {
  return {
    occasion: a.occasion,
    date: a.date,
    informant: a.informant,
    version: a.version,
    scores: a.current.scoring.scores,
    bands: a.current.scoring.bands,
  };
}

function groupDates(input: TrajectoryAdministration[]): { occasion: string; date: string }[] {
  return buildTrajectory({ administrations: input, scores: [{ id: '', label: { it: '' }, direction: 'higher_is_better' }] }).scores[0]!.occasions;
}

/** The reference version's scores, then any score only older versions have (with their metadata). */
async function scoreMetas(grids: GridRegistry, grid: string, referenceVersion: string, versions: readonly string[]): Promise<ScoreMeta[]> {
  const { compiled } = await grids.compiled(grid, referenceVersion);
  const metas = scoreMetaOf(compiled.grid);
  const seen = new Set(metas.map((m) => m.id));
  for (const version of [...versions].sort(compareVersionText).reverse()) {
    if (version === referenceVersion) continue;
    for (const meta of scoreMetaOf((await grids.compiled(grid, version)).compiled.grid)) {
      if (!seen.has(meta.id)) {
        seen.add(meta.id);
        metas.push(meta);
      }
    }
  }
  return metas;
}

/**
 * The change between two occasions as compared across versions: the stored change when one
 * version is involved or the score is declared comparable; the change of the re-scored values
 * otherwise; no change when the versions cannot be compared.
 */
async function compareChange(
  comparability: Comparability,
  grid: string,
  meta: ScoreMeta,
  change: TrajectoryChange,
  from: readonly AdministrationRecord[],
  to: readonly AdministrationRecord[],
): Promise<CaseChange> {
  const involved = [...from, ...to];
  const comparisonOf = await comparability.compare(grid, involved.map((a) => a.version));
  const comparison = comparisonOf.forScore(meta.id);
  switch (comparison.comparison) {
    case 'same_version':
    case 'declared_comparable':
      return { ...change, comparison };
    case 'not_comparable':
      return { from: change.from, to: change.to, versionsDiffer: true, rawChange: null, comparison };
    case 'rescored_on_shared_items': {
      const rescored: TrajectoryAdministration[] = involved.map((a) => {
        const out = comparisonOf.rescore(a.version, a.current.responses);
        return {
          ...toTrajectoryAdministration(a),
          scores: { [meta.id]: out?.scores[meta.id] ?? null },
          bands: { [meta.id]: out?.bands[meta.id] ?? null },
        };
      });
      const score = buildTrajectory({ administrations: rescored, scores: [meta] }).scores[0]!;
      const [first, second] = score.occasions;
      const recomputed = score.overall;
      if (first === undefined || second === undefined || recomputed === null) return { ...change, comparison };
      return {
        ...recomputed,
        comparison,
        compared: {
          from: { value: first.value, band: first.band, valueSource: first.valueSource },
          to: { value: second.value, band: second.band, valueSource: second.valueSource },
        },
      };
    }
  }
}
