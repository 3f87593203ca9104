import { describe, expect, test } from 'vitest';
import { ageBandOf, ageInYears, daysBetween } from '../../src/export/index.ts';

describe('ages in whole years (birthday on the first day of the birth month)', () => {
  test.each([
    ['2016-04', '2025-03-31', 8],
    ['2016-04', '2025-04-01', 9],
    ['2016-04', '2025-04-30', 9],
    ['2016-12', '2025-01-15', 8],
    ['2025-01', '2025-01-10', 0],
    ['2007-06', '2025-06-01', 18],
  ])('born %s, on %s: %i', (birth, date, age) => {
    expect(ageInYears(birth, date)).toBe(age);
  });
});

describe('days between dates', () => {
  test.each([
    ['2025-06-10', '2025-06-10', 0],
    ['2025-06-10', '2026-03-01', 264],
    ['2024-02-28', '2024-03-01', 2],
    ['2023-02-28', '2023-03-01', 1],
    ['2025-03-30', '2025-03-31', 1],
  ])('%s to %s: %i', (from, to, days) => {
    expect(daysBetween(from, to)).toBe(days);
  });
});

test('age bands follow 0-2, 3-5, 6-10, 11-13, 14-17, and keep 18+ apart', () => {
  expect([0, 2, 3, 5, 6, 10, 11, 13, 14, 17, 18, -1].map(ageBandOf)).toEqual([
    '0-2', '0-2', '3-5', '3-5', '6-10', '6-10', '11-13', '11-13', '14-17', '14-17', '18+', 'unknown',
  ]);
});
