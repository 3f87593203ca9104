import type { Grid } from '../types.ts';
import type { Issue } from '../../errors.ts';
import { itemsOf } from '../walk.ts';
import { indexGrid, optionValues, resolveFacetRef, scaleOf } from '../references.ts';
import type { GridRule } from './rule.ts';

const code = 'invalid_condition';

/** A condition's values must be values the referenced facet can take, or the item could never show. */
export const invalidCondition = {
  code,
  description: "The values in a condition's `in` are option values of the scale of the item (facet) it looks at.",
  check(grid: Grid): Issue[] {
    const index = indexGrid(grid);
    const issues: Issue[] = [];
    for (const { item, path } of itemsOf(grid)) {
      if (!item.when) continue;
      const target = index.items.get(item.when.item);
      const resolved = target ? resolveFacetRef(target.item, item.when.facet) : undefined;
      const scale = resolved?.ok ? scaleOf(grid, resolved.facet.scale) : undefined;
      if (!scale) continue; // unresolved_reference reports it
      const values = optionValues(scale);
      item.when.in.forEach((value, k) => {
        if (!values.includes(value)) {
          issues.push({
            code,
            path: `${path}/when/in/${k}`,
            message: `Item \`${item.id}\` is shown for a value of \`${target?.item.id ?? ''}\` that its scale does not have; its values are ${values.join(', ')}.`,
          });
        }
      });
    }
    return issues;
  },
} satisfies GridRule;
