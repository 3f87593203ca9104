/**
 * The benchmark grid scored with fhirpath.js, as a user on FHIR would: responses shaped as a
 * `QuestionnaireResponse` (an answered item carries `valueInteger`, a missing code a
 * `valueCoding`, an unanswered item is left out as FHIR leaves it out), one expression per score
 * compiled once with `fhirpath.compile`, evaluated per response.
 *
 * - `answer.valueInteger` skips missing codes and unanswered items alike;
 * - reversal is `select(7 - $this)`; the answered values of a score, and the lists of its direct
 *   and reversed item ids, are `defineVariable`s;
 * - `round(2)` rounds half up (`(-2.5).round(0)` is -2), which is half away from zero only for
 *   positive values (all scores of this grid are positive);
 * - bands are a second expression over `%value`, and the answered count of a null score (its
 *   reason) a third, evaluated only when the score is null.
 * The model-free evaluation (no FHIR R4 model) is the fastest fhirpath.js offers: with a model,
 * `answer.value` would resolve the choice type at a cost.
 */
import fhirpath from 'fhirpath';
import type { Grid, Responses } from '../../src/grid/index.ts';
import type { NullReason, ScoringOutput, Scorer } from '../../src/compiler/index.ts';
import { itemsOf } from '../../src/grid/index.ts';
import type { ScoreSpec } from './grid.ts';
import { scoreSpecs } from './grid.ts';

/** A FHIR QuestionnaireResponse, as far as this benchmark fills it. */
export interface QuestionnaireResponse {
  resourceType: 'QuestionnaireResponse';
  status: 'completed';
  item: { linkId: string; answer: ({ valueInteger: number } | { valueCoding: { code: string } })[] }[];
}

/** Shapes a response set as a QuestionnaireResponse with items in document order. */
export function toQuestionnaireResponse(itemIds: readonly string[], responses: Responses): QuestionnaireResponse {
  const item: QuestionnaireResponse['item'] = [];
  for (const linkId of itemIds) {
    const v = responses[linkId];
    if (typeof v === 'number') item.push({ linkId, answer: [{ valueInteger: v }] });
    else if (typeof v === 'string') item.push({ linkId, answer: [{ valueCoding: { code: v } }] });
  }
  return { resourceType: 'QuestionnaireResponse', status: 'completed', item };
}

function linkIds(ids: string[]): string {
  return `(${ids.map((id) => `'${id}'`).join(' | ')})`;
}

/** The expressions of one score: its value, its band from `%value`, and its answered count. */
export function fhirPathExpressions(spec: ScoreSpec): { value: string; band: string; answered: string } {
  const direct = spec.items.filter((i) => !i.reverse).map((i) => i.id);
  const reversed = spec.items.filter((i) => i.reverse).map((i) => i.id);
  // The id lists are variables: a literal union inside where() would be rebuilt for every item.
  let ids = `defineVariable('direct', ${linkIds(direct)})`;
  let values = 'item.where(linkId in %direct).answer.valueInteger';
  if (reversed.length > 0) {
    ids += `.defineVariable('reversed', ${linkIds(reversed)})`;
    values += `.combine(item.where(linkId in %reversed).answer.valueInteger.select(${spec.scaleMin + spec.scaleMax} - $this))`;
  }
  let value = spec.method === 'mean' ? '(%v.sum() / %v.count())' : spec.prorate ? `(%v.sum() * ${spec.items.length} / %v.count())` : '%v.sum()';
  if (spec.round !== undefined) value = `${value}.round(${spec.round})`;
  const expression = `${ids}.defineVariable('v', ${values}).select(iif(%v.count() >= ${spec.required}, ${value}, {}))`;
  let band = `'${spec.bands[spec.bands.length - 1]!.id}'`;
  for (let i = spec.bands.length - 2; i >= 0; i--) band = `iif(%value < ${spec.bands[i]!.max}, '${spec.bands[i]!.id}', ${band})`;
  return { value: expression, band, answered: `${ids}.select(${values}.count())` };
}

type Evaluate = (resource: unknown, env?: Record<string, unknown>) => unknown[];

/** A scorer over QuestionnaireResponses (shaped before timing, as they would arrive from FHIR). */
export type FhirScorer = (resource: QuestionnaireResponse) => ScoringOutput;

/** Builds the fhirpath.js scorer of the benchmark grid (expressions compiled once, here). */
export function createFhirPathScorer(grid: Grid): FhirScorer {
  const compiled = scoreSpecs(grid).map((spec) => {
    const expressions = fhirPathExpressions(spec);
    return {
      id: spec.id,
      required: spec.required,
      value: fhirpath.compile(expressions.value) as Evaluate,
      band: fhirpath.compile(expressions.band) as Evaluate,
      answered: fhirpath.compile(expressions.answered) as Evaluate,
    };
  });
  const empty = {};
  return (resource) => {
    const out: ScoringOutput = { scores: {}, bands: {}, reasons: {} };
    for (const score of compiled) {
      const value = score.value(resource)[0];
      if (typeof value === 'number') {
        out.scores[score.id] = value;
        out.bands[score.id] = score.band(empty, { value })[0] as string;
      } else {
        out.scores[score.id] = null;
        out.bands[score.id] = null;
        const reason: NullReason = { reason: 'insufficient_data', answered: score.answered(resource)[0] as number, required: score.required };
        out.reasons[score.id] = reason;
      }
    }
    return out;
  };
}

/** The scorer of plain responses through the QuestionnaireResponse shape (for agreement checks). */
export function fhirPathOverResponses(grid: Grid): Scorer {
  const ids = itemsOf(grid).map(({ item }) => item.id);
  const scorer = createFhirPathScorer(grid);
  return (responses) => scorer(toQuestionnaireResponse(ids, responses));
}
