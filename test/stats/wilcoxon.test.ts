import { describe, expect, test } from 'vitest';
import { averageRanks, signedRankCounts, wilcoxonSignedRank } from '../../src/stats/index.ts';

// Hollander & Wolfe (1973, p. 29), the example of R's ?wilcox.test
const x = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
const y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];

describe('wilcoxonSignedRank', () => {
  test('Hollander & Wolfe, greater: V = 40, exact p = 10/512', () => {
    const w = wilcoxonSignedRank({ x, y, alternative: 'greater' });
    expect(w).toMatchObject({ statistic: 40, n: 9, zerosDropped: 0, ties: false, method: 'exact' });
    expect((w as { p: number }).p).toBe(10 / 512);
    expect(w).toMatchObject({ options: { alternative: 'greater', continuityCorrection: false, zeroHandling: 'dropped' } });
  });

  test('two-sided exact p = 0.0390625; less = P(V <= 40) = 505/512', () => {
    expect(wilcoxonSignedRank({ x, y })).toMatchObject({ p: 0.0390625, method: 'exact' });
    // V >= 40 of 45 means the negative ranks sum to <= 5: 1 + 1 + 1 + 2 + 2 + 3 = 10 subsets (sums
    // 0..5), of which 3 sum to exactly 5 (V = 40); so P(V <= 40) = 1 - 7/512
    const counts = signedRankCounts(9);
    expect(counts[40]).toBe(3);
    const less = wilcoxonSignedRank({ x, y, alternative: 'less' }) as { p: number };
    expect(less.p).toBe(505 / 512);
  });

  test('normal approximation without continuity correction, greater: p = 0.01908', () => {
    const w = wilcoxonSignedRank({ x, y, alternative: 'greater', exact: false, correct: false });
    expect(w).toMatchObject({ method: 'normal_approximation', options: { continuityCorrection: false } });
    expect((w as { p: number }).p).toBeCloseTo(0.01908, 5);
  });

  test('ties and a zero: average ranks, tie-corrected variance, continuity correction (by hand)', () => {
    // differences 1, 1, 2, -1, 3, 0: the zero is dropped, n = 5; |d| = 1,1,2,1,3 rank 2,2,4,2,5.
    // V = 2 + 2 + 4 + 5 = 13; mean 5*6/4 = 7.5; variance 5*6*11/24 - (3^3 - 3)/48 = 13.75 - 0.5 = 13.25;
    // z = (13 - 7.5 - 0.5) / sqrt(13.25) = 1.3736056; two-sided p = 2 (1 - Phi(1.3736056)) = 0.1695641
    const w = wilcoxonSignedRank({ x: [2, 2, 3, 0, 4, 5], y: [1, 1, 1, 1, 1, 5] });
    expect(w).toMatchObject({ statistic: 13, n: 5, zerosDropped: 1, ties: true, method: 'normal_approximation' });
    expect(w).toMatchObject({ options: { continuityCorrection: true } });
    expect((w as { p: number }).p).toBeCloseTo(0.1695641, 6);
  });

  test('zeros alone force the normal approximation even without ties (R rule)', () => {
    const w = wilcoxonSignedRank({ x: [1, 2, 3, 4, 5, 6], y: [0, 0, 0, 0, 0, 6] });
    expect(w).toMatchObject({ zerosDropped: 1, ties: false, method: 'normal_approximation', statistic: 15 });
  });

  test('n of 50 or more uses the normal approximation', () => {
    const xs = Array.from({ length: 50 }, (_, i) => i + 1 + (i % 3 === 0 ? 0.5 : 0));
    const w = wilcoxonSignedRank({ x: xs, y: xs.map((v, i) => (i % 2 === 0 ? v - (i + 1) * 0.01 : v + (i + 1) * 0.01)) });
    expect(w).toMatchObject({ method: 'normal_approximation', n: 50 });
  });

  test('all differences zero gives null with a reason; n = 1 works', () => {
    expect(wilcoxonSignedRank({ x: [1, 2], y: [1, 2] })).toEqual({ value: null, reason: 'no_nonzero_differences' });
    // one positive difference: V = 1, exact two-sided p = min(1, 2 * 1/2) = 1
    expect(wilcoxonSignedRank({ x: [2], y: [1] })).toMatchObject({ statistic: 1, p: 1, method: 'exact' });
  });

  test('average ranks', () => {
    expect(averageRanks([10, 20, 10, 30, 10])).toEqual({ ranks: [2, 4, 2, 5, 2], tieSizes: [3] });
    // the null distribution of V sums to 2^n
    expect(signedRankCounts(12).reduce((a, b) => a + b, 0)).toBe(2 ** 12);
  });
});
