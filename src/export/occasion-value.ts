import type { Band } from '../grid/index.ts';
import { bandOf, CONSENSUS_INFORMANT, mean } from '../stats/index.ts';

/**
 * How the case's value of a score at an occasion was chosen (the wide layout's `value_source`):
 * the `team` consensus rating, the `single` informant's value, or the `mean_of_n` informants' values.
 */
export type OccasionValueSource = 'team' | 'single' | 'mean_of_n';

/** The row's `value_source`: `mixed` when its scores were chosen by different rules. */
export type RowValueSource = OccasionValueSource | 'mixed';

/** Name of the rule, as the trajectory (`valueRule`) states it. */
export const OCCASION_VALUE_RULE = 'team_if_present_else_mean_of_informants';

/** One informant's rating of one score at an occasion. */
export interface InformantValue {
  informant: string;
  value: number | null;
  band: string | null;
}

export interface OccasionValue {
  value: number;
  band: string | null;
  source: OccasionValueSource;
  /** Informants whose value entered `value` (1 for `team` and `single`). */
  contributors: number;
}

/**
 * The case's value of one score at one occasion, by the trajectory's rule (src/stats/trajectory.ts):
 * the `team` rating when it has a value, else the only value, else the mean of the informants'
 * values with its band recomputed from `bands` (the stored bands of a single rating are kept).
 * Null when no informant has a value.
 *
 * @example
 * occasionValue([{ informant: 'educator', value: 2, band: 'concern' }, { informant: 'social_worker', value: 4, band: 'adequate' }], bands)
 * // { value: 3, band: bandOf(3, bands), source: 'mean_of_n', contributors: 2 }
 */
export function occasionValue(ratings: readonly InformantValue[], bands: readonly Band[] | undefined): OccasionValue | null {
  let only: InformantValue | null = null;
  const values: number[] = [];
  for (const rating of ratings) {
    if (rating.value === null) continue;
    if (rating.informant === CONSENSUS_INFORMANT) return { value: rating.value, band: rating.band, source: 'team', contributors: 1 };
    if (values.length === 0) only = rating;
    values.push(rating.value);
  }
  if (values.length === 0 || only === null) return null;
  if (values.length === 1) return { value: values[0]!, band: only.band, source: 'single', contributors: 1 };
  const m = mean(values)!;
  return { value: m, band: bands === undefined ? null : bandOf(m, bands), source: 'mean_of_n', contributors: values.length };
}

/** The row's source over its scores' sources: the common one, `mixed` when they differ, null when no score has a value. */
export function rowValueSource(sources: readonly (OccasionValueSource | null)[]): RowValueSource | null {
  let out: RowValueSource | null = null;
  for (const source of sources) {
    if (source === null) continue;
    if (out === null) out = source;
    else if (out !== source) return 'mixed';
  }
  return out;
}
