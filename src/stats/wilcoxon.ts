/**
 * The Wilcoxon signed-rank test for paired data, computed as R's
 * `wilcox.test(x, y, paired = TRUE)` does (R Core Team, src/library/stats/R/wilcox.test.R).
 */
import { normalCdf } from './distributions.ts';
import { notComputed, type NotComputed } from './not-computed.ts';

export type Alternative = 'two_sided' | 'greater' | 'less';

export interface WilcoxonInput {
  /** Values at the later occasion (or the first sample); differences are x - y. */
  x: readonly number[];
  /** Values at the earlier occasion (or the second sample), same order as x. */
  y: readonly number[];
  /** `greater`: x tends to exceed y. Default `two_sided`. */
  alternative?: Alternative;
  /** Continuity correction of the normal approximation. Default true, as in R. */
  correct?: boolean;
  /**
   * Exact distribution wanted: default when n < 50 (R's rule). It is used only when there are no
   * ties and no zero differences; otherwise the normal approximation is used whatever is asked.
   */
  exact?: boolean;
}

export interface WilcoxonResult {
  /** V: the sum of the ranks of the positive differences. */
  statistic: number;
  p: number;
  /** Nonzero differences ranked. */
  n: number;
  /** Zero differences dropped before ranking. */
  zerosDropped: number;
  /** Whether some absolute differences were tied (average ranks given). */
  ties: boolean;
  method: 'exact' | 'normal_approximation';
  options: {
    alternative: Alternative;
    /** Applied only by the normal approximation; false when the exact distribution was used. */
    continuityCorrection: boolean;
    zeroHandling: 'dropped';
    tieHandling: 'average_ranks_and_variance_correction';
    exactRule: 'n_below_50_without_ties_or_zeros';
    differences: 'x_minus_y';
  };
}

/** Ranks 1..n of the values, ties receiving the average of the ranks they span. */
export function averageRanks(values: readonly number[]): { ranks: number[]; tieSizes: number[] } {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
  const ranks = new Array<number>(values.length).fill(0);
  const tieSizes: number[] = [];
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && (order[end + 1] as { v: number }).v === (order[start] as { v: number }).v) end++;
    const average = (start + 1 + end + 1) / 2;
    for (let k = start; k <= end; k++) ranks[(order[k] as { i: number }).i] = average;
    if (end > start) tieSizes.push(end - start + 1);
    start = end + 1;
  }
  return { ranks, tieSizes };
}

/**
 * Null distribution of V for n untied ranks: counts[v] = number of subsets of {1..n} summing to v
 * (dynamic programming over the ranks, as R's csignrank). Exact in doubles for n < 50 (< 2^53).
 */
export function signedRankCounts(n: number): number[] {
  const max = (n * (n + 1)) / 2;
  const counts = new Array<number>(max + 1).fill(0);
  counts[0] = 1;
  for (let rank = 1; rank <= n; rank++) {
    const top = (rank * (rank + 1)) / 2;
    for (let v = top; v >= rank; v--) counts[v] = (counts[v] as number) + (counts[v - rank] as number);
  }
  return counts;
}

/** P(V <= v) under the null for n untied ranks. */
function signedRankLowerTail(v: number, counts: readonly number[], total: number): number {
  let sum = 0;
  for (let k = 0; k <= Math.floor(v) && k < counts.length; k++) sum += counts[k] as number;
  return sum / total;
}

/** P(V >= v) under the null, summed directly so that small p-values keep their precision. */
function signedRankUpperTail(v: number, counts: readonly number[], total: number): number {
  let sum = 0;
  for (let k = Math.max(0, Math.ceil(v)); k < counts.length; k++) sum += counts[k] as number;
  return sum / total;
}

/**
 * Wilcoxon signed-rank test of the differences x - y (Wilcoxon 1945; Hollander & Wolfe 1973,
 * ch. 3), following R's `wilcox.test(paired = TRUE)`:
 * - zero differences are dropped, then the absolute differences ranked with average ranks for ties;
 * - V = sum of the ranks of the positive differences;
 * - exact p from the null distribution of V when n < 50 and there are neither ties nor zeros;
 * - otherwise z = (V - n(n+1)/4 - CC) / sigma with
 *   sigma^2 = n(n+1)(2n+1)/24 - sum(t^3 - t)/48 over the tie groups, and the continuity correction
 *   CC = 0.5 sign(V - n(n+1)/4) two-sided, 0.5 for `greater`, -0.5 for `less` (0 when `correct` is
 *   false).
 * `no_nonzero_differences` when every difference is zero.
 *
 * @example wilcoxonSignedRank({ x, y, alternative: 'greater' }) // Hollander & Wolfe: V = 40, p = 10/512
 */
export function wilcoxonSignedRank(input: WilcoxonInput): WilcoxonResult | NotComputed {
  if (input.x.length !== input.y.length) {
    throw new RangeError(`paired lists differ in length (${input.x.length} and ${input.y.length})`);
  }
  const alternative = input.alternative ?? 'two_sided';
  const correct = input.correct ?? true;
  const all = input.x.map((v, i) => v - (input.y[i] as number));
  const nonzero = all.filter((d) => d !== 0);
  const zerosDropped = all.length - nonzero.length;
  const n = nonzero.length;
  if (n === 0) return notComputed('no_nonzero_differences');
  const { ranks, tieSizes } = averageRanks(nonzero.map(Math.abs));
  let statistic = 0;
  nonzero.forEach((d, i) => {
    if (d > 0) statistic += ranks[i] as number;
  });
  const ties = tieSizes.length > 0;
  const wantExact = input.exact ?? n < 50;
  const useExact = wantExact && !ties && zerosDropped === 0;
  const base = {
    statistic,
    n,
    zerosDropped,
    ties,
    options: {
      alternative,
      continuityCorrection: !useExact && correct,
      zeroHandling: 'dropped' as const,
      tieHandling: 'average_ranks_and_variance_correction' as const,
      exactRule: 'n_below_50_without_ties_or_zeros' as const,
      differences: 'x_minus_y' as const,
    },
  };
  const expected = (n * (n + 1)) / 4;
  if (useExact) {
    const counts = signedRankCounts(n);
    const total = 2 ** n;
    const lower = (v: number): number => signedRankLowerTail(v, counts, total);
    const upper = (v: number): number => signedRankUpperTail(v, counts, total);
    let p: number;
    switch (alternative) {
      case 'less':
        p = lower(statistic);
        break;
      case 'greater':
        p = upper(statistic);
        break;
      case 'two_sided':
        p = Math.min(1, 2 * (statistic > expected ? upper(statistic) : lower(statistic)));
        break;
    }
    return { ...base, p, method: 'exact' };
  }
  let tieTerm = 0;
  for (const t of tieSizes) tieTerm += t * t * t - t;
  const sigma = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - tieTerm / 48);
  const centred = statistic - expected;
  let correction = 0;
  if (correct) {
    switch (alternative) {
      case 'two_sided':
        correction = 0.5 * Math.sign(centred);
        break;
      case 'greater':
        correction = 0.5;
        break;
      case 'less':
        correction = -0.5;
        break;
    }
  }
  const z = (centred - correction) / sigma;
  let p: number;
  switch (alternative) {
    case 'less':
      p = normalCdf(z);
      break;
    case 'greater':
      p = normalCdf(-z);
      break;
    case 'two_sided':
      p = Math.min(1, 2 * Math.min(normalCdf(z), normalCdf(-z)));
      break;
  }
  return { ...base, p, method: 'normal_approximation' };
}
