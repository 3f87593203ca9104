import type { Hierarchies, QuasiIdentifier, QuasiIdentifierValues } from './quasi-identifiers.ts';
import { QUASI_IDENTIFIERS } from './quasi-identifiers.ts';

/** How many cases share one combination of finest quasi-identifier values. */
export interface QuasiIdentifierCount {
  values: QuasiIdentifierValues;
  cases: number;
}

/** One generalization the procedure made, in order. */
export interface GeneralizationStep {
  attribute: QuasiIdentifier;
  from: string;
  to: string;
  /** Distinct values the attribute had before this step (why it was chosen). */
  distinctValues: number;
  /** Cases in combinations of fewer than k cases before this step. */
  casesInSmallGroups: number;
}

/** What the procedure decided: each attribute's level, and which combinations are suppressed. */
export interface GeneralizationPlan {
  k: number;
  /** Level (index into the attribute's hierarchy) of each quasi-identifier. */
  levels: Record<QuasiIdentifier, number>;
  steps: GeneralizationStep[];
  cases: number;
  /** Most cases the procedure may suppress instead of generalizing further. */
  suppressionBudget: number;
  maxSuppressedShare: number;
  suppressedCases: number;
  /** Keys (groupKey) of the generalized combinations whose cases have their quasi-identifiers suppressed. */
  suppressedKeys: ReadonlySet<string>;
  /** Combinations released with their values, and the fewest cases any of them holds. */
  releasedGroups: number;
  smallestReleasedGroup: number | null;
}

export interface PlanOptions {
  k: number;
  hierarchies: Hierarchies;
  /** Share of the cases that may be suppressed rather than generalizing everyone further (0..1). */
  maxSuppressedShare: number;
}

/** Default share of cases that may be suppressed (Datafly-style budget). */
export const DEFAULT_MAX_SUPPRESSED_SHARE = 0.05;

/** The values of one case's quasi-identifiers at the given levels (null: suppressed). */
export function generalizeValues(
  values: QuasiIdentifierValues,
  levels: Record<QuasiIdentifier, number>,
  hierarchies: Hierarchies,
): Record<QuasiIdentifier, string | null> {
  return {
    zone: hierarchies.zone.generalize(values.zone, levels.zone),
    age: hierarchies.age.generalize(values.age, levels.age),
    sex: hierarchies.sex.generalize(values.sex, levels.sex),
  };
}

/** The key of a combination of generalized values. */
export function groupKey(generalized: Record<QuasiIdentifier, string | null>): string {
  return JSON.stringify([generalized.zone, generalized.age, generalized.sex]);
}

/**
 * Greedy k-anonymization over the cases' quasi-identifiers (Sweeney's Datafly procedure), made
 * deterministic:
 * 1. group the cases by their quasi-identifiers at the current levels;
 * 2. while more cases sit in groups of fewer than `k` than the suppression budget allows
 *    (`floor(maxSuppressedShare x cases)`), generalize one level the attribute that has the most
 *    distinct values (ties: zone, then age, then sex), skipping attributes already at their last
 *    level or left with a single value;
 * 3. then suppress the quasi-identifiers of the cases still in groups of fewer than `k`.
 * Every released combination then holds at least `k` cases. Works on counts per combination, so
 * its memory follows the number of distinct combinations, not the number of cases.
 *
 * @example
 * const plan = planGeneralization(counts, { k: 5, hierarchies, maxSuppressedShare: 0.05 });
 */
export function planGeneralization(counts: readonly QuasiIdentifierCount[], options: PlanOptions): GeneralizationPlan {
  const { k, hierarchies } = options;
  const levels: Record<QuasiIdentifier, number> = { zone: 0, age: 0, sex: 0 };
  const cases = counts.reduce((sum, entry) => sum + entry.cases, 0);
  const suppressionBudget = Math.floor(options.maxSuppressedShare * cases);
  const steps: GeneralizationStep[] = [];

  for (;;) {
    const groups = groupCounts(counts, levels, hierarchies);
    const small = [...groups.values()].filter((n) => n < k).reduce((sum, n) => sum + n, 0);
    if (small <= suppressionBudget) break;
    let chosen: { attribute: QuasiIdentifier; distinct: number } | null = null;
    for (const attribute of QUASI_IDENTIFIERS) {
      if (levels[attribute] >= hierarchies[attribute].levels.length - 1) continue;
      const distinct = new Set(counts.map((entry) => hierarchies[attribute].generalize(entry.values[attribute], levels[attribute]))).size;
      if (distinct <= 1) continue;
      if (chosen === null || distinct > chosen.distinct) chosen = { attribute, distinct };
    }
    if (chosen === null) break;
    const hierarchy = hierarchies[chosen.attribute];
    steps.push({
      attribute: chosen.attribute,
      from: hierarchy.levels[levels[chosen.attribute]]!,
      to: hierarchy.levels[levels[chosen.attribute] + 1]!,
      distinctValues: chosen.distinct,
      casesInSmallGroups: small,
    });
    levels[chosen.attribute] += 1;
  }

  const groups = groupCounts(counts, levels, hierarchies);
  const suppressedKeys = new Set<string>();
  let suppressedCases = 0;
  let smallestReleasedGroup: number | null = null;
  for (const [key, n] of groups) {
    if (n < k) {
      suppressedKeys.add(key);
      suppressedCases += n;
    } else {
      smallestReleasedGroup = smallestReleasedGroup === null ? n : Math.min(smallestReleasedGroup, n);
    }
  }
  return {
    k,
    levels,
    steps,
    cases,
    suppressionBudget,
    maxSuppressedShare: options.maxSuppressedShare,
    suppressedCases,
    suppressedKeys,
    releasedGroups: groups.size - suppressedKeys.size,
    smallestReleasedGroup,
  };
}

function groupCounts(counts: readonly QuasiIdentifierCount[], levels: Record<QuasiIdentifier, number>, hierarchies: Hierarchies): Map<string, number> {
  const groups = new Map<string, number>();
  for (const entry of counts) {
    const key = groupKey(generalizeValues(entry.values, levels, hierarchies));
    groups.set(key, (groups.get(key) ?? 0) + entry.cases);
  }
  return groups;
}
