import type { ScoreMethod } from '../../grid/index.ts';
import type { Code } from '../code-builder.ts';
import type { PlanScore } from '../plan.ts';

/** One answered input: its value (after reversal) and its weight. */
export interface AnsweredValue {
  x: number;
  w: number;
}

/** The names a method's generated code may use inside one score's block. */
export interface EmitNames {
  /** Answered inputs so far (incremented after `accumulate`). */
  answered: Code;
  /** Eligible inputs. */
  eligible: Code;
  /** Two accumulators, declared by `declare`. */
  acc: Code;
  acc2: Code;
}

/** What a method needs to know of a score, before its range is known. */
export type ScoreShape = Pick<PlanScore, 'method' | 'inputs' | 'prorate'> & { values?: number[] };

/**
 * A scoring method, owning everything the compiler does with it: words for the codebook, the
 * possible range, the reference computation and the generated code. The shared code never
 * branches on a method; it asks the definition.
 */
export interface ScoreMethodDef {
  method: ScoreMethod;
  /** Whether input weights change the value (they enter the rule hash only then). */
  usesWeights: boolean;
  /**
   * Whether the accumulator `acc` holds the plain sum of the answered values (and nothing else),
   * so that a score over the union of other scores' inputs may start from their sums.
   */
  accumulatesPlainSum: boolean;
  /** The computation in words, e.g. `mean of 7 items (reversed: a, b)`. */
  describe(score: ScoreShape, words: { inputs: string; names: string[] }): string;
  /** Reference value over the answered inputs (at least one), `eligible` being n. */
  compute(answered: AnsweredValue[], eligible: number, score: ScoreShape): number;
  /** Statements declaring the accumulators, once per response. */
  emitDeclare(names: EmitNames): Code;
  /** Statements folding one answered value `x` (with constant weight `w`) into the accumulators. */
  emitAccumulate(x: Code, w: number, names: EmitNames, score: ScoreShape): Code;
  /** Expression of the value, once at least one input is answered. */
  emitResult(names: EmitNames, score: ScoreShape): Code;
}

/** Sum of values left to right, the order every implementation uses. */
export function sumOf(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
