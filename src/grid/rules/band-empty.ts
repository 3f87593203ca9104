import type { Grid } from '../types.ts';
import type { Issue } from '../../errors.ts';
import { pointer } from '../../errors.ts';
import { nameAmong } from '../references.ts';
import type { GridRule } from './rule.ts';

const code = 'band_empty';

/** A band `[min, max)` with `min >= max` holds no value. */
export const bandEmpty = {
  code,
  description: "A band's `min` is below its `max`.",
  check(grid: Grid): Issue[] {
    const scoreIds = grid.scores.map((score) => score.id);
    return grid.scores.flatMap((score, i) =>
      (score.bands ?? []).flatMap((band, j) =>
        band.min < band.max
          ? []
          : [
              {
                code,
                path: pointer('scores', i, 'bands', j),
                message: `${nameAmong('Band', (score.bands ?? []).map((b) => b.id), j)} of ${nameAmong('score', scoreIds, i)} holds no value: its \`min\` must be below its \`max\`.`,
              },
            ],
      ),
    );
  },
} satisfies GridRule;
