/**
 * The grid compiler: response schema, types, scorer, form model and codebook of a grid version.
 *
 * Phases, each a pure function in its own file (compile.ts reads them top to bottom):
 *   validated Grid
 *     -> plan.ts                  GridPlan: facet slots, conditions, scores in topological order
 *     -> emit-response-schema.ts  JSON Schema 2020-12 of `responses` (submitted and draft)
 *        check-responses.ts       ajv, compiled once per CompiledGrid, issues with JSON Pointers
 *     -> emit-scorer.ts           generated scoring function (code-builder.ts, score-methods/)
 *        interpreter.ts           the reference implementation it must agree with, bit for bit
 *     -> emit-form.ts, emit-codebook.ts, emit-types.ts, rule-hash.ts
 *     -> check-examples.ts        the grid's worked examples run against the generated scorer
 */
export type * from './types.ts';
export type { Responses } from '../grid/index.ts';
export type { GridPlan, PlanSlot, PlanScore, PlanInput, PlanBand, PlanCondition, ValueRange } from './plan.ts';
export type { JsonSchema, ResponseStatus } from './emit-response-schema.ts';
export type { ResponseIssueCode } from './check-responses.ts';
export type { ScoreMethodDef } from './score-methods/index.ts';
export { compileGrid } from './compile.ts';
export { planGrid } from './plan.ts';
export { interpretScores } from './interpreter.ts';
export { roundHalfAwayFromZero } from './runtime-helpers.ts';
export { scoreMethods } from './score-methods/index.ts';
export { describeRule } from './emit-codebook.ts';
