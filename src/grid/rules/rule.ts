import type { Grid } from '../types.ts';
import type { Issue } from '../../errors.ts';

/**
 * A semantic rule of the grid language: what the meta-schema cannot say (unique ids, resolvable
 * references, acyclic scores, bands covering a score's range, ...). Each rule owns its `code` and
 * only ever emits issues with that code. Rules run on a schema-valid grid and never mutate it.
 */
export interface GridRule {
  /** snake_case code of every issue the rule emits. */
  code: string;
  /** What the rule requires, in one sentence (listed in docs and in `griglie validate --help`). */
  description: string;
  check(grid: Grid): Issue[];
}

/** Track the first place each key was seen and report later ones. */
export function findDuplicates<T>(
  entries: Iterable<{ key: string; path: string; value: T }>,
  report: (duplicate: { key: string; path: string; value: T }, firstPath: string) => Issue,
): Issue[] {
  const seen = new Map<string, string>();
  const issues: Issue[] = [];
  for (const entry of entries) {
    const first = seen.get(entry.key);
    if (first === undefined) seen.set(entry.key, entry.path);
    else issues.push(report(entry, first));
  }
  return issues;
}
