/**
 * The noncentral t distribution, which the installed stdlib packages do not provide; the exact
 * confidence interval of d_z inverts it.
 */
import { normalCdf } from './distributions.ts';

/** Simpson intervals over the support of S; enough for 1e-9 accuracy at the t values we meet. */
const INTERVALS = 2000;
/** Where the density of S has fallen by e^-60 from its mode, its mass is negligible. */
const LOG_TAIL = -60;

/**
 * P(T <= t) for T noncentral t with `df` degrees of freedom and noncentrality `ncp`.
 *
 * T = (Z + ncp) / S with Z standard normal and S = sqrt(V / df), V chi-square(df), so
 * P(T <= t) = E[Phi(t S - ncp)] = integral over s of Phi(t s - ncp) f_S(s) ds
 * (Johnson, Kotz & Balakrishnan 1995, Continuous Univariate Distributions vol. 2, ch. 31, eq. 31.4).
 * f_S(s) is proportional to s^(df-1) exp(-df s^2 / 2); its normalising constant is computed with the
 * same quadrature (so the Gamma function is not needed and quadrature error largely cancels).
 */
export function noncentralTCdf(t: number, df: number, ncp: number): number {
  const mode = df > 1 ? Math.sqrt((df - 1) / df) : 0;
  // Log-density relative to the mode, so that exp() never overflows whatever df.
  const logKernel = (s: number): number => {
    if (s <= 0) return df > 1 ? -Infinity : df === 1 ? 0 : Infinity;
    const logRatio = mode > 0 ? Math.log(s / mode) : Math.log(s);
    return (df - 1) * logRatio - (df * (s * s - mode * mode)) / 2;
  };
  let upper = mode + 1 / Math.sqrt(df);
  while (logKernel(upper) > LOG_TAIL) upper += (upper - mode) || 1;
  let lower = 0;
  if (mode > 0) {
    let step = mode / 2;
    lower = mode;
    while (lower > 0 && logKernel(lower) > LOG_TAIL) {
      lower = Math.max(0, lower - step);
      step *= 1.5;
    }
  }
  const h = (upper - lower) / INTERVALS;
  let num = 0;
  let den = 0;
  for (let i = 0; i <= INTERVALS; i++) {
    const s = lower + i * h;
    const weight = i === 0 || i === INTERVALS ? 1 : i % 2 === 1 ? 4 : 2;
    const k = weight * Math.exp(logKernel(s));
    if (k === 0 || !Number.isFinite(k)) continue;
    den += k;
    num += k * normalCdf(t * s - ncp);
  }
  return num / den;
}

/**
 * The noncentrality `ncp` at which P(T <= t; df, ncp) equals `p`. The distribution function falls
 * as ncp grows, so the root is bracketed by stepping away from t and then bisected.
 */
export function noncentralityFor(p: number, t: number, df: number): number {
  const f = (ncp: number): number => noncentralTCdf(t, df, ncp) - p;
  let step = 1 + Math.abs(t) / Math.sqrt(2 * df);
  let lo = t - step;
  let hi = t + step;
  while (f(lo) < 0) {
    lo -= step;
    step *= 2;
  }
  step = 1 + Math.abs(t) / Math.sqrt(2 * df);
  while (f(hi) > 0) {
    hi += step;
    step *= 2;
  }
  for (let i = 0; i < 200 && hi - lo > 1e-10 * (1 + Math.abs(lo)); i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) > 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
