import { describe, expect, test } from 'vitest';
import { mean, median, pearsonCorrelation, sampleSd, sampleVariance } from '../../src/stats/index.ts';

describe('descriptive statistics', () => {
  test('mean, sample variance (n - 1) and SD of a textbook list', () => {
    const xs = [2, 4, 4, 4, 5, 5, 7, 9];
    expect(mean(xs)).toBe(5);
    // sum of squared deviations 32, over n - 1 = 7
    expect(sampleVariance(xs)).toBeCloseTo(32 / 7, 12);
    expect(sampleSd(xs)).toBeCloseTo(Math.sqrt(32 / 7), 12);
  });

  test('median of odd and even lists, unsorted input left untouched', () => {
    const xs = [3, 1, 2, 10];
    expect(median(xs)).toBe(2.5);
    expect(xs).toEqual([3, 1, 2, 10]);
    expect(median([7, 1, 3])).toBe(3);
  });

  test('empty lists and n = 1 give null, never NaN', () => {
    expect(mean([])).toBeNull();
    expect(median([])).toBeNull();
    expect(sampleVariance([4])).toBeNull();
    expect(sampleSd([4])).toBeNull();
    expect(sampleSd([4, 4, 4])).toBe(0);
  });

  test('Pearson correlation, null without spread', () => {
    expect(pearsonCorrelation([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(pearsonCorrelation([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    expect(pearsonCorrelation([1, 2, 3], [5, 5, 5])).toBeNull();
    expect(pearsonCorrelation([1], [2])).toBeNull();
  });
});
