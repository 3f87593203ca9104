import { describe, expect, test } from 'vitest';
import { bowkerTest, mcnemarTest } from '../../src/stats/index.ts';

describe('mcnemarTest', () => {
  // b = 150, c = 86 (Agresti's approval example): (150 - 86)^2 / 236 = 17.3559;
  // corrected (64 - 1)^2 / 236 = 16.8178
  const table = [
    [794, 150],
    [86, 570],
  ];
  test('continuity correction on by default, as in R', () => {
    const r = mcnemarTest({ table });
    expect(r).toMatchObject({ test: 'mcnemar', df: 1, options: { continuityCorrection: true } });
    expect((r as { statistic: number }).statistic).toBeCloseTo(3969 / 236, 10);
    expect((r as { p: number }).p).toBeLessThan(1e-4);
  });

  test('without correction', () => {
    const r = mcnemarTest({ table, correct: false });
    expect((r as { statistic: number }).statistic).toBeCloseTo(4096 / 236, 10);
    expect(r).toMatchObject({ options: { continuityCorrection: false } });
  });

  test('b = c: statistic 0, p = 1, no correction applied (R guards it too)', () => {
    expect(mcnemarTest({ table: [[3, 4], [4, 9]] })).toMatchObject({ statistic: 0, p: 1, options: { continuityCorrection: false } });
  });

  test('small table: b = 1, c = 0 uncorrected chi2 = 1, p = 0.3173', () => {
    const r = mcnemarTest({ table: [[5, 1], [0, 4]], correct: false }) as { statistic: number; p: number };
    expect(r.statistic).toBe(1);
    expect(r.p).toBeCloseTo(0.3173105, 6);
  });

  test('no discordant pairs gives null with a reason, not NaN', () => {
    expect(mcnemarTest({ table: [[5, 0], [0, 4]] })).toEqual({ value: null, reason: 'no_discordant_pairs' });
  });

  test('a malformed table is refused', () => {
    expect(() => mcnemarTest({ table: [[1, 2, 3], [4, 5, 6]] })).toThrow(RangeError);
    expect(() => mcnemarTest({ table: [[1, -2], [4, 5]] })).toThrow(RangeError);
  });
});

describe('bowkerTest', () => {
  test('3 x 3 with an empty pair: the pair is left out of the sum and the df', () => {
    // pairs: (1,2) (2 - 4)^2 / 6 = 2/3; (1,3) empty; (2,3) (3 - 1)^2 / 4 = 1 -> 5/3, df 2,
    // p = exp(-(5/3) / 2) = 0.434598 (chi-square with 2 df)
    const table = [
      [5, 2, 0],
      [4, 6, 3],
      [0, 1, 7],
    ];
    const r = mcnemarTest({ table });
    expect(r).toMatchObject({ test: 'bowker', df: 2, options: { pairsUsed: 2, pairsExcluded: 1, continuityCorrection: false } });
    expect((r as { statistic: number }).statistic).toBeCloseTo(5 / 3, 12);
    expect((r as { p: number }).p).toBeCloseTo(Math.exp(-5 / 6), 10);
  });

  test('full 3 x 3: df = r(r - 1)/2 = 3', () => {
    const r = bowkerTest({ table: [[4, 2, 1], [3, 5, 2], [2, 1, 6]] });
    // (2-3)^2/5 + (1-2)^2/3 + (2-1)^2/3 = 0.2 + 1/3 + 1/3
    expect(r).toMatchObject({ df: 3 });
    expect((r as { statistic: number }).statistic).toBeCloseTo(0.2 + 2 / 3, 12);
  });

  test('on a 2 x 2 table equals uncorrected McNemar', () => {
    const table = [[5, 7], [2, 4]];
    expect((bowkerTest({ table }) as { statistic: number }).statistic).toBeCloseTo(
      (mcnemarTest({ table, correct: false }) as { statistic: number }).statistic,
      12,
    );
  });

  test('a symmetric diagonal table gives null with a reason', () => {
    expect(bowkerTest({ table: [[1, 0, 0], [0, 2, 0], [0, 0, 3]] })).toEqual({ value: null, reason: 'no_discordant_pairs' });
  });
});
