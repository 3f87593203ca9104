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
        push(pointer('previous', 'renamed', k, 'to'), `Item \`${from}\` is said to be renamed to \`${to}\`, but this version has no item \`${to}\`.`);
      }
      if (index.items.has(from)) {
        push(
          pointer('previous', 'renamed', k, 'from'),
          `Item \`${from}\` is said to be renamed, but this version still has an item \`${from}\`; a renamed item's old id cannot stay.`,
        );
      }
    });
    (previous.added ?? []).forEach((id, k) => {
      if (!index.items.has(id)) push(pointer('previous', 'added', k), `Item \`${id}\` is listed as added, but this version has no such item.`);
    });
    (previous.removed ?? []).forEach((id, k) => {
      if (index.items.has(id)) push(pointer('previous', 'removed', k), `Item \`${id}\` is listed as removed, but this version still has it.`);
    });
    (previous.recoded ?? []).forEach((recode, k) => {
      const located = index.items.get(recode.item);
      if (!located) {
        push(pointer('previous', 'recoded', k, 'item'), `Item \`${recode.item}\` is listed as recoded, but this version has no such item.`);
        return;
      }
      const resolved = resolveFacetRef(located.item, recode.facet);
      if (!resolved.ok) {
        push(
          pointer('previous', 'recoded', k, 'facet'),
          `The recoding of item \`${recode.item}\` is not valid: ${describeFacetProblem(resolved.problem, recode.item, recode.facet, located.item)}`,
        );
        return;
      }
      const scale = scaleOf(grid, resolved.facet.scale);
      const values = scale ? optionValues(scale) : undefined;
      for (const [from, to] of Object.entries(recode.map)) {
        const path = pointer('previous', 'recoded', k, 'map', from);
        if (!isNumberKey(from)) {
          push(path, `The recoding of item \`${recode.item}\` maps \`${from}\`, which is not an old value written as a number (e.g. "3").`);
        }
        if (values && !values.includes(to)) {
          push(path, `The recoding of item \`${recode.item}\` maps ${from} to ${to}, which is not an option value of its scale (${values.join(', ')}).`);
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
