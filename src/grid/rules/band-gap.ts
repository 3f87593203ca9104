import type { Grid } from '../types.ts';
import type { Issue } from '../../errors.ts';
import { pointer } from '../../errors.ts';
import { scoreRanges } from '../score-range.ts';
import { orderedBands } from './band-layout.ts';
import type { GridRule } from './rule.ts';

const code = 'band_gap';

/** Bands that leave values of the score's possible range without a band. */
export const bandGap = {
  code,
  description:
    "The bands of a score cover its whole possible range (docs/scoring.md): each starts where the previous ends, the first at or below the score's minimum, the last at or above its maximum.",
  check(grid: Grid): Issue[] {
    const ranges = scoreRanges(grid);
    const issues: Issue[] = [];
    grid.scores.forEach((score, i) => {
      const bands = orderedBands(score);
      const first = bands[0];
      if (!first) return;
      const range = Object.hasOwn(ranges, score.id) ? ranges[score.id] : undefined;
      const at = (index: number, end: 'min' | 'max'): string => pointer('scores', i, 'bands', index, end);
      if (range && first.band.min > range.min) {
        issues.push({
          code,
          path: at(first.index, 'min'),
          message: `Score \`${score.id}\` can be as low as ${range.min}, but its lowest band \`${first.band.id}\` starts at ${first.band.min}; values below it would have no band.`,
        });
      }
      let reach = { end: first.band.max, id: first.band.id, index: first.index };
      for (const { band, index } of bands.slice(1)) {
        if (band.min > reach.end) {
          issues.push({
            code,
            path: at(index, 'min'),
            message: `Score \`${score.id}\` has no band from ${reach.end} to ${band.min}: band \`${reach.id}\` ends at ${reach.end} and band \`${band.id}\` starts at ${band.min}.`,
          });
        }
        if (band.max > reach.end) reach = { end: band.max, id: band.id, index };
      }
      if (range && reach.end < range.max) {
        issues.push({
          code,
          path: at(reach.index, 'max'),
          message: `Score \`${score.id}\` can reach ${range.max}, but its highest band \`${reach.id}\` ends at ${reach.end}; values above it would have no band.`,
        });
      }
    });
    return issues;
  },
} satisfies GridRule;
