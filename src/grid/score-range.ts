import type { Grid, Score } from './types.ts';
import { indexGrid, optionValues, scaleOf } from './references.ts';
import type { GridIndex } from './references.ts';
import { expandScoreInputs } from './score-inputs.ts';
import type { ExpandedInput } from './score-inputs.ts';
import { roundHalfAwayFromZero } from './rounding.ts';

/** The lowest and highest value a score can take. */
export interface ScoreRange {
  min: number;
  max: number;
}

/**
 * The possible range of every score, as docs/scoring.md ("Bands") defines it: an item input spans
 * its scale's lowest to highest option value, a score input that score's range; `sum` goes from the
 * lowest to the highest total of any set of answered inputs the missing-data rule accepts
 * (conditional inputs may be inactive), a prorated `sum` from e x the lowest input minimum to
 * e x the highest input maximum over the possible numbers e of eligible inputs; `mean`,
 * `weighted_mean`, `min` and `max` go from the lowest input minimum to the highest input maximum,
 * `count` from 0 to the number of inputs; `round` rounds both ends. This is the one definition:
 * the band rules and the compiler both read it.
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
      range = sumRange(score, inputs.map((input, k) => ({ ...ranges[k]!, optional: isConditional(index, input) })));
      break;
    case 'mean':
    case 'weighted_mean':
    case 'min':
    case 'max':
      range = envelope(ranges);
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

function envelope(ranges: readonly ScoreRange[]): ScoreRange {
  return { min: Math.min(...ranges.map((r) => r.min)), max: Math.max(...ranges.map((r) => r.max)) };
}

/** An item input whose item has a condition may be inactive, so not eligible; other inputs always are. */
function isConditional(index: GridIndex, input: ExpandedInput): boolean {
  return input.kind === 'item' && index.items.get(input.item)?.item.when !== undefined;
}

/** How many answered inputs the rule requires of `eligible` eligible ones (docs/scoring.md, `r`). */
function required(score: Score, eligible: number): number {
  const rule = score.minAnswered;
  const r = rule === undefined ? eligible : 'count' in rule ? rule.count : Math.ceil(rule.proportion * eligible - 1e-9);
  return Math.max(1, r);
}

/** Sum of the `k` smallest (or largest) of `values`, for each k: prefix sums of the sorted values. */
function prefixSums(values: number[], order: 'lowest' | 'highest'): number[] {
  const sorted = [...values].sort((a, b) => (order === 'lowest' ? a - b : b - a));
  const out = [0];
  for (const value of sorted) out.push(out.at(-1)! + value);
  return out;
}

/**
 * Range of a `sum`. The always-eligible inputs (unconditional items, scores) are `u`; each
 * conditional input may be inactive. A value needs `a >= r(e)` answered of `e` eligible inputs,
 * and answering a conditional input makes it eligible, so the cheapest eligible set is the
 * always-eligible inputs plus the answered conditional ones. Over every admissible choice of how
 * many always-eligible (su) and conditional (sc) inputs are answered, the extremes take the su and
 * sc inputs with the lowest minima (highest maxima). With `prorate` the value is the mean of the
 * answered values times e, so it lies between e x the lowest minimum and e x the highest maximum.
 */
function sumRange(score: Score, inputs: readonly (ScoreRange & { optional: boolean })[]): ScoreRange {
  const always = inputs.filter((input) => !input.optional);
  const optional = inputs.filter((input) => input.optional);
  const lowAlways = prefixSums(always.map((r) => r.min), 'lowest');
  const lowOptional = prefixSums(optional.map((r) => r.min), 'lowest');
  const highAlways = prefixSums(always.map((r) => r.max), 'highest');
  const highOptional = prefixSums(optional.map((r) => r.max), 'highest');
  const lowest = Math.min(...inputs.map((r) => r.min));
  const highest = Math.max(...inputs.map((r) => r.max));
  let min = Infinity;
  let max = -Infinity;
  for (let su = 0; su <= always.length; su++) {
    for (let sc = 0; sc <= optional.length; sc++) {
      const answered = su + sc;
      const eligible = always.length + sc;
      if (answered < required(score, eligible)) continue;
      if (score.prorate === true) {
        min = Math.min(min, eligible * lowest);
        max = Math.max(max, eligible * highest);
      } else {
        min = Math.min(min, lowAlways[su]! + lowOptional[sc]!);
        max = Math.max(max, highAlways[su]! + highOptional[sc]!);
      }
    }
  }
  // No admissible set (minAnswered above the inputs, which invalid_score_rule reports): the score
  // is always null, and the plain sum of the ranges keeps the bands checkable.
  if (min > max) return { min: sumOf(inputs.map((r) => r.min)), max: sumOf(inputs.map((r) => r.max)) };
  return { min, max };
}

function sumOf(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
