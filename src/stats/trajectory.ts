/**
 * The trajectory of one case on one grid: every score across the case's occasions, each informant's
 * value, their agreement, and the change between occasions (raw, reliable, clinically significant,
 * band transition).
 */
import type { Band, Direction, I18nText, Reference } from '../grid/index.ts';
import { bandOf } from './band-of.ts';
import { mean, sampleSd } from './descriptive.ts';
import { isComputed, notComputed, type NotComputed } from './not-computed.ts';
import { clinicallySignificantChange, reliableChange, type ChangeClassification } from './reliable-change.ts';

/** The informant whose rating, when present, is the case's value at an occasion. */
export const CONSENSUS_INFORMANT = 'team';

/** One administration as the trajectory needs it (the latest revision's scores and bands). */
export interface TrajectoryAdministration {
  occasion: string;
  /** Date of the occasion, `YYYY-MM-DD`. */
  date: string;
  informant: string;
  version: string;
  scores: Record<string, number | null>;
  bands: Record<string, string | null>;
}

/** What the statistics need to know about a score (a subset of the grid's `Score`). */
export interface ScoreMeta {
  id: string;
  label: I18nText;
  direction: Direction;
  reference?: Reference;
  bands?: Band[];
}

export interface TrajectoryInput {
  administrations: readonly TrajectoryAdministration[];
  scores: readonly ScoreMeta[];
}

export interface TrajectoryPoint {
  informant: string;
  value: number | null;
  band: string | null;
  version: string;
}

export interface InformantAgreement {
  /** Informant -> value, side by side. */
  values: Record<string, number>;
  /** Highest minus lowest value. */
  range: number;
  /** Sample SD of the informants' values. */
  sd: number | null;
  /** Whether every value falls in the same band; `null` when the score has no bands. */
  sameBand: boolean | null;
}

/** How the case's value at an occasion was chosen. */
export type ValueSource = 'team' | 'mean_of_informants' | 'single_informant';

export interface TrajectoryOccasion {
  occasion: string;
  date: string;
  /** Every informant's rating at this occasion. */
  points: TrajectoryPoint[];
  /** The case's value: `team` if the team rated, else the mean of the informants' values. */
  value: number | null;
  band: string | null;
  valueSource: ValueSource | null;
  /** Agreement among informants, where two or more gave a value. */
  agreement: InformantAgreement | null;
}

export interface ReliableChangeSummary {
  rci: number;
  sDiff: number;
  classification: ChangeClassification;
  options: { method: 'jacobson_truax_1991'; criterion: number; sd: number; reliability: number; sdSource: string; reliabilitySource: string };
}

export interface ClinicalSignificanceSummary {
  significant: boolean;
  cutoff: number;
  startedDysfunctional: boolean;
  endedFunctional: boolean;
  source: string;
}

export interface TrajectoryChange {
  from: string;
  to: string;
  /** to - from in the score's units; null when either value is missing. */
  rawChange: number | null;
  reliableChange: ReliableChangeSummary | NotComputed;
  bandTransition: { from: string | null; to: string | null; changed: boolean } | NotComputed;
  clinicallySignificant: ClinicalSignificanceSummary | NotComputed;
  /** Grid versions at the two occasions differ: compare only scores declared comparable. */
  versionsDiffer: boolean;
}

export interface ScoreTrajectory {
  score: string;
  label: I18nText;
  direction: Direction;
  /** Rule used for the case's value at each occasion. */
  valueRule: 'team_if_present_else_mean_of_informants';
  occasions: TrajectoryOccasion[];
  /** Between consecutive occasions, in date order. */
  changes: TrajectoryChange[];
  /** From the first occasion to the last; null with fewer than two occasions. */
  overall: TrajectoryChange | null;
}

export interface Trajectory {
  scores: ScoreTrajectory[];
}

interface OccasionGroup {
  occasion: string;
  date: string;
  administrations: TrajectoryAdministration[];
}

function groupByOccasion(administrations: readonly TrajectoryAdministration[]): OccasionGroup[] {
  const groups = new Map<string, OccasionGroup>();
  for (const a of administrations) {
    const group = groups.get(a.occasion);
    if (group === undefined) groups.set(a.occasion, { occasion: a.occasion, date: a.date, administrations: [a] });
    else {
      group.administrations.push(a);
      if (a.date < group.date) group.date = a.date;
    }
  }
  // Date order; the occasion name breaks ties so that the order never depends on input order.
  return [...groups.values()].sort((p, q) => (p.date === q.date ? p.occasion.localeCompare(q.occasion) : p.date < q.date ? -1 : 1));
}

function buildOccasion(group: OccasionGroup, score: ScoreMeta): TrajectoryOccasion {
  const points: TrajectoryPoint[] = group.administrations
    .map((a) => ({ informant: a.informant, value: a.scores[score.id] ?? null, band: a.bands[score.id] ?? null, version: a.version }))
    .sort((p, q) => p.informant.localeCompare(q.informant));
  const rated = points.filter((p): p is TrajectoryPoint & { value: number } => p.value !== null);
  let value: number | null = null;
  let band: string | null = null;
  let valueSource: ValueSource | null = null;
  const team = rated.find((p) => p.informant === CONSENSUS_INFORMANT);
  if (team !== undefined) {
    value = team.value;
    band = team.band;
    valueSource = 'team';
  } else if (rated.length === 1) {
    const only = rated[0] as TrajectoryPoint & { value: number };
    value = only.value;
    band = only.band;
    valueSource = 'single_informant';
  } else if (rated.length > 1) {
    value = mean(rated.map((p) => p.value));
    band = value === null || score.bands === undefined ? null : bandOf(value, score.bands);
    valueSource = 'mean_of_informants';
  }
  let agreement: InformantAgreement | null = null;
  if (rated.length >= 2) {
    const values = rated.map((p) => p.value);
    const bands = rated.map((p) => p.band);
    agreement = {
      values: Object.fromEntries(rated.map((p) => [p.informant, p.value])),
      range: Math.max(...values) - Math.min(...values),
      sd: sampleSd(values),
      sameBand: score.bands === undefined || bands.some((b) => b === null) ? null : bands.every((b) => b === bands[0]),
    };
  }
  return { occasion: group.occasion, date: group.date, points, value, band, valueSource, agreement };
}

function buildChange(from: TrajectoryOccasion, to: TrajectoryOccasion, score: ScoreMeta): TrajectoryChange {
  const versions = (o: TrajectoryOccasion): Set<string> => new Set(o.points.map((p) => p.version));
  const fromVersions = versions(from);
  const versionsDiffer = [...versions(to)].some((v) => !fromVersions.has(v)) || [...fromVersions].some((v) => !versions(to).has(v));
  const x1 = from.value;
  const x2 = to.value;
  const bandTransition =
    score.bands === undefined
      ? notComputed('bands_not_declared')
      : { from: from.band, to: to.band, changed: from.band !== to.band };
  const base = { from: from.occasion, to: to.occasion, bandTransition, versionsDiffer };
  if (x1 === null || x2 === null) {
    return {
      ...base,
      rawChange: null,
      reliableChange: notComputed('missing_value'),
      clinicallySignificant: notComputed(score.reference?.cutoff === undefined ? 'cutoff_not_declared' : 'missing_value'),
    };
  }
  const reliability = score.reference?.reliability;
  const norm = score.reference?.norm;
  const cutoff = score.reference?.cutoff;
  let reliable: ReliableChangeSummary | NotComputed;
  let clinical: ClinicalSignificanceSummary | NotComputed;
  if (reliability === undefined) reliable = notComputed('reliability_not_declared');
  else if (norm === undefined) reliable = notComputed('sd_not_declared');
  else {
    const rc = reliableChange({ x1, x2, sd: norm.sd, reliability: reliability.value, direction: score.direction });
    reliable = isComputed(rc)
      ? {
          rci: rc.rci,
          sDiff: rc.sDiff,
          classification: rc.classification,
          options: {
            method: 'jacobson_truax_1991',
            criterion: rc.options.criterion,
            sd: norm.sd,
            reliability: reliability.value,
            sdSource: norm.source,
            reliabilitySource: reliability.source,
          },
        }
      : rc;
  }
  if (cutoff === undefined) clinical = notComputed('cutoff_not_declared');
  else if (!isComputed(reliable)) clinical = notComputed(reliable.reason);
  else {
    const csc = clinicallySignificantChange({
      x1,
      x2,
      sd: reliable.options.sd,
      reliability: reliable.options.reliability,
      direction: score.direction,
      cutoff: cutoff.value,
    });
    clinical = isComputed(csc)
      ? {
          significant: csc.significant,
          cutoff: cutoff.value,
          startedDysfunctional: csc.startedDysfunctional,
          endedFunctional: csc.endedFunctional,
          source: cutoff.source,
        }
      : csc;
  }
  return { ...base, rawChange: x2 - x1, reliableChange: reliable, clinicallySignificant: clinical };
}

/**
 * Build the trajectory of one case on one grid. Occasions are ordered by date (earliest
 * administration date of the occasion; ties by occasion name). At each occasion the case's value
 * is the `team` rating if there is one, else the mean of the informants' non-null values (its band
 * recomputed from the score's bands); `valueSource` says which. Changes are computed between
 * consecutive occasions and from the first to the last; the RCI needs the score's declared
 * reliability and reference SD, clinical significance its declared cut-off, otherwise they are
 * `null` with a reason. Does not mutate its input.
 */
export function buildTrajectory(input: TrajectoryInput): Trajectory {
  const groups = groupByOccasion(input.administrations);
  return {
    scores: input.scores.map((score) => {
      const occasions = groups.map((g) => buildOccasion(g, score));
      const changes: TrajectoryChange[] = [];
      for (let i = 1; i < occasions.length; i++) {
        changes.push(buildChange(occasions[i - 1] as TrajectoryOccasion, occasions[i] as TrajectoryOccasion, score));
      }
      const first = occasions[0];
      const last = occasions[occasions.length - 1];
      return {
        score: score.id,
        label: score.label,
        direction: score.direction,
        valueRule: 'team_if_present_else_mean_of_informants',
        occasions,
        changes,
        overall: first !== undefined && last !== undefined && first !== last ? buildChange(first, last, score) : null,
      };
    }),
  };
}
