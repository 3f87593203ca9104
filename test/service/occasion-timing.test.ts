import { describe, expect, test } from 'vitest';
import { addMonths, timeOccasions } from '../../src/service/index.ts';

const SPECS = [
  { id: 'T0' },
  { id: 'T1', after: 'T0', months: 6, toleranceDays: 30 },
  { id: 'T2', after: 'T1', months: 6, toleranceDays: 10 },
];

describe('occasion timing', () => {
  test.each([
    ['2025-07-10', 'on_time'],
    ['2025-06-14', 'early'],
    ['2025-06-15', 'on_time'],
    ['2025-08-14', 'on_time'],
    ['2025-08-15', 'late'],
  ])('T1 held on %s is %s (expected 2025-07-15 +/- 30 days)', (date, status) => {
    const [, t1] = timeOccasions(SPECS, [{ name: 'T0', date: '2025-01-15' }, { name: 'T1', date }], '2025-09-01');
    expect(t1).toMatchObject({ occasion: 'T1', status, expected: { date: '2025-07-15', earliest: '2025-06-15', latest: '2025-08-14' } });
  });

  test('an expected occasion not held is due until its window closes, then missed; a later one is placed from the expected date', () => {
    const held = [{ name: 'T0', date: '2025-01-15' }];
    expect(timeOccasions(SPECS, held, '2025-08-14').map((o) => o.status)).toEqual(['on_time', 'due', 'due']);
    expect(timeOccasions(SPECS, held, '2025-08-15').map((o) => o.status)).toEqual(['on_time', 'missed', 'due']);
    expect(timeOccasions(SPECS, held, '2026-02-01').map((o) => o.status)).toEqual(['on_time', 'missed', 'missed']);
    expect(timeOccasions(SPECS, [], '2030-01-01').map((o) => o.status)).toEqual(['due', 'due', 'due']);
  });

  test('months are calendar months; a day past the month end falls on its last day', () => {
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2025-08-31', 6)).toBe('2026-02-28');
    expect(addMonths('2025-11-15', 2)).toBe('2026-01-15');
  });
});
