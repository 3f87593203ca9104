/**
 * The rounding rule of scores (docs/scoring.md): half away from zero, to N decimals. It is written
 * once, as JavaScript source, because three places must agree to the bit: the possible range of a
 * score (band checks), the reference interpreter, and the generated scorer, which embeds this text.
 *
 * `Math.floor(scaled + 0.5)` on the magnitude rounds half up; the value is first nudged up by 32
 * ulps (a factor 1 + 2^-47) so that a result binary error left just below one half counts as one
 * half: 1.005 is stored as 1.00499999999999989..., times 100 gives 100.49999999999999, rounded to
 * 1.01 as a person expects. From 2^46 the nudge could pass a half, and from 2^52 a double has no
 * fraction left, so large magnitudes are rounded plainly or returned as they are. No string
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
 * Round `x` to `decimals` places, half away from zero, as published scoring rules require.
 *
 * @example
 * roundHalfAwayFromZero(1.005, 2); // 1.01
 * roundHalfAwayFromZero(-2.5, 0); // -3
 */
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- the same fixed source the generated scorer embeds
const makeRound = new Function(`${ROUND_SOURCE}\nreturn roundHalfAwayFromZero;`) as () => (x: number, decimals: number) => number;
export const roundHalfAwayFromZero = makeRound();
