import type { Grid, I18nText, Item, Section } from '../grid/index.ts';
import { facetsOf } from '../grid/index.ts';
import type { FormFacet, FormItem, FormModel, FormSection } from './types.ts';

/** Text in `lang`, falling back to Italian when that label has no translation. */
export function textIn(text: I18nText, lang: string): string {
  return text[lang] ?? text.it;
}

/**
 * The form model of a grid version in one language: sections nested with their own items first
 * and then their subsections (document order), each item with its facets, options, missing codes,
 * guidance and condition. Every label falls back to Italian on its own.
 */
export function emitForm(grid: Grid, lang: string): FormModel {
  return {
    grid: grid.id,
    version: grid.version,
    lang,
    title: textIn(grid.title, lang),
    ...(grid.description === undefined ? {} : { description: textIn(grid.description, lang) }),
    informants: [...grid.informants],
    sections: grid.sections.map((section) => formSection(grid, section, lang, grid.informants)),
  };
}

function formSection(grid: Grid, section: Section, lang: string, inherited: string[]): FormSection {
  const informants = section.informants ?? inherited;
  return {
    kind: 'section',
    id: section.id,
    label: textIn(section.label, lang),
    ...(section.description === undefined ? {} : { description: textIn(section.description, lang) }),
    informants: [...informants],
    children: [
      ...(section.items ?? []).map((item) => formItem(grid, item, lang)),
      ...(section.sections ?? []).map((child) => formSection(grid, child, lang, informants)),
    ],
  };
}

function formItem(grid: Grid, item: Item, lang: string): FormItem {
  const facets: FormFacet[] = facetsOf(item).map((facet) => {
    const scale = facet.scale === undefined ? undefined : grid.scales[facet.scale];
    return {
      id: facet.id,
      label: textIn(facet.label, lang),
      options: (scale?.options ?? []).map((option) => ({
        value: option.value,
        label: textIn(option.label, lang),
        ...(option.description === undefined ? {} : { description: textIn(option.description, lang) }),
      })),
      missing: (scale?.missing ?? []).map((code) => ({ code: code.code, label: textIn(code.label, lang) })),
    };
  });
  const when = item.when;
  return {
    kind: 'item',
    id: item.id,
    label: textIn(item.label, lang),
    ...(item.guidance === undefined ? {} : { guidance: textIn(item.guidance, lang) }),
    required: item.required === true,
    facets,
    ...(when === undefined ? {} : { when: { item: when.item, ...(when.facet === undefined ? {} : { facet: when.facet }), in: [...when.in] } }),
  };
}
