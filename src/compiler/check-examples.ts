import type { Grid } from '../grid/index.ts';
import type { Issue } from '../errors.ts';
import { pointer } from '../errors.ts';
import type { ResponsesCheck, Scorer } from './types.ts';

/** Relative tolerance of a number in a worked example (decimal expectations of binary results). */
const RELATIVE_TOLERANCE = 1e-9;

/**
 * Run the grid's worked examples against the generated scorer. Returns `example_invalid` issues
 * (pointing into the example's responses) when an example's responses fail the draft schema,
 * and `example_mismatch` issues (pointing at the expectation) when a score or band disagrees.
 */
export function checkExamples(grid: Grid, score: Scorer, checkResponses: (responses: unknown, status: 'draft') => ResponsesCheck): Issue[] {
  const issues: Issue[] = [];
  (grid.examples ?? []).forEach((example, i) => {
    const check = checkResponses(example.responses, 'draft');
    if (!check.ok) {
      for (const issue of check.issues) {
        issues.push({ code: 'example_invalid', path: pointer('examples', i, 'responses') + issue.path, message: `Worked example "${example.name}": ${issue.message}` });
      }
      return;
    }
    const output = score(example.responses);
    for (const [id, expected] of Object.entries(example.expect.scores)) {
      const actual = Object.hasOwn(output.scores, id) ? output.scores[id] : undefined;
      if (actual !== undefined && sameNumber(actual, expected)) continue;
      issues.push({
        code: 'example_mismatch',
        path: pointer('examples', i, 'expect', 'scores', id),
        message: actual === undefined ? `Worked example "${example.name}" expects score "${id}", which the grid does not define.` : `Worked example "${example.name}" expects ${id} = ${String(expected)}, the scorer gives ${String(actual)}.`,
      });
    }
    for (const [id, expected] of Object.entries(example.expect.bands ?? {})) {
      const actual = Object.hasOwn(output.bands, id) ? output.bands[id] : undefined;
      if (actual === expected) continue;
      issues.push({
        code: 'example_mismatch',
        path: pointer('examples', i, 'expect', 'bands', id),
        message: actual === undefined ? `Worked example "${example.name}" expects a band of "${id}", a score without bands.` : `Worked example "${example.name}" expects band ${String(expected)} for ${id}, the scorer gives ${String(actual)}.`,
      });
    }
  });
  return issues;
}

function sameNumber(actual: number | null, expected: number | null): boolean {
  if (actual === null || expected === null) return actual === expected;
  return Math.abs(actual - expected) <= RELATIVE_TOLERANCE * Math.max(Math.abs(actual), Math.abs(expected));
}
