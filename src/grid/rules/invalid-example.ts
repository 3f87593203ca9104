import type { Grid, ResponseValue, Scale } from '../types.ts';
import type { Issue } from '../../errors.ts';
import { escapePointerToken, pointer } from '../../errors.ts';
import { facetsOf, isMultiFacet } from '../walk.ts';
import { indexGrid, missingCodes, optionValues, quoteIds, scaleOf } from '../references.ts';
import type { GridRule } from './rule.ts';

const code = 'invalid_example';

/**
 * A worked example's responses are answers a rater could give. Whether its expected scores are
 * right is the compiler's check (it runs the example through the generated scorer).
 */
export const invalidExample = {
  code,
  description:
    'Each response of a worked example is an option value or a missing code of the scale of that item (facet), given as an object keyed by facet for an item with facets.',
  check(grid: Grid): Issue[] {
    const index = indexGrid(grid);
    const issues: Issue[] = [];
    (grid.examples ?? []).forEach((example, i) => {
      // Named by position: an example's name is free text, and messages never echo text.
      const name = `Worked example ${i + 1}`;
      for (const [itemId, response] of Object.entries(example.responses)) {
        const located = index.items.get(itemId);
        if (!located) continue; // unresolved_reference reports it
        const item = located.item;
        const path = pointer('examples', i, 'responses', itemId);
        if (isMultiFacet(item)) {
          if (typeof response !== 'object') {
            issues.push({ code, path, message: `${name} gives item \`${itemId}\` a single answer, but it is rated on several facets; answer it with an object keyed by facet.` });
            continue;
          }
          for (const facet of facetsOf(item)) {
            if (!Object.hasOwn(response, facet.id)) continue;
            const value = response[facet.id];
            const problem = value === undefined ? undefined : checkValue(value, scaleOf(grid, facet.scale));
            if (problem) {
              issues.push({ code, path: `${path}/${escapePointerToken(facet.id)}`, message: `${name} answers facet \`${facet.id}\` of item \`${itemId}\` with ${problem}` });
            }
          }
        } else if (typeof response === 'object') {
          issues.push({ code, path, message: `${name} answers item \`${itemId}\` with an object, but it has a single facet; give its value or missing code directly.` });
        } else {
          const problem = checkValue(response, scaleOf(grid, item.scale));
          if (problem) issues.push({ code, path, message: `${name} answers item \`${itemId}\` with ${problem}` });
        }
      }
    });
    return issues;
  },
} satisfies GridRule;

/** Why a response is not an answer on that scale, or undefined when it is (or the scale is unknown). */
function checkValue(value: ResponseValue, scale: Scale | undefined): string | undefined {
  if (!scale) return undefined; // unresolved_reference reports it
  if (typeof value === 'number') {
    const values = optionValues(scale);
    return values.includes(value) ? undefined : `a value that is not an option value of its scale; those are ${values.join(', ')}.`;
  }
  const codes = missingCodes(scale);
  return codes.includes(value)
    ? undefined
    : `a missing code that its scale does not have; ${codes.length > 0 ? `its missing codes are ${quoteIds(codes).join(', ') || 'all used twice'}` : 'it has none'}.`;
}
