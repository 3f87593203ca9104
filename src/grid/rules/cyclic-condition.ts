import type { Grid } from '../types.ts';
import type { Issue } from '../../errors.ts';
import { indexGrid } from '../references.ts';
import { findCycles } from './find-cycles.ts';
import type { Edge } from './find-cycles.ts';
import type { GridRule } from './rule.ts';

const code = 'cyclic_condition';

/** Conditional items must not depend on themselves, directly or through other items. */
export const cyclicCondition = {
  code,
  description: 'Conditions form no cycle (an item is never shown depending, directly or not, on itself).',
  check(grid: Grid): Issue[] {
    const index = indexGrid(grid);
    const edgesOf = (id: string): Edge[] => {
      const located = index.items.get(id);
      const when = located?.item.when;
      return located && when ? [{ to: when.item, path: `${located.path}/when` }] : [];
    };
    return findCycles([...index.items.keys()], edgesOf).map(({ closing, nodes }) => ({
      code,
      path: closing.path,
      message:
        nodes.length === 2
          ? `Item \`${nodes[0] ?? ''}\` is conditional on itself; it could never be shown.`
          : `Conditions go round in a circle (${nodes.map((id) => `\`${id}\``).join(' -> ')}); none of these items could be shown first.`,
    }));
  },
} satisfies GridRule;
