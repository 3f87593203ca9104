/** Every scoring method's definition, keyed by method: a method without one does not compile. */
import type { ScoreMethod } from '../../grid/index.ts';
import type { ScoreMethodDef } from './score-method.ts';
import { count } from './count.ts';
import { max } from './max.ts';
import { mean } from './mean.ts';
import { min } from './min.ts';
import { sum } from './sum.ts';
import { weightedMean } from './weighted-mean.ts';

export type { AnsweredValue, EmitNames, ScoreMethodDef, ScoreShape } from './score-method.ts';

const definitions = {
  sum,
  mean,
  weighted_mean: weightedMean,
  count,
  min,
  max,
} satisfies Record<ScoreMethod, ScoreMethodDef>;

/** The registry the shared code asks; it never branches on a method itself. */
export const scoreMethods: Readonly<Record<ScoreMethod, ScoreMethodDef>> = definitions;
