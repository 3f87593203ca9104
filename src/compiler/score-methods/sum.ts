import { js } from '../code-builder.ts';
import type { ScoreMethodDef } from './score-method.ts';
import { sumOf } from './score-method.ts';

/** `sum`: x1 + x2 + ...; with `prorate` and fewer than all eligible inputs answered, sum x n / a. */
export const sum = {
  method: 'sum',
  usesWeights: false,
  accumulatesPlainSum: true,
  describe: (score, words) => `sum of ${words.inputs}${score.prorate ? ', prorated to all eligible inputs when some are unanswered (sum x eligible / answered)' : ''}`,
  compute: (answered, eligible, score) => {
    const total = sumOf(answered.map((v) => v.x));
    return score.prorate && answered.length < eligible ? (total * eligible) / answered.length : total;
  },
  emitDeclare: ({ acc }) => js`let ${acc} = 0;`,
  emitAccumulate: (x, _w, { acc }) => js`${acc} += ${x};`,
  emitResult: ({ acc, answered, eligible }, score) =>
    score.prorate ? js`(${answered} < ${eligible} ? ${acc} * ${eligible} / ${answered} : ${acc})` : acc,
} satisfies ScoreMethodDef;
