/** Small grids for the compiler's tests, built inline so each test shows the rule it exercises. */
import type { Grid, Item, Scale, Score, Section } from '../../src/grid/index.ts';
import { compileGrid, interpretScores, planGrid } from '../../src/compiler/index.ts';
import type { ScoringOutput } from '../../src/compiler/index.ts';
import type { Responses } from '../../src/grid/index.ts';
import { expect } from 'vitest';

/** 1 (serious problem) .. 6 (strength), with two missing codes. */
export const sei: Scale = {
  label: { it: 'Da 1 a 6', en: 'From 1 to 6' },
  options: [1, 2, 3, 4, 5, 6].map((value) => ({ value, label: { it: `Livello ${value}`, en: `Level ${value}` } })),
  missing: [
    { code: 'NA', label: { it: 'Non applicabile', en: 'Not applicable' } },
    { code: 'NK', label: { it: 'Non noto', en: 'Not known' } },
  ],
};

/** -3 (serious problem) .. +2 (clear strength), NCFAS style. */
export const ncfas: Scale = {
  options: [-3, -2, -1, 0, 1, 2].map((value) => ({ value, label: { it: `Valore ${value}` } })),
  missing: [{ code: 'NA', label: { it: 'Non applicabile' } }],
};

/** A single-facet item on `sei` unless told otherwise. */
export function item(id: string, extra: Partial<Item> = {}): Item {
  return { id, label: { it: `Indicatore ${id}`, en: `Indicator ${id}` }, scale: 'sei', ...extra };
}

/** An item rated on `current` and `potential`. */
export function facetedItem(id: string, extra: Partial<Item> = {}): Item {
  return item(id, {
    facets: [
      { id: 'current', label: { it: 'Attuale', en: 'Current' } },
      { id: 'potential', label: { it: 'Potenziale', en: 'Potential' } },
    ],
    ...extra,
  });
}

export function score(id: string, method: Score['method'], inputs: Score['inputs'], extra: Partial<Score> = {}): Score {
  return { id, label: { it: `Punteggio ${id}`, en: `Score ${id}` }, method, inputs, direction: 'higher_is_better', ...extra };
}

/** A grid of one section holding `items`, with `scores`. */
export function gridOf(items: Item[], scores: Score[], extra: Partial<Grid> = {}): Grid {
  return gridWithSections([{ id: 'principale', label: { it: 'Sezione principale', en: 'Main section' }, items }], scores, extra);
}

/** A grid of the given sections, with `scores`. */
export function gridWithSections(sections: Section[], scores: Score[], extra: Partial<Grid> = {}): Grid {
  return {
    id: 'griglia-prova',
    version: '1.0.0',
    title: { it: 'Griglia di prova', en: 'Test grid' },
    languages: ['it', 'en'],
    informants: ['social_worker', 'educator'],
    scales: { sei, ncfas },
    sections,
    scores,
    ...extra,
  };
}

/** Score with the generated scorer and with the interpreter; they must agree exactly. */
export function scoreBoth(grid: Grid, responses: Responses): ScoringOutput {
  const compiled = compileGrid(grid).score(responses);
  const interpreted = interpretScores(planGrid(grid), responses);
  expect(compiled).toStrictEqual(interpreted);
  for (const id of Object.keys(interpreted.scores)) expect(Object.is(compiled.scores[id], interpreted.scores[id])).toBe(true);
  return compiled;
}

/** Freeze a value and everything it holds. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** The grid most tests share: two sections (one nested), faceted, reversed, conditional items. */
export function sampleGrid(): Grid {
  return gridWithSections(
    [
      {
        id: 'cura',
        label: { it: 'Cura di base', en: 'Basic care' },
        items: [
          item('alimentazione', { required: true, guidance: { it: 'Pasti regolari', en: 'Regular meals' } }),
          item('trascuratezza', { reverse: true }),
          item('igiene', { weight: 2 }),
        ],
      },
      {
        id: 'relazioni',
        label: { it: 'Relazioni', en: 'Relationships' },
        informants: ['educator'],
        items: [facetedItem('cura_di_base', { required: true })],
        sections: [
          {
            id: 'scuola',
            label: { it: 'Scuola' },
            items: [
              item('frequenza'),
              item('compiti', { when: { item: 'frequenza', in: [4, 5, 6] }, required: true }),
            ],
          },
        ],
      },
    ],
    [
      score('media_cura', 'mean', [{ section: 'cura' }], { minAnswered: { count: 2 }, round: 2, bands: [
        { id: 'basso', label: { it: 'Basso', en: 'Low' }, min: 1, max: 3.5 },
        { id: 'alto', label: { it: 'Alto', en: 'High' }, min: 3.5, max: 6 },
      ] }),
      score('potenziale', 'sum', [{ item: 'cura_di_base', facet: 'potential' }, { item: 'frequenza' }, { item: 'compiti' }], { minAnswered: { proportion: 0.5 }, prorate: true }),
      score('globale', 'weighted_mean', [{ score: 'media_cura', weight: 2 }, { score: 'potenziale' }], { round: 1 }),
    ],
  );
}
