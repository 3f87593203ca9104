/**
 * Descriptive statistics. Each returns `null` when the data cannot give a value (an empty list, an
 * SD from one value) rather than NaN. Sums are accumulated left to right so that every caller gets
 * the same bits for the same input.
 */

/**
 * Arithmetic mean, sum(x) / n; `null` for an empty list.
 * @example mean([1, 2, 3]) // 2
 */
export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/**
 * Sample variance with the n - 1 denominator (Bessel's correction): sum((x - mean)^2) / (n - 1),
 * computed from deviations about the mean (two-pass) for accuracy; `null` when n < 2.
 * @example sampleVariance([2, 4, 4, 4, 5, 5, 7, 9]) // 4.571428...
 */
export function sampleVariance(values: readonly number[]): number | null {
  const m = mean(values);
  if (m === null || values.length < 2) return null;
  let ss = 0;
  for (const v of values) ss += (v - m) * (v - m);
  return ss / (values.length - 1);
}

/**
 * Sample standard deviation, the square root of {@link sampleVariance}; `null` when n < 2.
 * @example sampleSd([1, 2, 3, 4]) // 1.290994...
 */
export function sampleSd(values: readonly number[]): number | null {
  const v = sampleVariance(values);
  return v === null ? null : Math.sqrt(v);
}

/**
 * Median: the middle value, or the mean of the two middle values for an even n; `null` when empty.
 * @example median([3, 1, 2, 10]) // 2.5
 */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] as number) + upper) / 2;
}

/**
 * Pearson correlation of two equally long lists; `null` when n < 2 or either list has no spread.
 */
export function pearsonCorrelation(x: readonly number[], y: readonly number[]): number | null {
  if (x.length !== y.length || x.length < 2) return null;
  const mx = mean(x) as number;
  const my = mean(y) as number;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return sxy / Math.sqrt(sxx * syy);
}
