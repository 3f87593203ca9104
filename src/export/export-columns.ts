/**
 * The columns of an export and how a row is written in CSV (RFC 4180) and NDJSON. `long` has one
 * row per administration and score: the columns describing the case and the administration, then
 * `score`, `value`, `band`. `wide` has one row per case and occasion: the columns describing the
 * case and the occasion (which versions, how many informants, how their values were combined),
 * then a column pair per score (`score.<id>`, `band.<id>`, as the grid's codebook names them).
 */

export type ExportFormat = 'csv' | 'ndjson';
export type ExportLayout = 'long' | 'wide';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'ndjson'];
export const EXPORT_LAYOUTS: readonly ExportLayout[] = ['long', 'wide'];

/** The columns every row of the long layout starts with. */
export const CASE_COLUMNS = [
  'pseudonym',
  'grid',
  'version',
  'occasion',
  'days_since_first',
  'age',
  'age_band',
  'sex',
  'zone',
  'zone_level',
  'informant',
] as const;

export const LONG_SCORE_COLUMNS = ['score', 'value', 'band'] as const;

/** The columns every row of the wide layout starts with (then `score.<id>`, `band.<id>`). */
export const WIDE_CASE_COLUMNS = [
  'pseudonym',
  'grid',
  'versions',
  'occasion',
  'days_since_first',
  'age',
  'age_band',
  'sex',
  'zone',
  'zone_level',
  'informants',
  'value_source',
] as const;

/** Separates the grid versions of one occasion in the `versions` column (oldest first). */
export const VERSION_SEPARATOR = ';';

export type Cell = string | number | null;

/** Quote a CSV field when it holds a comma, a quote or a line break, doubling quotes. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One CSV line (CRLF-terminated); null is an empty field. */
export function csvLine(cells: readonly Cell[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    if (i > 0) line += ',';
    if (cell === null || cell === undefined) continue;
    line += typeof cell === 'number' ? String(cell) : csvField(cell);
  }
  return line + '\r\n';
}

/** One NDJSON line: an object of the columns in order. */
export function ndjsonLine(columns: readonly string[], cells: readonly Cell[], record: string): string {
  const object: Record<string, Cell> = { record };
  for (let i = 0; i < columns.length; i++) object[columns[i]!] = cells[i] ?? null;
  return JSON.stringify(object) + '\n';
}
