import { js } from '../code-builder.ts';
import type { ScoreMethodDef } from './score-method.ts';
import { sumOf } from './score-method.ts';

/** `mean`: the sum of the answered values divided by how many were answered. */
export const mean = {
  method: 'mean',
  usesWeights: false,
  accumulatesPlainSum: true,
  describe: (_score, words) => `mean of ${words.inputs}`,
  compute: (answered) => sumOf(answered.map((v) => v.x)) / answered.length,
  emitDeclare: ({ acc }) => js`let ${acc} = 0;`,
  emitAccumulate: (x, _w, { acc }) => js`${acc} += ${x};`,
  emitResult: ({ acc, answered }) => js`${acc} / ${answered}`,
} satisfies ScoreMethodDef;
