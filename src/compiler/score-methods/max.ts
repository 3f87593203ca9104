import { js } from '../code-builder.ts';
import type { ScoreMethodDef } from './score-method.ts';

/** `max`: the largest answered value. */
export const max = {
  method: 'max',
  usesWeights: false,
  accumulatesPlainSum: false,
  describe: (_score, words) => `highest value of ${words.inputs}`,
  compute: (answered) => {
    let highest = answered[0]!.x;
    for (const { x } of answered) if (x > highest) highest = x;
    return highest;
  },
  emitDeclare: ({ acc }) => js`let ${acc} = 0;`,
  emitAccumulate: (x, _w, { acc, answered }) => js`if (${answered} === 0 || ${x} > ${acc}) ${acc} = ${x};`,
  emitResult: ({ acc }) => acc,
} satisfies ScoreMethodDef;
