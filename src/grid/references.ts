import type { Grid, Item, Scale, Score } from './types.ts';
import { facetsOf, isMultiFacet, itemsOf, sectionsOf } from './walk.ts';
import type { LocatedItem, LocatedSection, ResolvedFacet } from './walk.ts';
import { pointer } from '../errors.ts';

/** A score with where it sits. */
export interface LocatedScore {
  score: Score;
  /** Position in `grid.scores`. */
  index: number;
  path: string;
}

/**
 * Lookup tables of a grid by id. When an id is used twice the first occurrence wins (the
 * `duplicate_id` rule reports the others), so reference checks still see one definition.
 */
export interface GridIndex {
  items: Map<string, LocatedItem>;
  sections: Map<string, LocatedSection>;
  scores: Map<string, LocatedScore>;
}

/** Build the lookup tables of a grid. */
export function indexGrid(grid: Grid): GridIndex {
  const items = new Map<string, LocatedItem>();
  for (const located of itemsOf(grid)) if (!items.has(located.item.id)) items.set(located.item.id, located);
  const sections = new Map<string, LocatedSection>();
  for (const located of sectionsOf(grid)) if (!sections.has(located.section.id)) sections.set(located.section.id, located);
  const scores = new Map<string, LocatedScore>();
  grid.scores.forEach((score, index) => {
    if (!scores.has(score.id)) scores.set(score.id, { score, index, path: pointer('scores', index) });
  });
  return { items, sections, scores };
}

/** The scale of that id, if the grid defines it (own keys only: `constructor` is not a scale). */
export function scaleOf(grid: Grid, id: string | undefined): Scale | undefined {
  if (id === undefined || !Object.hasOwn(grid.scales, id)) return undefined;
  return grid.scales[id];
}

/** Option values of a scale, in document order. */
export function optionValues(scale: Scale): number[] {
  return scale.options.map((option) => option.value);
}

/** Missing codes of a scale. */
export function missingCodes(scale: Scale): string[] {
  return (scale.missing ?? []).map((missing) => missing.code);
}

/** Why a `{ item, facet? }` reference does not name a facet. */
export type FacetProblem = 'facet_required' | 'facet_unknown' | 'facet_not_allowed';

export type FacetResolution = { ok: true; facet: ResolvedFacet } | { ok: false; problem: FacetProblem };

/**
 * Resolve the facet named beside an item reference: an item with facets needs one of them, a
 * single-facet item takes none (its only facet is `value`).
 */
export function resolveFacetRef(item: Item, facet: string | undefined): FacetResolution {
  const facets = facetsOf(item);
  if (isMultiFacet(item)) {
    if (facet === undefined) return { ok: false, problem: 'facet_required' };
    const found = facets.find((candidate) => candidate.id === facet);
    return found ? { ok: true, facet: found } : { ok: false, problem: 'facet_unknown' };
  }
  if (facet !== undefined) return { ok: false, problem: 'facet_not_allowed' };
  const only = facets[0];
  return only ? { ok: true, facet: only } : { ok: false, problem: 'facet_unknown' };
}

/**
 * A sentence explaining a facet problem of a reference to `itemId` (an item that exists). It never
 * repeats the facet the reference gave: that is the wrong value, and messages do not echo it.
 */
export function describeFacetProblem(problem: FacetProblem, itemId: string, item: Item): string {
  const known = quoteIds(facetsOf(item).map((f) => f.id)).join(', ') || 'all used twice';
  switch (problem) {
    case 'facet_required':
      return `Item \`${itemId}\` is rated on several facets (${known}); say which one with \`facet\`.`;
    case 'facet_unknown':
      return `Item \`${itemId}\` has no facet of that name; its facets are ${known}.`;
    case 'facet_not_allowed':
      return `Item \`${itemId}\` has a single facet, so it takes no \`facet\`.`;
  }
}

/**
 * Quote ids for a message, each once, leaving out any used more than once: a duplicated id is a
 * wrong value (`duplicate_id` reports it), and messages never repeat wrong values.
 */
export function quoteIds(ids: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return [...counts].filter(([, count]) => count === 1).map(([id]) => `\`${id}\``);
}

/**
 * Name the element at `index` of a list for a message: "score `totale`", or "score 2" by position
 * when its id is used more than once (see `quoteIds`). `kind` is written as given ("Score" starts a
 * sentence).
 */
export function nameAmong(kind: string, ids: readonly string[], index: number): string {
  const id = ids[index];
  const unique = id !== undefined && ids.indexOf(id) === ids.lastIndexOf(id);
  return unique ? `${kind} \`${id}\`` : `${kind} ${index + 1}`;
}
