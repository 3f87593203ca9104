import { addDays } from '../service/index.ts';

/** Whole days from `from` to `to` (both `YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The earlier of two `YYYY-MM-DD` dates. */
export function earlier(a: string, b: string): string {
  return a <= b ? a : b;
}

/** The later of two `YYYY-MM-DD` dates. */
export function later(a: string, b: string): string {
  return a >= b ? a : b;
}

export { addDays };
