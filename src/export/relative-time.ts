/**
 * Ages and relative dates of an export: the export never carries a calendar date or a birth date,
 * only whole years of age and days since the case's first occasion.
 */

/**
 * Age in whole years on `date` (`YYYY-MM-DD`) of a child born in `birthYearMonth` (`YYYY-MM`).
 * The day of birth is not recorded; the convention is that the birthday falls on the first day of
 * the birth month, so the child counts one year older from the first day of that month. Whole
 * completed months, divided by 12, rounded down.
 *
 * @example
 * ageInYears('2016-04', '2025-03-31') // 8
 * ageInYears('2016-04', '2025-04-01') // 9
 */
export function ageInYears(birthYearMonth: string, date: string): number {
  const birthYear = Number(birthYearMonth.slice(0, 4));
  const birthMonth = Number(birthYearMonth.slice(5, 7));
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return Math.floor(((year - birthYear) * 12 + (month - birthMonth)) / 12);
}

/** Days since the Unix epoch of a `YYYY-MM-DD` date (UTC, so that no time zone shifts a day). */
export function epochDay(date: string): number {
  return Math.round(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000);
}

/**
 * Whole days from `from` to `to` (both `YYYY-MM-DD`).
 *
 * @example
 * daysBetween('2024-12-31', '2025-03-01') // 60
 */
export function daysBetween(from: string, to: string): number {
  return epochDay(to) - epochDay(from);
}
