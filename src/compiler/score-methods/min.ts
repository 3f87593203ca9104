import { js } from '../code-builder.ts';
import type { ScoreMethodDef } from './score-method.ts';

/** `min`: the smallest answered value. */
export const min = {
  method: 'min',
  usesWeights: false,
  accumulatesPlainSum: false,
  describe: (_score, words) => `lowest value of ${words.inputs}`,
  compute: (answered) => {
    let lowest = answered[0]!.x;
    for (const { x } of answered) if (x < lowest) lowest = x;
    return lowest;
  },
  emitDeclare: ({ acc }) => js`let ${acc} = 0;`,
  emitAccumulate: (x, _w, { acc, answered }) => js`if (${answered} === 0 || ${x} < ${acc}) ${acc} = ${x};`,
  emitResult: ({ acc }) => acc,
} satisfies ScoreMethodDef;
