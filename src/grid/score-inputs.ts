import type { Grid, Score } from './types.ts';
import { itemsOfSection } from './walk.ts';
import { indexGrid, resolveFacetRef } from './references.ts';
import type { GridIndex } from './references.ts';

/** One input of a score after expansion (docs/scoring.md, "Score inputs"). */
export type ExpandedInput =
  | {
      kind: 'item';
      item: string;
      /** Facet id; `value` for a single-facet item. */
      facet: string;
      /** Scale id of that facet (undefined when the item names none). */
      scale: string | undefined;
      /** Position of the input in `score.inputs` it came from. */
      inputIndex: number;
    }
  | { kind: 'score'; score: string; inputIndex: number };

export interface ExpandedInputs {
  inputs: ExpandedInput[];
  /** False when some input names something that does not exist (those inputs are left out). */
  complete: boolean;
}

/**
 * Expand a score's inputs in order: an item (facet) stays one input, a section becomes every item
 * of it and of its subsections (the named facet of each, or the only facet of single-facet items),
 * a score stays one input. Unresolvable inputs are left out and mark the expansion incomplete.
 */
export function expandScoreInputs(grid: Grid, score: Score, index: GridIndex = indexGrid(grid)): ExpandedInputs {
  const inputs: ExpandedInput[] = [];
  let complete = true;
  score.inputs.forEach((input, inputIndex) => {
    if ('item' in input) {
      const located = index.items.get(input.item);
      const resolved = located ? resolveFacetRef(located.item, input.facet) : undefined;
      if (!resolved?.ok) {
        complete = false;
        return;
      }
      inputs.push({ kind: 'item', item: input.item, facet: resolved.facet.id, scale: resolved.facet.scale, inputIndex });
    } else if ('section' in input) {
      if (!index.sections.has(input.section)) {
        complete = false;
        return;
      }
      for (const { item } of itemsOfSection(grid, input.section)) {
        // With a facet every item there must have it; without, every item must be single-facet.
        const resolved = resolveFacetRef(item, input.facet);
        if (!resolved.ok) {
          complete = false;
          continue;
        }
        inputs.push({ kind: 'item', item: item.id, facet: resolved.facet.id, scale: resolved.facet.scale, inputIndex });
      }
    } else {
      if (!index.scores.has(input.score)) {
        complete = false;
        return;
      }
      inputs.push({ kind: 'score', score: input.score, inputIndex });
    }
  });
  return { inputs, complete };
}
