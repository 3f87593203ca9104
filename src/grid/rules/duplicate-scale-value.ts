import type { Grid } from '../types.ts';
import type { Issue } from '../../errors.ts';
import { pointer } from '../../errors.ts';
import { findDuplicates } from './rule.ts';
import type { GridRule } from './rule.ts';

const code = 'duplicate_scale_value';

/** Two options of one scale with the same value. */
export const duplicateScaleValue = {
  code,
  description: 'Each option of a scale has its own value.',
  check(grid: Grid): Issue[] {
    return Object.entries(grid.scales).flatMap(([scaleId, scale]) =>
      findDuplicates(
        scale.options.map((option, j) => ({
          key: String(option.value),
          path: pointer('scales', scaleId, 'options', j, 'value'),
          value: option.value,
        })),
        (dup, first) => ({
          code,
          path: dup.path,
          message: `This option of scale \`${scaleId}\` has the same value as the option at ${first}; each option needs its own value.`,
        }),
      ),
    );
  },
} satisfies GridRule;
