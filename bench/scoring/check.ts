/**
 * Agreement check run before any timing: a benchmark of a scorer that gives wrong results
 * measures nothing. Every result of the scorer under test must equal the reference's exactly
 * (same scores to the bit, same bands, same reasons).
 */
import { isDeepStrictEqual } from 'node:util';
import type { Responses, Scorer } from '../../src/compiler/index.ts';

/** Thrown with the first response on which two scorers disagree. */
export class ScorerDisagreement extends Error {
  constructor(
    readonly scorer: string,
    readonly index: number,
    readonly responses: Responses,
    readonly expected: unknown,
    readonly actual: unknown,
  ) {
    super(
      `${scorer} disagrees with the hand-written scorer on response ${index}: ` +
        `${JSON.stringify(responses)}\n expected ${JSON.stringify(expected)}\n got      ${JSON.stringify(actual)}`,
    );
    this.name = 'ScorerDisagreement';
  }
}

/** Asserts that `scorer` equals `reference` on the first `limit` responses; returns how many were checked. */
export function assertAgreement(name: string, reference: Scorer, scorer: Scorer, responses: readonly Responses[], limit = responses.length): number {
  const n = Math.min(limit, responses.length);
  for (let i = 0; i < n; i++) {
    const r = responses[i]!;
    const expected = reference(r);
    const actual = scorer(r);
    if (!isDeepStrictEqual(expected, actual)) throw new ScorerDisagreement(name, i, r, expected, actual);
  }
  return n;
}
