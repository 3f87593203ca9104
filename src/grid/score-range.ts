import type { Grid, Score } from './types.ts';
import { indexGrid, optionValues, scaleOf } from './references.ts';
import type { GridIndex } from './references.ts';
import { expandScoreInputs } from './score-inputs.ts';
import { roundHalfAwayFromZero } from './rounding.ts';

/** The lowest and highest value a score can take. */
export interface ScoreRange {
  min: number;
  max: number;
}

/**
 * The possible range of every score, as docs/scoring.md ("Bands") defines it: an item input spans
 * its scale's lowest to highest option value, a score input that score's range; `sum` adds the
 * ranges, `mean`, `weighted_mean`, `min` and `max` go from the lowest input minimum to the highest
 * input maximum, `count` from 0 to the number of inputs; `round` rounds both ends.
 *
 * A score whose range cannot be known (an unresolved input, a scale without options, a cycle among
 * scores) is left out of the result; the semantic rules report why.
 *
 * @example
 * scoreRanges(grid).totale // { min: 6, max: 24 }
 */
export function scoreRanges(grid: Grid): Record<string, ScoreRange> {
  const index = indexGrid(grid);
  const done = new Map<string, ScoreRange | undefined>();
  const visiting = new Set<string>();

  const rangeOf = (score: Score): ScoreRange | undefined => {
    if (done.has(score.id)) return done.get(score.id);
    if (visiting.has(score.id)) return undefined;
    visiting.add(score.id);
    const range = computeRange(grid, score, index, (id) => {
      const located = index.scores.get(id);
      return located ? rangeOf(located.score) : undefined;
    });
    visiting.delete(score.id);
    done.set(score.id, range);
    return range;
  };

  // No prototype: a score may be called `constructor`, and a lookup must not find Object's.
  const out = Object.create(null) as Record<string, ScoreRange>;
  for (const score of grid.scores) {
    if (Object.hasOwn(out, score.id)) continue;
    const range = rangeOf(score);
    if (range) out[score.id] = range;
  }
  return out;
}

function computeRange(
  grid: Grid,
  score: Score,
  index: GridIndex,
  rangeOfScore: (id: string) => ScoreRange | undefined,
): ScoreRange | undefined {
  const { inputs, complete } = expandScoreInputs(grid, score, index);
  if (!complete || inputs.length === 0) return undefined;
  const ranges: ScoreRange[] = [];
  for (const input of inputs) {
    const range = input.kind === 'item' ? scaleRange(grid, input.scale) : rangeOfScore(input.score);
    if (!range) return undefined;
    ranges.push(range);
  }
  let range: ScoreRange;
  switch (score.method) {
    case 'sum':
      range = ranges.reduce((acc, r) => ({ min: acc.min + r.min, max: acc.max + r.max }), { min: 0, max: 0 });
      break;
    case 'mean':
    case 'weighted_mean':
    case 'min':
    case 'max':
      range = { min: Math.min(...ranges.map((r) => r.min)), max: Math.max(...ranges.map((r) => r.max)) };
      break;
    case 'count':
      range = { min: 0, max: inputs.length };
      break;
  }
  if (score.round === undefined) return range;
  return { min: roundHalfAwayFromZero(range.min, score.round), max: roundHalfAwayFromZero(range.max, score.round) };
}

function scaleRange(grid: Grid, scaleId: string | undefined): ScoreRange | undefined {
  const scale = scaleOf(grid, scaleId);
  if (!scale || scale.options.length === 0) return undefined;
  const values = optionValues(scale);
  return { min: Math.min(...values), max: Math.max(...values) };
}
