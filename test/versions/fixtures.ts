import type { Grid } from '../../src/grid/index.ts';

/**
 * A small grid version 1.0.0 (wording of our own): two sections, three single-facet items on a
 * 1..4 scale, one two-facet item, a sum and a mean score with bands, occasions T0 and T1.
 * Each call returns a fresh copy, so tests can change it freely.
 */
export function baseGrid(): Grid {
  return structuredClone(BASE);
}

/** The next version: `baseGrid()` with the version and the crosswalk's `previous` filled in. */
export function nextGrid(version: string, change: (grid: Grid) => void = () => {}): Grid {
  const grid = baseGrid();
  grid.version = version;
  grid.previous = { version: '1.0.0' };
  change(grid);
  return grid;
}

const BASE: Grid = {
  id: 'griglia-prova',
  version: '1.0.0',
  title: { it: 'Griglia di prova', en: 'Test grid' },
  languages: ['it', 'en'],
  informants: ['social_worker', 'educator'],
  scales: {
    quattro: {
      options: [
        { value: 1, label: { it: 'Problema serio', en: 'Serious problem' } },
        { value: 2, label: { it: 'Qualche problema', en: 'Some problem' } },
        { value: 3, label: { it: 'Adeguato', en: 'Adequate' } },
        { value: 4, label: { it: 'Risorsa', en: 'Strength' } },
      ],
      missing: [{ code: 'NA', label: { it: 'Non applicabile', en: 'Not applicable' } }],
    },
  },
  sections: [
    {
      id: 'bisogni',
      label: { it: 'Bisogni del bambino', en: "The child's needs" },
      items: [
        { id: 'salute', label: { it: 'Salute e crescita', en: 'Health and growth' }, scale: 'quattro', required: true },
        { id: 'scuola', label: { it: 'Apprendimento', en: 'Learning' }, scale: 'quattro', guidance: { it: 'Frequenza e profitto', en: 'Attendance and progress' } },
        { id: 'gioco', label: { it: 'Gioco e tempo libero', en: 'Play and free time' }, scale: 'quattro' },
      ],
    },
    {
      id: 'risposte',
      label: { it: 'Risposte dei genitori', en: "Parents' responses" },
      items: [
        {
          id: 'cura',
          label: { it: 'Cura di base', en: 'Basic care' },
          scale: 'quattro',
          facets: [
            { id: 'current', label: { it: 'Attuale', en: 'Current' } },
            { id: 'potential', label: { it: 'Potenziale', en: 'Potential' } },
          ],
        },
      ],
    },
  ],
  scores: [
    {
      id: 'bisogni_totale',
      label: { it: 'Bisogni: totale', en: 'Needs: total' },
      method: 'sum',
      inputs: [{ section: 'bisogni' }],
      minAnswered: { count: 2 },
      prorate: true,
      direction: 'higher_is_better',
      bands: [
        { id: 'serious_concern', label: { it: 'Preoccupazione seria', en: 'Serious concern' }, min: 3, max: 6 },
        { id: 'adequate', label: { it: 'Adeguato', en: 'Adequate' }, min: 6, max: 10 },
        { id: 'strength', label: { it: 'Risorsa', en: 'Strength' }, min: 10, max: 12 },
      ],
    },
    {
      id: 'cura_media',
      label: { it: 'Cura: media', en: 'Care: mean' },
      method: 'mean',
      inputs: [
        { item: 'cura', facet: 'current' },
        { item: 'cura', facet: 'potential' },
      ],
      minAnswered: { count: 1 },
      round: 1,
      direction: 'higher_is_better',
    },
  ],
  occasions: [{ id: 'T0' }, { id: 'T1', after: 'T0', months: 6, toleranceDays: 30 }],
  examples: [
    {
      name: 'tutto risposto',
      responses: { salute: 3, scuola: 2, gioco: 4, cura: { current: 2, potential: 3 } },
      expect: { scores: { bisogni_totale: 9, cura_media: 2.5 }, bands: { bisogni_totale: 'adequate' } },
    },
  ],
};
