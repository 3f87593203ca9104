import type { Grid } from '../types.ts';
import type { Issue } from '../../errors.ts';
import { pointer } from '../../errors.ts';
import { orderedBands } from './band-layout.ts';
import type { GridRule } from './rule.ts';

const code = 'band_overlap';

/** Two bands of a score that share values: a value would have two bands. */
export const bandOverlap = {
  code,
  description: 'The bands of a score do not overlap: every value has at most one band.',
  check(grid: Grid): Issue[] {
    const issues: Issue[] = [];
    grid.scores.forEach((score, i) => {
      let reach: { end: number; id: string } | undefined;
      for (const { band, index } of orderedBands(score)) {
        if (reach && band.min < reach.end) {
          issues.push({
            code,
            path: pointer('scores', i, 'bands', index, 'min'),
            message: `Band \`${band.id}\` of score \`${score.id}\` starts at ${band.min}, inside band \`${reach.id}\` (which ends at ${reach.end}); bands must not overlap.`,
          });
        }
        if (!reach || band.max > reach.end) reach = { end: band.max, id: band.id };
      }
    });
    return issues;
  },
} satisfies GridRule;
