import type { Grid } from '../grid/index.ts';
import type { Issue } from '../errors.ts';
import { pointer } from '../errors.ts';
import type { GridPlan } from './plan.ts';

const code = 'number_not_finite';

/**
 * Numbers the generated code embeds that are not finite: a reversal's `min + max`, a score's
 * possible range, its band limits. The meta-schema bounds every number a grid writes, so this
 * only catches what arithmetic on allowed numbers could still overflow; each issue points at the
 * place to change instead of failing inside code generation.
 */
export function nonFiniteIssues(grid: Grid, plan: GridPlan): Issue[] {
  const issues: Issue[] = [];
  for (const slot of plan.slots) {
    const finite = [...slot.options, slot.weight].every(Number.isFinite) && (!slot.reverse || Number.isFinite(slot.min + slot.max));
    if (!finite) {
      issues.push({
        code,
        path: pointer('scales', slot.scale, 'options'),
        message: `The option values of this scale are too large to score${slot.reverse ? ' a reverse-scored item (min + max overflows)' : ''}.`,
      });
    }
  }
  const scoreIndex = new Map(grid.scores.map((score, i) => [score.id, i]));
  for (const score of plan.scores) {
    const i = scoreIndex.get(score.id) ?? 0;
    if (!Number.isFinite(score.range.min) || !Number.isFinite(score.range.max)) {
      issues.push({ code, path: pointer('scores', i, 'inputs'), message: 'The possible range of this score is too large to compute.' });
    }
    score.bands.forEach((band, k) => {
      if (!Number.isFinite(band.min) || !Number.isFinite(band.max)) {
        issues.push({ code, path: pointer('scores', i, 'bands', k), message: 'This band has a limit that is not a finite number.' });
      }
    });
  }
  // One issue per scale is enough: several items may share it.
  const seen = new Set<string>();
  return issues.filter((issue) => (seen.has(issue.path) ? false : (seen.add(issue.path), true)));
}
