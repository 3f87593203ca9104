import type { Grid } from '../types.ts';
import type { Issue } from '../../errors.ts';
import { pointer } from '../../errors.ts';
import { describeFacetProblem, indexGrid, optionValues, resolveFacetRef, scaleOf } from '../references.ts';
import type { GridRule } from './rule.ts';

const code = 'crosswalk_unknown_item';

/**
 * The crosswalk (`previous`) agrees with this version's items. Whether it agrees with the previous
 * version itself is checked where both versions are at hand (src/versions).
 */
export const crosswalkUnknownItem = {
  code,
  description:
    "The crosswalk to the previous version names this version's items correctly: renamed and added items exist, old names and removed items do not, recoded items and facets exist and map number keys to option values of the new scale.",
  check(grid: Grid): Issue[] {
    const previous = grid.previous;
    if (!previous) return [];
    const index = indexGrid(grid);
    const issues: Issue[] = [];
    const push = (path: string, message: string): void => {
      issues.push({ code, path, message });
    };
    (previous.renamed ?? []).forEach(({ from, to }, k) => {
      if (!index.items.has(to)) {
        push(pointer('previous', 'renamed', k, 'to'), `Renaming ${k + 1} gives as the new id one that no item of this version has.`);
      }
      if (index.items.has(from)) {
        push(
          pointer('previous', 'renamed', k, 'from'),
          `Renaming ${k + 1} gives as the old id one that an item of this version still has; a renamed item's old id cannot stay.`,
        );
      }
    });
    (previous.added ?? []).forEach((id, k) => {
      if (!index.items.has(id)) push(pointer('previous', 'added', k), 'An item listed as added does not exist in this version.');
    });
    (previous.removed ?? []).forEach((id, k) => {
      if (index.items.has(id)) push(pointer('previous', 'removed', k), 'An item listed as removed still exists in this version.');
    });
    (previous.recoded ?? []).forEach((recode, k) => {
      const located = index.items.get(recode.item);
      if (!located) {
        push(pointer('previous', 'recoded', k, 'item'), `Recoding ${k + 1} names an item that this version does not have.`);
        return;
      }
      const resolved = resolveFacetRef(located.item, recode.facet);
      if (!resolved.ok) {
        push(
          pointer('previous', 'recoded', k, 'facet'),
          `The recoding of item \`${recode.item}\` is not valid: ${describeFacetProblem(resolved.problem, located.item.id, located.item)}`,
        );
        return;
      }
      const scale = scaleOf(grid, resolved.facet.scale);
      const values = scale ? optionValues(scale) : undefined;
      for (const [from, to] of Object.entries(recode.map)) {
        const path = pointer('previous', 'recoded', k, 'map', from);
        if (!isNumberKey(from)) {
          push(path, `The recoding of item \`${recode.item}\` maps a key that is not an old value written as a number (e.g. "3").`);
        }
        if (values && !values.includes(to)) {
          push(path, `The recoding of item \`${recode.item}\` maps an old value to one that is not an option value of its scale; those are ${values.join(', ')}.`);
        }
      }
    });
    return issues;
  },
} satisfies GridRule;

/** A key that is the canonical decimal spelling of a finite number, as `String(value)` writes it. */
function isNumberKey(key: string): boolean {
  const value = Number(key);
  return key.trim() !== '' && Number.isFinite(value) && String(value) === key;
}
