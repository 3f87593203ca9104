import { describe, expect, test } from 'vitest';
import { isComputed, noncentralTCdf, pairedDz, pairedGav, pairedTTest, tCdf } from '../../src/stats/index.ts';

// Lakens (2013), Front Psychol 4:863, the movie example; differences are second - first, so the
// published positive effects (m1 - m2) come out with x1 = m2, x2 = m1.
const m1 = [9, 7, 8, 9, 8, 9, 9, 10, 9, 9];
const m2 = [9, 6, 7, 8, 7, 9, 8, 8, 8, 7];

describe('paired t test', () => {
  test('Lakens 2013: t(9) = 4.74, p = .001', () => {
    const t = pairedTTest({ x1: m2, x2: m1 });
    if (!isComputed(t)) throw new Error(t.reason);
    expect(t.t).toBeCloseTo(4.74, 2);
    expect(t.df).toBe(9);
    expect(t.p).toBeCloseTo(0.001, 3);
    expect(t.meanDifference).toBe(1);
  });

  test('n = 1 and zero variance give null with a reason', () => {
    expect(pairedTTest({ x1: [1], x2: [2] })).toEqual({ value: null, reason: 'too_few_values' });
    expect(pairedTTest({ x1: [1, 2, 3], x2: [2, 3, 4] })).toEqual({ value: null, reason: 'zero_variance' });
  });
});

describe('Cohen d_z', () => {
  test('Lakens 2013: d_z = 1.50, with its exact (noncentral t) 95% CI', () => {
    const d = pairedDz({ x1: m2, x2: m1 });
    if (d.value === null) throw new Error(d.reason);
    expect(d.value).toBeCloseTo(1.5, 2);
    // limits = noncentralities 1.772501 and 7.600332 (scipy.stats.nct, t = 4.743416, df = 9) / sqrt(10)
    expect(d.ci.lower).toBeCloseTo(1.772501 / Math.sqrt(10), 5);
    expect(d.ci.upper).toBeCloseTo(7.600332 / Math.sqrt(10), 5);
    expect(d.ci.level).toBe(0.95);
    expect(d.options).toEqual({ standardizer: 'sd_of_differences', ciMethod: 'noncentral_t_inversion', df: 9 });
  });

  test('the sign follows second minus first', () => {
    const d = pairedDz({ x1: m1, x2: m2 });
    expect(d.value).toBeCloseTo(-1.5, 10);
  });

  test('n = 1, all differences zero and constant differences give null with a reason', () => {
    expect(pairedDz({ x1: [3], x2: [4] })).toEqual({ value: null, reason: 'too_few_values' });
    expect(pairedDz({ x1: [3, 4, 5], x2: [3, 4, 5] })).toEqual({ value: null, reason: 'zero_variance' });
    expect(pairedDz({ x1: [3, 4, 5], x2: [4, 5, 6] })).toEqual({ value: null, reason: 'zero_variance' });
  });
});

describe('Hedges g_av', () => {
  test('Lakens 2013: d_av = 1.1287, g_av = 1.08 with J = 1 - 3/(4*20 - 9)', () => {
    const g = pairedGav({ x1: m2, x2: m1 });
    if (g.value === null) throw new Error(g.reason);
    expect(g.dAv).toBeCloseTo(1.1287, 4);
    expect(g.value).toBeCloseTo(1.08, 2);
    expect(g.correction).toBeCloseTo(1 - 3 / 71, 12);
    expect(g.options.hedgesCorrection).toBe('lakens_2013_1_minus_3_over_4(n1+n2)-9');
    expect(g.options.ciMethod).toBe('normal_approximation_borenstein_2009');
    // r = 0.725542; SE = sqrt((1/10 + 1.128696^2/20) * 2 * (1 - r)) ; d_av +/- 1.959964 SE = [0.54118, 1.71622]
    expect(g.options.r).toBeCloseTo(0.725542, 6);
    expect(g.dAvCi).toMatchObject({ lower: expect.closeTo(0.54118, 4), upper: expect.closeTo(1.71622, 4) });
    expect(g.ci).toMatchObject({ lower: expect.closeTo(0.51831, 4), upper: expect.closeTo(1.6437, 4), level: 0.95 });
  });

  test('an occasion without spread leaves g_av but no CI; both without spread gives zero_variance', () => {
    const g = pairedGav({ x1: [5, 5, 5, 5], x2: [5, 6, 7, 8] });
    expect(g.value).not.toBeNull();
    expect(g).toMatchObject({ ci: { value: null, reason: 'correlation_undefined' } });
    expect(pairedGav({ x1: [5, 5], x2: [6, 6] })).toEqual({ value: null, reason: 'zero_variance' });
    expect(pairedGav({ x1: [5], x2: [6] })).toEqual({ value: null, reason: 'too_few_values' });
  });
});

describe('noncentral t distribution', () => {
  test('with noncentrality 0 it is the central t', () => {
    for (const [t, df] of [[2, 1], [-1.3, 4], [0.7, 30]] as const) {
      expect(noncentralTCdf(t, df, 0)).toBeCloseTo(tCdf(t, df), 9);
    }
  });

  test('agrees with scipy.stats.nct.cdf', () => {
    expect(noncentralTCdf(4.74, 9, 3)).toBeCloseTo(0.8611424346943461, 9);
    expect(noncentralTCdf(-1, 3, 0.5)).toBeCloseTo(0.09212120981435942, 9);
    expect(noncentralTCdf(10, 50, 9)).toBeCloseTo(0.7483528745854009, 9);
  });
});
