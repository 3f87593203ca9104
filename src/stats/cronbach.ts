/**
 * Internal consistency of a set of items: Cronbach's alpha with Feldt's confidence interval.
 */
import { sampleVariance } from './descriptive.ts';
import { fQuantile } from './distributions.ts';
import { notComputed, type NotComputed } from './not-computed.ts';
import type { ConfidenceInterval } from './effect-size.ts';

export interface CronbachInput {
  /** One row per case (subject), one column per item; every row equally long, no missing values. */
  rows: readonly (readonly number[])[];
  /** Coverage of the CI (default 0.95). */
  level?: number;
}

export interface CronbachAlpha {
  value: number;
  ci: ConfidenceInterval;
  /** Cases (rows) and items (columns). */
  n: number;
  k: number;
  options: { variances: 'sample_n_minus_1'; ciMethod: 'feldt_1965_f_distribution' };
}

/**
 * Cronbach's alpha (Cronbach 1951, Psychometrika 16:297-334): alpha = k/(k-1) x (1 - sum of the
 * item variances / variance of the total score), with sample (n - 1) variances. CI from Feldt's
 * result that (1 - alpha) / (1 - alpha_hat) follows F with n - 1 and (n - 1)(k - 1) df (Feldt 1965,
 * Psychometrika 30:357-370; Feldt, Woodruff & Salih 1987, Appl Psychol Meas 11:93-103):
 * [1 - (1 - alpha_hat) F_{1-a/2}, 1 - (1 - alpha_hat) F_{a/2}].
 * `too_few_values` with fewer than 2 cases or 2 items, `zero_variance` when the total has no spread.
 */
export function cronbachAlpha(input: CronbachInput): CronbachAlpha | NotComputed {
  const n = input.rows.length;
  const k = input.rows[0]?.length ?? 0;
  for (const row of input.rows) {
    if (row.length !== k) throw new RangeError('every row must rate the same items');
  }
  if (n < 2 || k < 2) return notComputed('too_few_values');
  let itemVariances = 0;
  for (let j = 0; j < k; j++) itemVariances += sampleVariance(input.rows.map((row) => row[j] as number)) as number;
  const totals = input.rows.map((row) => row.reduce((sum, v) => sum + v, 0));
  const totalVariance = sampleVariance(totals) as number;
  if (totalVariance === 0) return notComputed('zero_variance');
  const value = (k / (k - 1)) * (1 - itemVariances / totalVariance);
  const level = input.level ?? 0.95;
  const a = 1 - level;
  const df1 = n - 1;
  const df2 = (n - 1) * (k - 1);
  return {
    value,
    ci: {
      lower: 1 - (1 - value) * fQuantile(1 - a / 2, df1, df2),
      upper: 1 - (1 - value) * fQuantile(a / 2, df1, df2),
      level,
    },
    n,
    k,
    options: { variances: 'sample_n_minus_1', ciMethod: 'feldt_1965_f_distribution' },
  };
}
