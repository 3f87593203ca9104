import { Code, js, joinCode } from '../code-builder.ts';
import type { ScoreMethodDef } from './score-method.ts';

/** `count`: with `values`, how many answered inputs have one of them (after reversal); else how many are answered. */
export const count = {
  method: 'count',
  usesWeights: false,
  accumulatesPlainSum: false,
  describe: (score, words) =>
    score.values === undefined
      ? `count of the answered among ${words.inputs}`
      : `count of ${words.inputs} whose value (after reversal) is one of ${score.values.join(', ')}`,
  compute: (answered, _eligible, score) =>
    score.values === undefined ? answered.length : answered.filter((v) => score.values!.includes(v.x)).length,
  emitDeclare: ({ acc }) => js`let ${acc} = 0;`,
  emitAccumulate: (x, _w, { acc }, score) => {
    if (score.values === undefined) return new Code('');
    if (score.values.length === 0) return new Code('');
    const tests = score.values.map((value) => js`${x} === ${value}`);
    return js`if (${joinCode(tests, ' || ')}) ${acc}++;`;
  },
  emitResult: ({ acc, answered }, score) => (score.values === undefined ? answered : acc),
} satisfies ScoreMethodDef;
