import { describe, expect, test } from 'vitest';
import { cronbachAlpha } from '../../src/stats/index.ts';

const rows = [
  [3, 2, 4, 1, 4, 5, 1, 4, 3, 2], [5, 4, 6, 3, 5, 1, 2, 5, 5, 5], [7, 3, 5, 5, 6, 4, 3, 3, 6, 5],
  [2, 4, 3, 3, 2, 2, 2, 6, 6, 3], [6, 5, 6, 5, 4, 4, 4, 6, 7, 5], [1, 2, 3, 4, 2, 5, 2, 3, 5, 2],
  [4, 3, 5, 3, 5, 2, 1, 2, 4, 3], [2, 4, 4, 3, 7, 2, 2, 4, 6, 5], [6, 5, 5, 5, 1, 6, 5, 2, 3, 2],
  [5, 4, 6, 4, 3, 5, 3, 1, 7, 2], [4, 3, 5, 2, 5, 3, 2, 3, 4, 1], [4, 2, 3, 2, 5, 3, 4, 2, 3, 4],
  [5, 5, 6, 2, 3, 3, 2, 4, 4, 5], [6, 5, 5, 4, 2, 2, 1, 4, 6, 5], [4, 3, 5, 5, 3, 1, 3, 2, 3, 4],
];

describe('cronbachAlpha', () => {
  test('DOMAIN example: alpha = 0.591719, Feldt 95% CI [0.195, 0.840]', () => {
    const a = cronbachAlpha({ rows });
    if (a.value === null) throw new Error(a.reason);
    expect(a.value).toBeCloseTo(0.591719, 6);
    expect(a.ci.lower).toBeCloseTo(0.195, 3);
    expect(a.ci.upper).toBeCloseTo(0.84, 3);
    expect(a).toMatchObject({ n: 15, k: 10, options: { variances: 'sample_n_minus_1', ciMethod: 'feldt_1965_f_distribution' } });
  });

  test('n = 1, one item, and a total without spread give null with a reason', () => {
    expect(cronbachAlpha({ rows: [[1, 2, 3]] })).toEqual({ value: null, reason: 'too_few_values' });
    expect(cronbachAlpha({ rows: [[1], [2]] })).toEqual({ value: null, reason: 'too_few_values' });
    expect(cronbachAlpha({ rows: [[1, 2], [2, 1]] })).toEqual({ value: null, reason: 'zero_variance' });
  });

  test('ragged rows are refused', () => {
    expect(() => cronbachAlpha({ rows: [[1, 2], [1]] })).toThrow(RangeError);
  });
});
