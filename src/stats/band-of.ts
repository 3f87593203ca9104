import type { Band } from '../grid/index.ts';

/**
 * The band holding a value, by the rule of docs/scoring.md: `min <= v < max`, and the band with the
 * highest `max` also holds `v = max`. `null` when no band holds it. Used for values the scorer did
 * not compute itself (the mean of several informants).
 */
export function bandOf(value: number, bands: readonly Band[]): string | null {
  let top: Band | undefined;
  for (const band of bands) if (top === undefined || band.max > top.max) top = band;
  for (const band of bands) {
    if (value >= band.min && (value < band.max || (band === top && value === band.max))) return band.id;
  }
  return null;
}
