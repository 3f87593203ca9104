import { js } from '../code-builder.ts';
import type { ScoreMethodDef } from './score-method.ts';

/** `weighted_mean`: (w1 x1 + w2 x2 + ...) / (w1 + w2 + ...) over the answered inputs. */
export const weightedMean = {
  method: 'weighted_mean',
  usesWeights: true,
  accumulatesPlainSum: false,
  describe: (score, words) =>
    `weighted mean of ${words.inputs} (weights: ${score.inputs.map((input, i) => `${words.names[i] ?? ''} ${input.weight}`).join(', ')})`,
  compute: (answered) => {
    let weighted = 0;
    let weights = 0;
    for (const { x, w } of answered) {
      weighted += w * x;
      weights += w;
    }
    return weighted / weights;
  },
  emitDeclare: ({ acc, acc2 }) => js`let ${acc} = 0, ${acc2} = 0;`,
  emitAccumulate: (x, w, { acc, acc2 }) => js`${acc} += ${w} * ${x}; ${acc2} += ${w};`,
  emitResult: ({ acc, acc2 }) => js`${acc} / ${acc2}`,
} satisfies ScoreMethodDef;
