import type { Grid } from '../types.ts';
import type { Issue } from '../../errors.ts';
import { pointer } from '../../errors.ts';
import { indexGrid, nameAmong, optionValues, scaleOf } from '../references.ts';
import { expandScoreInputs } from '../score-inputs.ts';
import type { GridRule } from './rule.ts';

const code = 'invalid_score_rule';

/** Score options that only make sense for some methods, and missing-data rules that can never be met. */
export const invalidScoreRule = {
  code,
  description:
    'No input read twice once sections are expanded; `prorate` only on `sum`; `values` only on `count` and only values of the inputs\' scales; `minAnswered.count` at most the number of inputs; every score has at least one input once sections are expanded.',
  check(grid: Grid): Issue[] {
    const index = indexGrid(grid);
    const issues: Issue[] = [];
    const scoreIds = grid.scores.map((score) => score.id);
    grid.scores.forEach((score, i) => {
      const at = (...tokens: (string | number)[]): string => pointer('scores', i, ...tokens);
      const name = nameAmong('Score', scoreIds, i);
      if (score.prorate === true && score.method !== 'sum') {
        issues.push({ code, path: at('prorate'), message: `${name} is a \`${score.method}\`; only a \`sum\` can be prorated.` });
      }
      const { inputs, complete } = expandScoreInputs(grid, score, index);
      if (score.values !== undefined) {
        if (score.method !== 'count') {
          issues.push({ code, path: at('values'), message: `${name} is a \`${score.method}\`; only a \`count\` takes \`values\` to count.` });
        } else if (complete && inputs.every((input) => input.kind === 'item')) {
          const allowed = new Set<number>();
          for (const input of inputs) {
            const scale = input.kind === 'item' ? scaleOf(grid, input.scale) : undefined;
            for (const value of scale ? optionValues(scale) : []) allowed.add(value);
          }
          score.values.forEach((value, k) => {
            if (!allowed.has(value)) {
              issues.push({
                code,
                path: at('values', k),
                message: `${name} counts a value that is not an option value of the scales of its inputs; those values are ${[...allowed].sort((a, b) => a - b).join(', ')}.`,
              });
            }
          });
        }
      }
      // An input read twice would count twice, and a version diff could not tell the multiplicity.
      const firstInput = new Map<string, number>();
      const reported = new Set<number>();
      for (const input of inputs) {
        const key = input.kind === 'item' ? JSON.stringify(['item', input.item, input.facet]) : JSON.stringify(['score', input.score]);
        const first = firstInput.get(key);
        if (first === undefined) {
          firstInput.set(key, input.inputIndex);
          continue;
        }
        if (reported.has(input.inputIndex)) continue;
        reported.add(input.inputIndex);
        const what = input.kind === 'item' ? 'an item' : 'a score';
        issues.push({
          code,
          path: at('inputs', input.inputIndex),
          message: `${name} reads ${what} that its input ${first + 1} already reads (sections count every item in them); each input may be read once.`,
        });
      }
      if (!complete) return; // unresolved_reference reports the inputs that name nothing
      if (inputs.length === 0) {
        issues.push({ code, path: at('inputs'), message: `${name} has no inputs: the sections it names contain no items.` });
        return;
      }
      if (score.minAnswered && 'count' in score.minAnswered && score.minAnswered.count > inputs.length) {
        issues.push({
          code,
          path: at('minAnswered', 'count'),
          message: `${name} asks for more answered inputs than the ${inputs.length} it has; it could never have a value.`,
        });
      }
    });
    return issues;
  },
} satisfies GridRule;
