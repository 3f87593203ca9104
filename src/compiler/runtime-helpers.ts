/**
 * Arithmetic helpers shared by the reference interpreter and the generated scorer.
 *
 * Each helper is written once, as JavaScript source: the generated scorer embeds that source, and
 * the interpreter runs a function built from the very same text, so the two cannot drift apart.
 */

/**
 * Round half away from zero to `decimals` places, robust to binary floating error.
 *
 * `Math.floor(scaled + 0.5)` on the magnitude rounds half up; the value is first nudged up by 32
 * ulps (a factor 1 + 2^-47) so that a result binary error left just below one half counts as one
 * half: 1.005 is stored as 1.00499999999999989..., times 100 gives 100.49999999999999, rounded
 * to 1.01 as a person expects. From 2^46 the nudge could pass a half, and from 2^52 a double has
 * no fraction left, so large magnitudes are rounded plainly or returned as they are. No string
 * conversion: this runs once per score per response.
 */
export const ROUND_SOURCE = `function roundHalfAwayFromZero(x, decimals) {
  const factor = 10 ** decimals;
  const scaled = (x < 0 ? -x : x) * factor;
  if (!(scaled < 4503599627370496)) return x;
  const nudged = scaled < 70368744177664 ? scaled * 1.0000000000000071 : scaled;
  const rounded = Math.floor(nudged + 0.5) / factor;
  return x < 0 && rounded !== 0 ? -rounded : rounded;
}`;

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
const makeHelpers = new Function(`${RUNTIME_SOURCE}\nreturn { roundHalfAwayFromZero, requiredForProportion };`) as () => {
  roundHalfAwayFromZero: (x: number, decimals: number) => number;
  requiredForProportion: (p: number, n: number) => number;
};
const helpers = makeHelpers();

/**
 * Round `x` to `decimals` places, half away from zero, as published scoring rules require.
 *
 * @example
 * roundHalfAwayFromZero(1.005, 2); // 1.01
 * roundHalfAwayFromZero(-2.5, 0); // -3
 */
export const roundHalfAwayFromZero: (x: number, decimals: number) => number = helpers.roundHalfAwayFromZero;

/** Inputs required by `minAnswered: { proportion: p }` out of `n` eligible inputs (at least 1). */
export const requiredForProportion: (p: number, n: number) => number = helpers.requiredForProportion;
