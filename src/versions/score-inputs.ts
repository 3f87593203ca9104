import type { Grid, Score } from '../grid/index.ts';
import { expandScoreInputs, itemsOf } from '../grid/index.ts';

/** One expanded input of a score: an item facet or another score, with its weight override. */
export type InputAtom =
  | { kind: 'item'; item: string; facet: string; weight: number | undefined }
  | { kind: 'score'; score: string; weight: number | undefined };

/**
 * A score's inputs with section inputs expanded to their items (docs/scoring.md, "Score inputs"),
 * so that listing a section or its items one by one compare equal. Each keeps the `weight` its
 * input declares (a section input declares none).
 */
export function expandInputs(grid: Grid, score: Score): InputAtom[] {
  return expandScoreInputs(grid, score).inputs.map((input): InputAtom => {
    const source = score.inputs[input.inputIndex];
    const weight = source !== undefined && 'weight' in source ? source.weight : undefined;
    return input.kind === 'item' ? { kind: 'item', item: input.item, facet: input.facet, weight } : { kind: 'score', score: input.score, weight };
  });
}

/** Ids of the items a grid's scores read, directly or through sections. */
export function scoredItemIds(grid: Grid): Set<string> {
  const known = new Set(itemsOf(grid).map((located) => located.item.id));
  const out = new Set<string>();
  for (const score of grid.scores) {
    for (const atom of expandInputs(grid, score)) {
      if (atom.kind === 'item' && known.has(atom.item)) out.add(atom.item);
    }
  }
  return out;
}
