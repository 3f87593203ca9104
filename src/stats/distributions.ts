/**
 * The probability distributions the statistics need, in one place. They come from the stdlib
 * packages (CommonJS modules with `export =` typings under docs/types); importing them here keeps
 * the interop to one file, and the rest of the folder depends on these plain functions only.
 */
import normalCdfImpl from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantileImpl from '@stdlib/stats-base-dists-normal-quantile';
import tCdfImpl from '@stdlib/stats-base-dists-t-cdf';
import tQuantileImpl from '@stdlib/stats-base-dists-t-quantile';
import chisquareCdfImpl from '@stdlib/stats-base-dists-chisquare-cdf';
import fQuantileImpl from '@stdlib/stats-base-dists-f-quantile';

/** Standard normal distribution function Phi(x). */
export function normalCdf(x: number): number {
  return normalCdfImpl(x, 0, 1);
}

/** Standard normal quantile Phi^-1(p). */
export function normalQuantile(p: number): number {
  return normalQuantileImpl(p, 0, 1);
}

/** Student's t distribution function with `df` degrees of freedom. */
export function tCdf(x: number, df: number): number {
  return tCdfImpl(x, df);
}

/** Student's t quantile with `df` degrees of freedom. */
export function tQuantile(p: number, df: number): number {
  return tQuantileImpl(p, df);
}

/** Chi-square distribution function with `df` degrees of freedom. */
export function chisquareCdf(x: number, df: number): number {
  return chisquareCdfImpl(x, df);
}

/** Upper tail P(X >= x) of the chi-square distribution, the p-value of a chi-square test. */
export function chisquareUpperTail(x: number, df: number): number {
  return 1 - chisquareCdfImpl(x, df);
}

/** F distribution quantile with `df1` and `df2` degrees of freedom. */
export function fQuantile(p: number, df1: number, df2: number): number {
  return fQuantileImpl(p, df1, df2);
}
