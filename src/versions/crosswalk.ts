import type { Grid, PreviousLink } from '../grid/index.ts';
import { facetsOf, itemsOf } from '../grid/index.ts';

/**
 * The crosswalk a new version declares from its previous one (`previous` in the grid), read into
 * lookups. `renamed[].from` and `removed` name items of the *old* version; `recoded[].item` names
 * the item as this version calls it (its new id when it was also renamed), as the grid's own rule
 * `crosswalk_unknown_item` requires.
 */
export interface Crosswalk {
  /** Old item id -> new item id, for declared renames. */
  renamed: Map<string, string>;
  /** Old item ids declared removed. */
  removed: Set<string>;
  /**
   * The id an old item has in the new version (its declared new name, else the same id), or
   * undefined when the new version has no such item.
   */
  newIdOf(oldId: string): string | undefined;
  /** The old id of a new item, or undefined when the item is new. */
  oldIdOf(newId: string): string | undefined;
  /** Old value -> new value for one facet of an old item; undefined when it was not recoded. */
  recodeOf(oldItemId: string, facetId: string): Map<number, number> | undefined;
}

/**
 * Read a crosswalk (normally `to.previous`; undefined for none) against the items of both
 * versions. A rename whose old id the old version lacks is left out: it cannot describe this pair.
 */
export function readCrosswalk(from: Grid, to: Grid, previous: PreviousLink | undefined): Crosswalk {
  const oldIds = new Set(itemsOf(from).map((located) => located.item.id));
  const newIds = new Set(itemsOf(to).map((located) => located.item.id));

  const renamed = new Map<string, string>();
  for (const entry of previous?.renamed ?? []) {
    if (oldIds.has(entry.from)) renamed.set(entry.from, entry.to);
  }
  const renameTargets = new Set(renamed.values());
  const removed = new Set(previous?.removed ?? []);

  const newIdOf = (oldId: string): string | undefined => {
    const renamedTo = renamed.get(oldId);
    // An unrenamed id that another old item was renamed to belongs to that other item.
    const candidate = renamedTo ?? (renameTargets.has(oldId) ? undefined : oldId);
    return candidate !== undefined && newIds.has(candidate) ? candidate : undefined;
  };
  const oldIdByNewId = new Map<string, string>();
  for (const oldId of oldIds) {
    const newId = newIdOf(oldId);
    if (newId !== undefined && !oldIdByNewId.has(newId)) oldIdByNewId.set(newId, oldId);
  }

  const recodes = new Map<string, Map<number, number>>();
  const oldItems = new Map(itemsOf(from).map((located) => [located.item.id, located.item]));
  for (const entry of previous?.recoded ?? []) {
    const oldId = oldIdByNewId.get(entry.item);
    const item = oldId === undefined ? undefined : oldItems.get(oldId);
    if (!item) continue;
    // Without `facet` the recode applies to every facet of the item (the only one when single-facet).
    const facetIds = entry.facet !== undefined ? [entry.facet] : facetsOf(item).map((facet) => facet.id);
    const map = new Map<number, number>();
    for (const [oldValue, newValue] of Object.entries(entry.map)) map.set(Number(oldValue), newValue);
    for (const facetId of facetIds) recodes.set(`${item.id}\u0000${facetId}`, map);
  }

  return {
    renamed,
    removed,
    newIdOf,
    oldIdOf: (newId) => oldIdByNewId.get(newId),
    recodeOf: (oldItemId, facetId) => recodes.get(`${oldItemId}\u0000${facetId}`),
  };
}
