import type { Grid, I18nText } from './types.ts';
import { pointer } from '../errors.ts';
import { sectionsOf } from './walk.ts';

/** One translatable text of a grid with its JSON Pointer. */
export interface LocatedText {
  text: I18nText;
  path: string;
}

/**
 * Every I18nText of a grid (titles, labels, descriptions, guidance) in document order, so that
 * translation checks and "reworded" diffs walk the same list.
 */
export function textsOf(grid: Grid): LocatedText[] {
  const out: LocatedText[] = [];
  const add = (text: I18nText | undefined, path: string): void => {
    if (text) out.push({ text, path });
  };
  add(grid.title, pointer('title'));
  add(grid.description, pointer('description'));
  for (const [scaleId, scale] of Object.entries(grid.scales)) {
    add(scale.label, pointer('scales', scaleId, 'label'));
    scale.options.forEach((option, j) => {
      add(option.label, pointer('scales', scaleId, 'options', j, 'label'));
      add(option.description, pointer('scales', scaleId, 'options', j, 'description'));
    });
    (scale.missing ?? []).forEach((missing, j) => add(missing.label, pointer('scales', scaleId, 'missing', j, 'label')));
  }
  for (const { section, path } of sectionsOf(grid)) {
    add(section.label, `${path}/label`);
    add(section.description, `${path}/description`);
    for (const [j, item] of (section.items ?? []).entries()) {
      const itemPath = `${path}/items/${j}`;
      add(item.label, `${itemPath}/label`);
      add(item.guidance, `${itemPath}/guidance`);
      (item.facets ?? []).forEach((facet, j) => add(facet.label, `${itemPath}/facets/${j}/label`));
    }
  }
  grid.scores.forEach((score, i) => {
    add(score.label, pointer('scores', i, 'label'));
    add(score.description, pointer('scores', i, 'description'));
    (score.bands ?? []).forEach((band, j) => add(band.label, pointer('scores', i, 'bands', j, 'label')));
  });
  (grid.occasions ?? []).forEach((occasion, i) => add(occasion.label, pointer('occasions', i, 'label')));
  return out;
}
