/**
 * Disclosure control of aggregate figures for the researcher role: small-count (primary)
 * suppression and complementary suppression along the lines (rows, columns, totals) that add up.
 */

/** The disclosure threshold when none is configured. */
export const DEFAULT_DISCLOSURE_THRESHOLD = 10;
/** No configuration may lower the threshold below this. */
export const MINIMUM_DISCLOSURE_THRESHOLD = 3;

/** Why a figure is withheld. */
export type SuppressionReason =
  /** It rests on fewer cases than the threshold. */
  | 'below_disclosure_threshold'
  /** It would let a suppressed figure be recovered (a total minus the other figures). */
  | 'complementary_suppression';

/** A figure withheld from the researcher. */
export interface Suppressed {
  value: null;
  suppressed: true;
  reason: SuppressionReason;
}

/** Build a {@link Suppressed}. */
export function suppressed(reason: SuppressionReason): Suppressed {
  return { value: null, suppressed: true, reason };
}

/** A count as reported: its value, or null when suppressed. */
export interface CountFigure {
  value: number | null;
  suppressed: boolean;
  reason?: SuppressionReason;
}

/**
 * The threshold actually applied: the configured one (default 10), rounded up to a whole number of
 * cases and never below 3.
 */
export function effectiveThreshold(requested: number | undefined): number {
  const t = requested === undefined || !Number.isFinite(requested) ? DEFAULT_DISCLOSURE_THRESHOLD : Math.ceil(requested);
  return Math.max(MINIMUM_DISCLOSURE_THRESHOLD, t);
}

/** One count taking part in disclosure control. */
export interface CountEntry {
  id: string;
  count: number;
  /** Never chosen as a complementary suppression (e.g. the cohort size already published). */
  fixed?: boolean;
}

/**
 * Which counts to withhold. Primary: every count from 1 to threshold - 1 (a zero counts no case and
 * is shown). Complementary: `lines` lists groups of entries tied by an addition (a row and its
 * total, a column and its total, the totals and the grand total); a line with exactly one withheld
 * entry would give it away (total minus the others), so the smallest other entry of that line that
 * is not `fixed` is withheld too, and the lines are swept again until no line has exactly one.
 * Among equal counts, the entry listed first in the line is chosen, so the result is deterministic.
 */
export function suppressCounts(
  entries: readonly CountEntry[],
  lines: readonly (readonly string[])[],
  threshold: number,
): Map<string, SuppressionReason> {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const withheld = new Map<string, SuppressionReason>();
  for (const e of entries) if (e.count > 0 && e.count < threshold) withheld.set(e.id, 'below_disclosure_threshold');
  let changed = true;
  while (changed) {
    changed = false;
    for (const line of lines) {
      const hidden = line.filter((id) => withheld.has(id));
      if (hidden.length !== 1) continue;
      const candidates = line
        .filter((id) => !withheld.has(id))
        .map((id) => byId.get(id) as CountEntry);
      const free = candidates.filter((e) => e.fixed !== true);
      const pool = free.length > 0 ? free : candidates;
      let choice: CountEntry | undefined;
      for (const e of pool) if (choice === undefined || e.count < choice.count) choice = e;
      if (choice !== undefined) {
        withheld.set(choice.id, 'complementary_suppression');
        changed = true;
      }
    }
  }
  return withheld;
}
