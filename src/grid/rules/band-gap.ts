import type { Grid } from '../types.ts';
import type { Issue } from '../../errors.ts';
import { pointer } from '../../errors.ts';
import { scoreRanges } from '../score-range.ts';
import { orderedBands } from './band-layout.ts';
import { nameAmong } from '../references.ts';
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
    const scoreIds = grid.scores.map((score) => score.id);
    grid.scores.forEach((score, i) => {
      const name = nameAmong('Score', scoreIds, i);
      const bandIds = (score.bands ?? []).map((band) => band.id);
      const bandName = (index: number): string => nameAmong('band', bandIds, index);
      const bands = orderedBands(score);
      const first = bands[0];
      if (!first) return;
      const range = Object.hasOwn(ranges, score.id) ? ranges[score.id] : undefined;
      const at = (index: number, end: 'min' | 'max'): string => pointer('scores', i, 'bands', index, end);
      if (range && first.band.min > range.min) {
        issues.push({
          code,
          path: at(first.index, 'min'),
          message: `${name} can be as low as ${range.min}, but its lowest ${bandName(first.index)} starts above that; values below it would have no band. Start it at ${range.min} or lower.`,
        });
      }
      let reach = { end: first.band.max, index: first.index };
      for (const { band, index } of bands.slice(1)) {
        if (band.min > reach.end) {
          issues.push({
            code,
            path: at(index, 'min'),
            message: `${name} has values in no band between ${bandName(reach.index)} and ${bandName(index)}; each band must start where the one below it ends.`,
          });
        }
        if (band.max > reach.end) reach = { end: band.max, index };
      }
      if (range && reach.end < range.max) {
        issues.push({
          code,
          path: at(reach.index, 'max'),
          message: `${name} can reach ${range.max}, but its highest ${bandName(reach.index)} ends below that; values above it would have no band. End it at ${range.max} or higher.`,
        });
      }
    });
    return issues;
  },
} satisfies GridRule;
