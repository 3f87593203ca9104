import type { Grid } from '../types.ts';
import type { Issue } from '../../errors.ts';
import { pointer } from '../../errors.ts';
import { findCycles } from './find-cycles.ts';
import type { Edge } from './find-cycles.ts';
import type { GridRule } from './rule.ts';

const code = 'invalid_occasion';

/** An occasion's timing must be anchored on another occasion, and never (even indirectly) on itself. */
export const invalidOccasion = {
  code,
  description: 'An occasion with `months` or `toleranceDays` names the occasion it follows (`after`), and no occasion follows itself, directly or not.',
  check(grid: Grid): Issue[] {
    const occasions = grid.occasions ?? [];
    const issues: Issue[] = [];
    occasions.forEach((occasion, i) => {
      if (occasion.after !== undefined) return;
      for (const field of ['months', 'toleranceDays'] as const) {
        if (occasion[field] !== undefined) {
          issues.push({
            code,
            path: pointer('occasions', i, field),
            message: `Occasion \`${occasion.id}\` gives \`${field}\` but not the occasion it follows; add \`after\` (e.g. "T0").`,
          });
        }
      }
    });
    const firstIndex = new Map<string, number>();
    occasions.forEach((occasion, i) => {
      if (!firstIndex.has(occasion.id)) firstIndex.set(occasion.id, i);
    });
    const edgesOf = (id: string): Edge[] => {
      const i = firstIndex.get(id);
      const after = i === undefined ? undefined : occasions[i]?.after;
      return i !== undefined && after !== undefined ? [{ to: after, path: pointer('occasions', i, 'after') }] : [];
    };
    for (const { closing, nodes } of findCycles([...firstIndex.keys()], edgesOf)) {
      issues.push({
        code,
        path: closing.path,
        message:
          nodes.length === 2
            ? `Occasion \`${nodes[0] ?? ''}\` is timed after itself.`
            : `Occasions are timed after each other in a circle (${nodes.join(' -> ')}); one of them must come first.`,
      });
    }
    return issues;
  },
} satisfies GridRule;
