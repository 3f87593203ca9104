import type { Grid } from '../../src/grid/index.ts';

/**
 * A small valid grid exercising every feature the rules look at: one 1..4 scale with missing codes
 * NA and NK, two sections with three items (a reverse item, an item conditional on it, an item
 * rated on facets `current` and `potential`), scores by sum, mean and over other scores with bands
 * covering each score's range, occasions, and worked examples. A fresh object on every call, so
 * tests may break a copy freely. Items are invented for the tests, not taken from any instrument.
 */
export function minimalGrid(): Grid {
  return {
    $schema: '../../schema/grid.schema.json',
    id: 'griglia-di-prova',
    version: '1.0.0',
    title: { it: 'Griglia di prova', en: 'Test grid' },
    description: { it: 'Una griglia minima per i test.', en: 'A minimal grid for tests.' },
    languages: ['it', 'en'],
    informants: ['social_worker', 'educator', 'team'],
    scales: {
      frequenza: {
        label: { it: 'Frequenza', en: 'Frequency' },
        options: [
          { value: 1, label: { it: 'Mai', en: 'Never' } },
          { value: 2, label: { it: 'Raramente', en: 'Rarely' } },
          { value: 3, label: { it: 'Spesso', en: 'Often' }, description: { it: 'Più volte a settimana.', en: 'Several times a week.' } },
          { value: 4, label: { it: 'Sempre', en: 'Always' } },
        ],
        missing: [
          { code: 'NA', label: { it: 'Non applicabile', en: 'Not applicable' } },
          { code: 'NK', label: { it: 'Non noto', en: 'Not known' } },
        ],
      },
    },
    sections: [
      {
        id: 'bambino',
        label: { it: 'Il bambino', en: 'The child' },
        items: [
          {
            id: 'preoccupazioni',
            label: { it: 'Il bambino esprime preoccupazioni', en: 'The child voices worries' },
            guidance: { it: 'Osservare durante la visita.', en: 'Observe during the visit.' },
            scale: 'frequenza',
            reverse: true,
            required: true,
          },
          {
            id: 'sostegno',
            label: { it: 'Il bambino chiede sostegno', en: 'The child asks for support' },
            scale: 'frequenza',
            when: { item: 'preoccupazioni', in: [3, 4] },
          },
        ],
      },
      {
        id: 'genitori',
        label: { it: 'I genitori', en: 'The parents' },
        informants: ['social_worker', 'team'],
        items: [
          {
            id: 'routine',
            label: { it: 'Routine quotidiane', en: 'Daily routines' },
            scale: 'frequenza',
            weight: 2,
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
        id: 'bambino_totale',
        label: { it: 'Totale bambino', en: 'Child total' },
        method: 'sum',
        inputs: [{ section: 'bambino' }],
        minAnswered: { count: 1 },
        prorate: true,
        direction: 'higher_is_better',
        bands: [
          { id: 'preoccupante', label: { it: 'Preoccupante', en: 'Concerning' }, min: 1, max: 5 },
          { id: 'adeguato', label: { it: 'Adeguato', en: 'Adequate' }, min: 5, max: 8 },
        ],
        reference: {
          reliability: { kind: 'alpha', value: 0.8, source: 'Illustrative value for tests.' },
          norm: { sd: 1.5, mean: 5, source: 'Illustrative value for tests.' },
        },
      },
      {
        id: 'routine_media',
        label: { it: 'Routine, media', en: 'Routines, mean' },
        method: 'mean',
        inputs: [
          { item: 'routine', facet: 'current' },
          { item: 'routine', facet: 'potential' },
        ],
        round: 2,
        direction: 'higher_is_better',
        bands: [
          { id: 'basso', label: { it: 'Basso', en: 'Low' }, min: 1, max: 2.5 },
          { id: 'alto', label: { it: 'Alto', en: 'High' }, min: 2.5, max: 4 },
        ],
      },
      {
        id: 'complessivo',
        label: { it: 'Complessivo', en: 'Overall' },
        method: 'weighted_mean',
        inputs: [{ score: 'bambino_totale' }, { score: 'routine_media', weight: 2 }],
        minAnswered: { proportion: 0.5 },
        round: 1,
        direction: 'higher_is_better',
        bands: [
          { id: 'basso', label: { it: 'Basso', en: 'Low' }, min: 1, max: 4.5 },
          { id: 'alto', label: { it: 'Alto', en: 'High' }, min: 4.5, max: 8 },
        ],
      },
    ],
    occasions: [
      { id: 'T0', label: { it: 'Inizio', en: 'Start' } },
      { id: 'T1', label: { it: 'Intermedio', en: 'Mid-way' }, after: 'T0', months: 6, toleranceDays: 30 },
    ],
    examples: [
      {
        name: 'preoccupazioni frequenti',
        responses: { preoccupazioni: 3, sostegno: 4, routine: { current: 2, potential: 'NK' } },
        expect: {
          scores: { bambino_totale: 6, routine_media: null, complessivo: 6 },
          bands: { bambino_totale: 'adeguato', routine_media: null, complessivo: 'alto' },
        },
      },
      {
        name: 'nessuna preoccupazione',
        responses: { preoccupazioni: 1, routine: { current: 3, potential: 4 } },
        expect: {
          scores: { bambino_totale: 4, routine_media: 3.5, complessivo: 3.7 },
          bands: { bambino_totale: 'preoccupante', routine_media: 'alto', complessivo: 'basso' },
        },
      },
    ],
  };
}
