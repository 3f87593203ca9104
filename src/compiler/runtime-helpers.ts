import { ROUND_SOURCE, roundHalfAwayFromZero } from '../grid/index.ts';

/**
 * Arithmetic helpers shared by the reference interpreter and the generated scorer.
 *
 * Each helper is written once, as JavaScript source: the generated scorer embeds that source, and
 * the interpreter runs a function built from the very same text, so the two cannot drift apart.
 */

/**
 * Inputs a proportion asks for: ceil(p x n), at least 1. The product is nudged down by 1e-9 first
 * because p x n carries binary error (0.1 x 3 x 10 is 3.0000000000000004, whose ceiling is 4).
 */
export const REQUIRED_SOURCE = `function requiredForProportion(p, n) {
  const r = Math.ceil(p * n - 1e-9);
  return r < 1 ? 1 : r;
}`;

/** Every helper, as it appears at the top of a generated scorer. */
export const RUNTIME_SOURCE = `${ROUND_SOURCE}\n\n${REQUIRED_SOURCE}\n`;

// eslint-disable-next-line @typescript-eslint/no-implied-eval -- the same fixed source the scorer embeds
const makeHelpers = new Function(`${REQUIRED_SOURCE}\nreturn { requiredForProportion };`) as () => {
  requiredForProportion: (p: number, n: number) => number;
};
const helpers = makeHelpers();

export { roundHalfAwayFromZero };

/** Inputs required by `minAnswered: { proportion: p }` out of `n` eligible inputs (at least 1). */
export const requiredForProportion: (p: number, n: number) => number = helpers.requiredForProportion;
