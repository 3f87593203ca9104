/**
 * Tests of symmetry of a square transition table (band at the first occasion in rows, band at the
 * second in columns): McNemar's test for 2 x 2, Bowker's for r x r.
 */
import { chisquareUpperTail } from './distributions.ts';
import { notComputed, type NotComputed } from './not-computed.ts';

export interface SymmetryTestInput {
  /** Square table of counts, rows = first occasion, columns = second occasion. */
  table: readonly (readonly number[])[];
  /** Continuity correction of McNemar's 2 x 2 statistic. Default true, as in R. */
  correct?: boolean;
}

export interface SymmetryTestResult {
  test: 'mcnemar' | 'bowker';
  statistic: number;
  df: number;
  /** Upper tail of the chi-square distribution with df degrees of freedom. */
  p: number;
  options: {
    /** Whether the continuity correction was applied (2 x 2 with b != c only, as R does). */
    continuityCorrection: boolean;
    /** Off-diagonal pairs (i < j) with n_ij + n_ji > 0: the terms summed and the df counted. */
    pairsUsed: number;
    /** Pairs with n_ij + n_ji = 0, left out of both the statistic and the df (R gives NaN). */
    pairsExcluded: number;
    emptyPairs: 'excluded_from_statistic_and_df';
  };
}

function checkTable(table: readonly (readonly number[])[]): void {
  const r = table.length;
  if (r < 2) throw new RangeError('a symmetry test needs at least a 2 x 2 table');
  for (const row of table) {
    if (row.length !== r) throw new RangeError('the transition table must be square');
    for (const v of row) {
      if (!Number.isFinite(v) || v < 0) throw new RangeError('table counts must be finite and non-negative');
    }
  }
}

/**
 * McNemar's test (McNemar 1947, Psychometrika 12:153-157) for a 2 x 2 table with discordant cells
 * b = n_12 and c = n_21: chi2 = (b - c)^2 / (b + c), or with the continuity correction (Edwards 1948)
 * (|b - c| - 1)^2 / (b + c), df = 1. As in R's `mcnemar.test`, the correction is on by default and
 * is applied only when b != c. For larger tables this is Bowker's test ({@link bowkerTest}).
 * `no_discordant_pairs` when b + c = 0.
 */
export function mcnemarTest(input: SymmetryTestInput): SymmetryTestResult | NotComputed {
  checkTable(input.table);
  if (input.table.length > 2) return bowkerTest(input);
  const b = (input.table[0] as number[])[1] as number;
  const c = (input.table[1] as number[])[0] as number;
  if (b + c === 0) return notComputed('no_discordant_pairs');
  const corrected = (input.correct ?? true) && b !== c;
  const numerator = corrected ? (Math.abs(b - c) - 1) ** 2 : (b - c) ** 2;
  const statistic = numerator / (b + c);
  return {
    test: 'mcnemar',
    statistic,
    df: 1,
    p: chisquareUpperTail(statistic, 1),
    options: { continuityCorrection: corrected, pairsUsed: 1, pairsExcluded: 0, emptyPairs: 'excluded_from_statistic_and_df' },
  };
}

/**
 * Bowker's test of symmetry (Bowker 1948, J Am Stat Assoc 43:572-574) for an r x r table:
 * chi2 = sum over i < j of (n_ij - n_ji)^2 / (n_ij + n_ji), df = r (r - 1) / 2, no continuity
 * correction. Pairs with n_ij + n_ji = 0 carry no information on symmetry (the test conditions on
 * n_ij + n_ji); they are left out of the sum and of the df, where R's `mcnemar.test` returns NaN.
 * `no_discordant_pairs` when every pair is empty. On a 2 x 2 table it equals McNemar's test
 * without correction.
 */
export function bowkerTest(input: SymmetryTestInput): SymmetryTestResult | NotComputed {
  checkTable(input.table);
  const r = input.table.length;
  let statistic = 0;
  let pairsUsed = 0;
  let pairsExcluded = 0;
  for (let i = 0; i < r; i++) {
    for (let j = i + 1; j < r; j++) {
      const nij = (input.table[i] as number[])[j] as number;
      const nji = (input.table[j] as number[])[i] as number;
      if (nij + nji === 0) {
        pairsExcluded++;
        continue;
      }
      statistic += (nij - nji) ** 2 / (nij + nji);
      pairsUsed++;
    }
  }
  if (pairsUsed === 0) return notComputed('no_discordant_pairs');
  return {
    test: 'bowker',
    statistic,
    df: pairsUsed,
    p: chisquareUpperTail(statistic, pairsUsed),
    options: { continuityCorrection: false, pairsUsed, pairsExcluded, emptyPairs: 'excluded_from_statistic_and_df' },
  };
}
