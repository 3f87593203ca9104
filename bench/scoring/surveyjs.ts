/**
 * The benchmark grid scored with SurveyJS `survey-core` expressions, as a user who picked SurveyJS
 * would: one `ExpressionRunner` per score built once, run on the response object per response.
 *
 * What the expression language does and does not do here (docs/performance.md repeats it):
 * - a missing code is a string and `{item} >= 1` is false for it, as it is for an absent item, so
 *   `iif({item} >= 1, {item})` yields nothing for both and `count()`/`avg()`/`sum()` skip it;
 * - reversal is `7 - {item}`, the minimum answered a literal (`ceil(0.75 x 8) = 6`, `30`) since
 *   the grid has no conditional items; prorating is `sum(...) * 40 / count(...)`;
 * - `round(x, 2)` is `Math.round(x x 100 x (1 + EPSILON)) / 100`: half up, which is half away from
 *   zero only for positive values (all scores of this grid are positive);
 * - `null` is not a literal the parser accepts, so "no value" is a two-argument `iif`;
 * - bands are a second runner over the score's value, and the answered count of a null score (its
 *   reason) a third, run only when the score is null.
 */
import { ExpressionRunner } from 'survey-core';
import type { Grid } from '../../src/grid/index.ts';
import type { NullReason, ScoringOutput, Scorer } from '../../src/compiler/index.ts';
import type { ScoreSpec } from './grid.ts';
import { scoreSpecs } from './grid.ts';

/** `{id}` when answered with a value (reversed when the item is), nothing otherwise. */
function valueTerm(spec: ScoreSpec, item: { id: string; reverse: boolean }): string {
  const ref = `{${item.id}}`;
  const value = item.reverse ? `${spec.scaleMin + spec.scaleMax} - ${ref}` : ref;
  return `iif(${ref} >= ${spec.scaleMin}, ${value})`;
}

/** The expressions of one score: its value, its band from `{value}`, and its answered count. */
export function surveyJsExpressions(spec: ScoreSpec): { value: string; band: string; answered: string } {
  const terms = spec.items.map((item) => valueTerm(spec, item)).join(', ');
  const answered = `count(${terms})`;
  let value: string;
  if (spec.method === 'mean') value = `avg(${terms})`;
  else value = spec.prorate ? `sum(${terms}) * ${spec.items.length} / ${answered}` : `sum(${terms})`;
  if (spec.round !== undefined) value = `round(${value}, ${spec.round})`;
  value = `iif(${answered} >= ${spec.required}, ${value})`;
  let band = `'${spec.bands[spec.bands.length - 1]!.id}'`;
  for (let i = spec.bands.length - 2; i >= 0; i--) band = `iif({value} < ${spec.bands[i]!.max}, '${spec.bands[i]!.id}', ${band})`;
  return { value, band, answered };
}

/** Builds the SurveyJS scorer of the benchmark grid (expressions parsed once, here). */
export function createSurveyJsScorer(grid: Grid): Scorer {
  const runners = scoreSpecs(grid).map((spec) => {
    const expressions = surveyJsExpressions(spec);
    return {
      id: spec.id,
      required: spec.required,
      value: new ExpressionRunner(expressions.value),
      band: new ExpressionRunner(expressions.band),
      answered: new ExpressionRunner(expressions.answered),
    };
  });
  return (responses) => {
    const out: ScoringOutput = { scores: {}, bands: {}, reasons: {} };
    for (const runner of runners) {
      const value: unknown = runner.value.runValues(responses);
      if (typeof value === 'number') {
        out.scores[runner.id] = value;
        out.bands[runner.id] = runner.band.runValues({ value }) as string;
      } else {
        out.scores[runner.id] = null;
        out.bands[runner.id] = null;
        const reason: NullReason = { reason: 'insufficient_data', answered: runner.answered.runValues(responses) as number, required: runner.required };
        out.reasons[runner.id] = reason;
      }
    }
    return out;
  };
}
