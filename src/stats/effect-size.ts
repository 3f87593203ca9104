/**
 * Effect sizes and the t test for two paired occasions (the same cases measured twice).
 */
import { mean, pearsonCorrelation, sampleSd } from './descriptive.ts';
import { normalQuantile, tCdf } from './distributions.ts';
import { noncentralityFor } from './noncentral-t.ts';
import { notComputed, type NotComputed } from './not-computed.ts';

/** A two-sided confidence interval. */
export interface ConfidenceInterval {
  lower: number;
  upper: number;
  /** Coverage, 0.95 for a 95% interval. */
  level: number;
}

export interface PairedInput {
  /** Values at the first occasion, one per case. */
  x1: readonly number[];
  /** Values at the second occasion, in the same case order. */
  x2: readonly number[];
  /** Coverage of the confidence intervals (default 0.95). */
  level?: number;
}

export interface CohenDz {
  /** d_z = M_diff / SD_diff, with diff = x2 - x1. */
  value: number;
  ci: ConfidenceInterval;
  options: {
    standardizer: 'sd_of_differences';
    ciMethod: 'noncentral_t_inversion';
    df: number;
  };
}

export interface HedgesGav {
  /** g_av = d_av x J. */
  value: number;
  /** d_av = M_diff / ((SD1 + SD2) / 2), before the correction. */
  dAv: number;
  /** J = 1 - 3 / (4 (n1 + n2) - 9) with n1 = n2 = n. */
  correction: number;
  /** CI of g_av: J times the CI of d_av. */
  ci: ConfidenceInterval | NotComputed;
  /** CI of d_av. */
  dAvCi: ConfidenceInterval | NotComputed;
  options: {
    standardizer: 'mean_of_occasion_sds';
    hedgesCorrection: 'lakens_2013_1_minus_3_over_4(n1+n2)-9';
    ciMethod: 'normal_approximation_borenstein_2009';
    /** Correlation between the occasions, used by the CI. */
    r: number | null;
  };
}

export interface PairedTTest {
  t: number;
  df: number;
  /** Two-sided p from Student's t distribution. */
  p: number;
  /** Mean of x2 - x1. */
  meanDifference: number;
  options: { alternative: 'two_sided'; differences: 'second_minus_first' };
}

function differences(input: PairedInput): number[] | null {
  if (input.x1.length !== input.x2.length) return null;
  return input.x2.map((v, i) => v - (input.x1[i] as number));
}

function checkLengths(input: PairedInput): void {
  if (input.x1.length !== input.x2.length) {
    throw new RangeError(`paired lists differ in length (${input.x1.length} and ${input.x2.length})`);
  }
}

/**
 * Cohen's d_z for paired data (Lakens 2013, Front Psychol 4:863, eq. 7): d_z = M_diff / SD_diff.
 * 95% CI by inverting the noncentral t distribution: t = d_z sqrt(n) is noncentral t with n - 1 df
 * and noncentrality delta_z sqrt(n); the limits are the noncentralities that put t at the 97.5th
 * and 2.5th percentiles, divided by sqrt(n) (Cumming & Finch 2001, Educ Psychol Meas 61:532-574;
 * Goulet-Pelletier & Cousineau 2018, Quant Methods Psychol 14:242-265). This interval is exact.
 * `too_few_values` below two cases, `zero_variance` when every difference is the same.
 *
 * @example pairedDz({ x1: [9,7,8,9,8,9,9,10,9,9], x2: [9,6,7,8,7,9,8,8,8,7] }) // value -1.50 (x2 - x1)
 */
export function pairedDz(input: PairedInput): CohenDz | NotComputed {
  checkLengths(input);
  const diff = differences(input) as number[];
  const n = diff.length;
  if (n < 2) return notComputed('too_few_values');
  const sd = sampleSd(diff) as number;
  if (sd === 0) return notComputed('zero_variance');
  const d = (mean(diff) as number) / sd;
  const level = input.level ?? 0.95;
  const alpha = 1 - level;
  const t = d * Math.sqrt(n);
  const df = n - 1;
  const lower = noncentralityFor(1 - alpha / 2, t, df) / Math.sqrt(n);
  const upper = noncentralityFor(alpha / 2, t, df) / Math.sqrt(n);
  return {
    value: d,
    ci: { lower, upper, level },
    options: { standardizer: 'sd_of_differences', ciMethod: 'noncentral_t_inversion', df },
  };
}

/**
 * Hedges' g_av for paired data (Lakens 2013, eqs. 10 and 4): d_av = M_diff / ((SD1 + SD2) / 2),
 * g_av = d_av x (1 - 3 / (4 (n1 + n2) - 9)) with n1 = n2 = n (Lakens' approximation of Hedges' J).
 * CI by the normal approximation for a standardized mean change of Borenstein, Hedges, Higgins &
 * Rothstein (2009, Introduction to Meta-Analysis, eq. 4.28): Var(d) = (1/n + d^2 / (2n)) 2 (1 - r),
 * r the correlation between the occasions; d_av +/- z SE, and J times those limits for g_av
 * (Var(g) = J^2 Var(d), eq. 4.24). The CI is `correlation_undefined` when an occasion has no spread.
 */
export function pairedGav(input: PairedInput): HedgesGav | NotComputed {
  checkLengths(input);
  const n = input.x1.length;
  if (n < 2) return notComputed('too_few_values');
  const sd1 = sampleSd(input.x1) as number;
  const sd2 = sampleSd(input.x2) as number;
  const sdAv = (sd1 + sd2) / 2;
  if (sdAv === 0) return notComputed('zero_variance');
  const diff = differences(input) as number[];
  const dAv = (mean(diff) as number) / sdAv;
  const correction = 1 - 3 / (4 * (n + n) - 9);
  const level = input.level ?? 0.95;
  const z = normalQuantile(1 - (1 - level) / 2);
  const r = pearsonCorrelation(input.x1, input.x2);
  let dAvCi: ConfidenceInterval | NotComputed = notComputed('correlation_undefined');
  let ci: ConfidenceInterval | NotComputed = notComputed('correlation_undefined');
  if (r !== null) {
    const se = Math.sqrt((1 / n + (dAv * dAv) / (2 * n)) * 2 * (1 - r));
    dAvCi = { lower: dAv - z * se, upper: dAv + z * se, level };
    ci = { lower: correction * dAvCi.lower, upper: correction * dAvCi.upper, level };
  }
  return {
    value: dAv * correction,
    dAv,
    correction,
    ci,
    dAvCi,
    options: {
      standardizer: 'mean_of_occasion_sds',
      hedgesCorrection: 'lakens_2013_1_minus_3_over_4(n1+n2)-9',
      ciMethod: 'normal_approximation_borenstein_2009',
      r,
    },
  };
}

/**
 * Paired (dependent-samples) t test of x2 - x1 against zero: t = M_diff / (SD_diff / sqrt(n)),
 * df = n - 1, two-sided p = 2 P(T >= |t|) from Student's t (any statistics text, e.g. Lakens 2013
 * eq. 7 for the link t = d_z sqrt(n)). `too_few_values` below two cases, `zero_variance` when every
 * difference is the same.
 */
export function pairedTTest(input: PairedInput): PairedTTest | NotComputed {
  checkLengths(input);
  const diff = differences(input) as number[];
  const n = diff.length;
  if (n < 2) return notComputed('too_few_values');
  const sd = sampleSd(diff) as number;
  if (sd === 0) return notComputed('zero_variance');
  const meanDifference = mean(diff) as number;
  const t = meanDifference / (sd / Math.sqrt(n));
  const df = n - 1;
  return {
    t,
    df,
    p: Math.min(1, 2 * tCdf(-Math.abs(t), df)),
    meanDifference,
    options: { alternative: 'two_sided', differences: 'second_minus_first' },
  };
}
