import type { Grid } from '../types.ts';
import type { Issue } from '../../errors.ts';
import { pointer } from '../../errors.ts';
import type { GridRule } from './rule.ts';

const code = 'scale_not_ordered';

/** Options listed out of ascending order of value (forms and codebooks show them as listed). */
export const scaleNotOrdered = {
  code,
  description: 'The options of a scale are listed from the lowest value to the highest.',
  check(grid: Grid): Issue[] {
    const issues: Issue[] = [];
    for (const [scaleId, scale] of Object.entries(grid.scales)) {
      scale.options.forEach((option, j) => {
        const previous = scale.options[j - 1];
        if (previous && option.value < previous.value) {
          issues.push({
            code,
            path: pointer('scales', scaleId, 'options', j, 'value'),
            message: `This option of scale \`${scaleId}\` has a lower value than the option listed before it; list the options from the lowest value to the highest.`,
          });
        }
      });
    }
    return issues;
  },
} satisfies GridRule;
