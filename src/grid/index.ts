/** The grid definition language: types, meta-schema validation and semantic rules. */
export type * from './types.ts';
export * from './walk.ts';
export * from './canonical.ts';
export { validateGrid } from './validate.ts';
export type { GridCheck } from './validate.ts';
export { parseGridText, readGridFile } from './load.ts';
export { scoreRanges } from './score-range.ts';
export { ROUND_SOURCE, roundHalfAwayFromZero } from './rounding.ts';
export type { ScoreRange } from './score-range.ts';
export { gridRules } from './rules/index.ts';
export type { GridRule } from './rules/index.ts';
export { expandScoreInputs } from './score-inputs.ts';
export type { ExpandedInput, ExpandedInputs } from './score-inputs.ts';
export { textsOf } from './texts.ts';
export type { LocatedText } from './texts.ts';
