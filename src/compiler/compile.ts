import type { Grid } from '../grid/index.ts';
import { canonicalJson, sha256Hex } from '../grid/index.ts';
import { GridInvalidError } from '../errors.ts';
import { checkExamples } from './check-examples.ts';
import { createResponseChecker } from './check-responses.ts';
import { codebookToCsv, emitCodebook, languagesOf } from './emit-codebook.ts';
import { emitForm } from './emit-form.ts';
import { emitResponseSchema } from './emit-response-schema.ts';
import { emitScorer } from './emit-scorer.ts';
import { emitShaper } from './emit-shaper.ts';
import { emitTypes } from './emit-types.ts';
import { planGrid } from './plan.ts';
import type { GridPlan } from './plan.ts';
import { nonFiniteIssues } from './check-finite.ts';
import { NonFiniteLiteralError } from './code-builder.ts';
import { ruleHashes } from './rule-hash.ts';
import type { CompiledGrid } from './types.ts';

/**
 * Compile a validated grid version: plan it, emit every artifact, then run its worked examples
 * against the generated scorer. Throws GridInvalidError (`example_invalid`, `example_mismatch`)
 * when an example disagrees, so a grid carries its own tests, and `number_not_finite` when a
 * number the generated code must embed overflows.
 *
 * @example
 * const compiled = compileGrid(grid);
 * compiled.score({ salute: 4, scuola: 'NA' }).scores;
 */
export function compileGrid(grid: Grid): CompiledGrid {
  const plan = planGrid(grid);
  const overflow = nonFiniteIssues(grid, plan);
  if (overflow.length > 0) throw new GridInvalidError(`Grid ${grid.id}@${grid.version}: numbers too large to compile.`, overflow);
  try {
    return emitAll(grid, plan);
  } catch (error) {
    // Any other overflow met while generating code is still the grid's fault, not a crash.
    if (error instanceof NonFiniteLiteralError) {
      throw new GridInvalidError(`Grid ${grid.id}@${grid.version}: a computed number is not finite.`, [
        { code: 'number_not_finite', path: '', message: 'The grid leads to a number too large to compute; use smaller option values, weights or band limits.' },
      ]);
    }
    throw error;
  }
}

function emitAll(grid: Grid, plan: GridPlan): CompiledGrid {
  const responseSchema = emitResponseSchema(grid, plan, 'submitted');
  const draftResponseSchema = emitResponseSchema(grid, plan, 'draft');
  const checkResponses = createResponseChecker({ submitted: responseSchema, draft: draftResponseSchema });
  const scorer = emitScorer(plan);
  const codebook = emitCodebook(grid, plan);

  const issues = checkExamples(grid, scorer.score, checkResponses);
  if (issues.length > 0) {
    throw new GridInvalidError(`Grid ${grid.id}@${grid.version}: ${issues.length} worked example expectation(s) fail.`, issues);
  }

  const scoreLabels = Object.fromEntries(grid.scores.map((score) => [score.id, score.label.it]));
  return {
    grid,
    sha256: sha256Hex(canonicalJson(grid)),
    ruleHashes: ruleHashes(plan),
    responseSchema,
    draftResponseSchema,
    checkResponses,
    shape: emitShaper(plan),
    score: scorer.score,
    scorerSource: scorer.moduleSource,
    form: (lang) => emitForm(grid, lang),
    codebook,
    codebookCsv: codebookToCsv(codebook, languagesOf(grid)),
    types: () => emitTypes(plan, draftResponseSchema, scoreLabels),
  };
}
