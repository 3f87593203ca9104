import type { OccasionSpec } from '../grid/index.ts';

/**
 * Whether a case's occasions fall where its grid expects them: `months` after the `after`
 * occasion, give or take `toleranceDays`. A pure function of the grid's occasions, the occasions
 * held and today's date.
 */

export type OccasionTimingStatus = 'on_time' | 'early' | 'late' | 'missed' | 'due';

export interface OccasionTiming {
  occasion: string;
  status: OccasionTimingStatus;
  /** Date held, or null when not held. */
  date: string | null;
  /** The expected window, or null when the grid fixes no time for it (the first occasion). */
  expected: { date: string; earliest: string; latest: string } | null;
}

/**
 * Flags each occasion the grid declares: held ones `on_time`, `early` or `late` against their
 * window, expected ones not held `missed` once the window has passed and `due` before. An anchor
 * occasion not held stands at its own expected date, so later occasions can still be placed.
 *
 * @example
 * timeOccasions([{ id: 'T0' }, { id: 'T1', after: 'T0', months: 6, toleranceDays: 30 }],
 *   [{ name: 'T0', date: '2025-01-10' }], '2025-09-01')
 * // [{ occasion: 'T0', status: 'on_time', ... }, { occasion: 'T1', status: 'missed', ... }]
 */
export function timeOccasions(
  specs: readonly OccasionSpec[],
  held: readonly { name: string; date: string }[],
  today: string,
): OccasionTiming[] {
  const heldDate = new Map(held.map((o) => [o.name, o.date]));
  const byId = new Map(specs.map((s) => [s.id, s]));
  const windows = new Map<string, OccasionTiming['expected']>();

  const windowOf = (id: string, visiting: Set<string>): OccasionTiming['expected'] => {
    if (windows.has(id)) return windows.get(id) ?? null;
    const spec = byId.get(id);
    let result: OccasionTiming['expected'] = null;
    if (spec?.after !== undefined && spec.months !== undefined && !visiting.has(id)) {
      visiting.add(id);
      const anchor = heldDate.get(spec.after) ?? windowOf(spec.after, visiting)?.date ?? null;
      if (anchor !== null) {
        const date = addMonths(anchor, spec.months);
        const tolerance = spec.toleranceDays ?? 0;
        result = { date, earliest: addDays(date, -tolerance), latest: addDays(date, tolerance) };
      }
    }
    windows.set(id, result);
    return result;
  };

  return specs.map((spec) => {
    const expected = windowOf(spec.id, new Set());
    const date = heldDate.get(spec.id) ?? null;
    return { occasion: spec.id, status: statusOf(date, expected, today), date, expected };
  });
}

function statusOf(date: string | null, expected: OccasionTiming['expected'], today: string): OccasionTimingStatus {
  if (date !== null) {
    if (expected === null) return 'on_time';
    if (date < expected.earliest) return 'early';
    if (date > expected.latest) return 'late';
    return 'on_time';
  }
  if (expected !== null && today > expected.latest) return 'missed';
  return 'due';
}

/** `YYYY-MM-DD` plus whole calendar months; a day past the month's end falls on its last day. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return isoDate(new Date(Date.UTC(year, month, Math.min(d, last))));
}

/** `YYYY-MM-DD` plus `days` (negative goes back). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return isoDate(new Date(Date.UTC(y, m - 1, d + days)));
}

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}
