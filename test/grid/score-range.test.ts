import { describe, expect, it } from 'vitest';
import { roundHalfAwayFromZero, scoreRanges } from '../../src/grid/index.ts';
import type { Grid, Score } from '../../src/grid/index.ts';
import { minimalGrid } from './fixtures.ts';

const i18n = (it: string) => ({ it });
const newScore = (id: string, method: Score['method'], inputs: Score['inputs'], extra: Partial<Score> = {}): Score => ({
  id,
  label: i18n(id),
  method,
  inputs,
  direction: 'higher_is_better',
  ...extra,
});

describe('scoreRanges', () => {
  it('gives the range of sums, means and scores over scores of the fixture', () => {
    expect(scoreRanges(minimalGrid())).toEqual({
      // the conditional `sostegno` may be inactive: one eligible input, answered 1
      bambino_totale: { min: 1, max: 8 },
      routine_media: { min: 1, max: 4 },
      complessivo: { min: 1, max: 8 },
    });
  });

  it('counts from 0 to the number of expanded inputs', () => {
    const grid = minimalGrid();
    grid.scores.push(newScore('quanti', 'count', [{ section: 'bambino' }, { item: 'routine', facet: 'current' }]));
    expect(scoreRanges(grid).quanti).toEqual({ min: 0, max: 3 });
  });

  it('adds negative ranges for sums and spans all inputs for min and max', () => {
    const grid: Grid = minimalGrid();
    grid.scales.ncfas = { options: [-3, -2, -1, 0, 1, 2].map((value) => ({ value, label: i18n(String(value)) })) };
    grid.sections.push({
      id: 'famiglia',
      label: i18n('Famiglia'),
      items: [
        { id: 'ambiente', label: i18n('Ambiente'), scale: 'ncfas' },
        { id: 'sicurezza', label: i18n('Sicurezza'), scale: 'ncfas' },
      ],
    });
    grid.scores.push(
      newScore('famiglia_somma', 'sum', [{ section: 'famiglia' }]),
      newScore('minimo', 'min', [{ section: 'famiglia' }, { item: 'preoccupazioni' }]),
      newScore('massimo', 'max', [{ score: 'famiglia_somma' }, { item: 'preoccupazioni' }]),
    );
    const ranges = scoreRanges(grid);
    expect(ranges.famiglia_somma).toEqual({ min: -6, max: 4 });
    expect(ranges.minimo).toEqual({ min: -3, max: 4 });
    expect(ranges.massimo).toEqual({ min: -6, max: 4 });
  });

  it('rounds both ends half away from zero', () => {
    const grid = minimalGrid();
    grid.scales.mezzi = { options: [-2.5, 0, 2.5].map((value) => ({ value, label: i18n(String(value)) })) };
    grid.sections[0]!.items!.push({ id: 'mezzo', label: i18n('Mezzo'), scale: 'mezzi' });
    grid.scores.push(newScore('arrotondato', 'mean', [{ item: 'mezzo' }], { round: 0 }));
    expect(scoreRanges(grid).arrotondato).toEqual({ min: -3, max: 3 });
  });

  it('leaves out scores whose range cannot be known', () => {
    const grid = minimalGrid();
    grid.sections[1]!.items![0]!.scale = 'sconosciuta';
    grid.scores.push(newScore('ciclo', 'mean', [{ score: 'ciclo' }]));
    const ranges = scoreRanges(grid);
    expect(ranges.routine_media).toBeUndefined();
    expect(ranges.complessivo).toBeUndefined(); // depends on routine_media
    expect(ranges.ciclo).toBeUndefined();
    expect(ranges.bambino_totale).toEqual({ min: 1, max: 8 });
  });
});

describe('scoreRanges of a sum when not every input need be answered', () => {
  const sixPoint = { options: [1, 2, 3, 4, 5, 6].map((value) => ({ value, label: i18n(String(value)) })), missing: [{ code: 'NA', label: i18n('NA') }] };
  const fiveItems = (): Grid => {
    const grid = minimalGrid();
    grid.scales.sei = sixPoint;
    grid.sections.push({
      id: 'cinque',
      label: i18n('Cinque'),
      items: ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, label: i18n(id), scale: 'sei' })),
    });
    return grid;
  };

  it('starts at the lowest sum of as few inputs as minAnswered accepts', () => {
    const grid = fiveItems();
    grid.scores.push(newScore('s', 'sum', [{ section: 'cinque' }], { minAnswered: { count: 3 } }));
    // {a:1, b:1, c:1, d:"NA"} is a valid response whose sum is 3
    expect(scoreRanges(grid).s).toEqual({ min: 3, max: 30 });
  });

  it('uses ceil(p x n) for a proportion', () => {
    const grid = fiveItems();
    grid.scores.push(newScore('s', 'sum', [{ section: 'cinque' }], { minAnswered: { proportion: 0.5 } }));
    expect(scoreRanges(grid).s).toEqual({ min: 3, max: 30 });
  });

  it('lets a conditional input be inactive, and adds negative minima of optional answers', () => {
    const grid = fiveItems();
    grid.scales.neg = { options: [-2, 0, 2].map((value) => ({ value, label: i18n(String(value)) })) };
    grid.sections.push({
      id: 'cond',
      label: i18n('Cond'),
      items: [
        { id: 'filtro', label: i18n('Filtro'), scale: 'sei' },
        { id: 'dopo', label: i18n('Dopo'), scale: 'neg', when: { item: 'filtro', in: [6] } },
      ],
    });
    grid.scores.push(newScore('s', 'sum', [{ section: 'cond' }]));
    // filtro alone (dopo inactive): 1..6; both: -1..8
    expect(scoreRanges(grid).s).toEqual({ min: -1, max: 8 });
  });

  it('prorates over inputs on different scales to n x the lowest minimum .. n x the highest maximum', () => {
    const grid = minimalGrid();
    grid.scales.dieci = { options: [0, 10].map((value) => ({ value, label: i18n(String(value)) })) };
    grid.scales.uno = { options: [0, 1].map((value) => ({ value, label: i18n(String(value)) })) };
    grid.sections.push({ id: 'misti', label: i18n('Misti'), items: [{ id: 'p', label: i18n('p'), scale: 'dieci' }, { id: 'q', label: i18n('q'), scale: 'uno' }] });
    grid.scores.push(newScore('s', 'sum', [{ section: 'misti' }], { minAnswered: { count: 1 }, prorate: true }));
    // {p: 10} prorates to 10 x 2 / 1 = 20
    expect(scoreRanges(grid).s).toEqual({ min: 0, max: 20 });
  });
});

describe('roundHalfAwayFromZero', () => {
  it.each([
    [2.5, 0, 3],
    [-2.5, 0, -3],
    [2.45, 1, 2.5],
    [1.005, 2, 1.01],
    [-1.005, 2, -1.01],
    [1e-7, 2, 0],
    [1234.5678, 2, 1234.57],
  ])('rounds %f to %i decimals as %f', (value, decimals, expected) => {
    expect(roundHalfAwayFromZero(value, decimals)).toBe(expected);
  });
});
