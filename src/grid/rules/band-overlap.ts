import type { Grid } from '../types.ts';
import type { Issue } from '../../errors.ts';
import { pointer } from '../../errors.ts';
import { orderedBands } from './band-layout.ts';
import { nameAmong } from '../references.ts';
import type { GridRule } from './rule.ts';

const code = 'band_overlap';

/** Two bands of a score that share values: a value would have two bands. */
export const bandOverlap = {
  code,
  description: 'The bands of a score do not overlap: every value has at most one band.',
  check(grid: Grid): Issue[] {
    const issues: Issue[] = [];
    const scoreIds = grid.scores.map((score) => score.id);
    grid.scores.forEach((score, i) => {
      const bandIds = (score.bands ?? []).map((band) => band.id);
      let reach: { end: number; index: number } | undefined;
      for (const { band, index } of orderedBands(score)) {
        if (reach && band.min < reach.end) {
          issues.push({
            code,
            path: pointer('scores', i, 'bands', index, 'min'),
            message: `${nameAmong('Band', bandIds, index)} of ${nameAmong('score', scoreIds, i)} starts inside ${nameAmong('band', bandIds, reach.index)}; bands must not overlap, so it must start where that band ends or above.`,
          });
        }
        if (!reach || band.max > reach.end) reach = { end: band.max, index };
      }
    });
    return issues;
  },
} satisfies GridRule;
