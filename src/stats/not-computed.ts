/**
 * Why a statistic has no value. Expected outcomes (too few cases, zero variance, a reference value
 * not declared) are data, never NaN, Infinity or an exception: the statistic is `null` with one of
 * these reasons.
 */
export type NotComputedReason =
  /** Fewer observations than the statistic needs (e.g. an SD from one value). */
  | 'too_few_values'
  /** The spread the statistic divides by is zero (e.g. every change identical). */
  | 'zero_variance'
  /** Every paired difference is zero, so a signed-rank test has nothing to rank. */
  | 'no_nonzero_differences'
  /** Every pair of cells of a transition table is concordant, so the symmetry test has no data. */
  | 'no_discordant_pairs'
  /** The score declares no reliability (`reference.reliability`). */
  | 'reliability_not_declared'
  /** The score declares no reference SD (`reference.norm.sd`). */
  | 'sd_not_declared'
  /** The score declares no clinical cut-off (`reference.cutoff`). */
  | 'cutoff_not_declared'
  /** A reference value lies outside its range (reliability not below 1, SD not positive). */
  | 'invalid_reference'
  /** A value needed (at one of the two occasions) is null. */
  | 'missing_value'
  /** The correlation between the occasions is undefined (an occasion without spread). */
  | 'correlation_undefined'
  /** The score declares no bands, so there is no band to compare. */
  | 'bands_not_declared'
  /** Some values have no band among the declared ones. */
  | 'bands_incomplete';

/** A statistic that could not be computed, and why. */
export interface NotComputed {
  value: null;
  reason: NotComputedReason;
}

/** Build a {@link NotComputed}. */
export function notComputed(reason: NotComputedReason): NotComputed {
  return { value: null, reason };
}

/** True when `result` is a computed statistic rather than a null with a reason (not computed, suppressed). */
export function isComputed<R extends object>(result: R): result is Exclude<R, { value: null; reason: string }> {
  return !('reason' in result && (result as { value?: unknown }).value === null);
}
