import type { Grid } from '../types.ts';
import type { Issue } from '../../errors.ts';
import { pointer } from '../../errors.ts';
import { indexGrid } from '../references.ts';
import { findCycles } from './find-cycles.ts';
import type { Edge } from './find-cycles.ts';
import type { GridRule } from './rule.ts';

const code = 'cyclic_score';

/** Scores over scores must form an acyclic graph, so that each can be computed after its inputs. */
export const cyclicScore = {
  code,
  description: 'Scores computed from other scores form no cycle (a score never depends, directly or not, on itself).',
  check(grid: Grid): Issue[] {
    const index = indexGrid(grid);
    const edgesOf = (id: string): Edge[] => {
      const located = index.scores.get(id);
      if (!located) return [];
      return located.score.inputs.flatMap((input, j) =>
        'score' in input ? [{ to: input.score, path: pointer('scores', located.index, 'inputs', j) }] : [],
      );
    };
    return findCycles([...index.scores.keys()], edgesOf).map(({ closing, nodes }) => ({
      code,
      path: closing.path,
      message:
        nodes.length === 2
          ? `Score \`${nodes[0] ?? ''}\` uses itself as an input; a score cannot be computed from its own value.`
          : `Scores depend on each other in a circle (${nodes.map((id) => `\`${id}\``).join(' -> ')}); none of them could be computed first.`,
    }));
  },
} satisfies GridRule;
