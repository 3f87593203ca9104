import type { Facet, Grid, Item, Section } from './types.ts';
import { pointer } from '../errors.ts';

/** An item found in the section tree, with where it sits. */
export interface LocatedItem {
  item: Item;
  /** JSON Pointer of the item in the grid document. */
  path: string;
  /** Ids of the enclosing sections, outermost first. */
  sectionIds: string[];
  /** Informants allowed to rate it: the innermost section's list, else the grid's. */
  informants: string[];
}

export interface LocatedSection {
  section: Section;
  path: string;
  sectionIds: string[];
}

/** The id every single-facet item's only facet goes by. */
export const SINGLE_FACET_ID = 'value';

/** Every section of the grid in document order (depth first, parents before children). */
export function sectionsOf(grid: Grid): LocatedSection[] {
  const out: LocatedSection[] = [];
  const visit = (sections: Section[], base: string, parents: string[]): void => {
    sections.forEach((section, i) => {
      const path = `${base}/${i}`;
      const sectionIds = [...parents, section.id];
      out.push({ section, path, sectionIds });
      if (section.sections) visit(section.sections, `${path}/sections`, sectionIds);
    });
  };
  visit(grid.sections, pointer('sections'), []);
  return out;
}

/** Every item of the grid in document order: a section's own items, then its subsections'. */
export function itemsOf(grid: Grid): LocatedItem[] {
  const out: LocatedItem[] = [];
  const visit = (sections: Section[], base: string, parents: string[], informants: string[]): void => {
    sections.forEach((section, i) => {
      const path = `${base}/${i}`;
      const sectionIds = [...parents, section.id];
      const allowed = section.informants ?? informants;
      (section.items ?? []).forEach((item, j) => {
        out.push({ item, path: `${path}/items/${j}`, sectionIds, informants: allowed });
      });
      if (section.sections) visit(section.sections, `${path}/sections`, sectionIds, allowed);
    });
  };
  visit(grid.sections, pointer('sections'), [], grid.informants);
  return out;
}

/** Items of one section and of its subsections, in document order. */
export function itemsOfSection(grid: Grid, sectionId: string): LocatedItem[] {
  return itemsOf(grid).filter((located) => located.sectionIds.includes(sectionId));
}

/** A facet with its scale resolved (the facet's own, else the item's; undefined when neither). */
export interface ResolvedFacet {
  id: string;
  label: Facet['label'];
  scale: string | undefined;
}

/** The facets of an item; a single-facet item yields one facet `value` on the item's scale. */
export function facetsOf(item: Item): ResolvedFacet[] {
  if (item.facets && item.facets.length > 0) {
    return item.facets.map((facet) => ({ id: facet.id, label: facet.label, scale: facet.scale ?? item.scale }));
  }
  return [{ id: SINGLE_FACET_ID, label: item.label, scale: item.scale }];
}

/** True when the item is rated on several facets (its response is an object keyed by facet). */
export function isMultiFacet(item: Item): boolean {
  return item.facets !== undefined && item.facets.length > 0;
}
