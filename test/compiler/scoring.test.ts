import { describe, expect, it } from 'vitest';
import { planGrid, roundHalfAwayFromZero } from '../../src/compiler/index.ts';
import type { Band } from '../../src/grid/index.ts';
import { scoreRanges, validateGrid } from '../../src/grid/index.ts';
import { facetedItem, gridOf, item, score, scoreBoth } from './fixtures.ts';

describe('reverse-scored items', () => {
  it('counts a reversed v as min + max - v on a 1..6 scale', () => {
    const grid = gridOf([item('a', { reverse: true })], [score('s', 'sum', [{ item: 'a' }])]);
    expect(scoreBoth(grid, { a: 2 }).scores.s).toBe(5);
    expect(scoreBoth(grid, { a: 6 }).scores.s).toBe(1);
  });

  it('counts a reversed v as min + max - v on a -3..+2 scale', () => {
    const grid = gridOf([item('a', { scale: 'ncfas', reverse: true })], [score('s', 'sum', [{ item: 'a' }])]);
    expect(scoreBoth(grid, { a: -3 }).scores.s).toBe(2);
    expect(scoreBoth(grid, { a: 2 }).scores.s).toBe(-3);
    expect(scoreBoth(grid, { a: 0 }).scores.s).toBe(-1);
  });
});

describe('weights', () => {
  it('weighs by the input weight, else the item weight, else 1', () => {
    const grid = gridOf(
      [item('a', { weight: 3 }), item('b', { weight: 5 }), item('c')],
      [score('w', 'weighted_mean', [{ item: 'a' }, { item: 'b', weight: 1 }, { item: 'c' }])],
    );
    // (3*6 + 1*2 + 1*1) / (3 + 1 + 1)
    expect(scoreBoth(grid, { a: 6, b: 2, c: 1 }).scores.w).toBe(21 / 5);
  });

  it('leaves unanswered inputs and their weights out', () => {
    const grid = gridOf([item('a', { weight: 3 }), item('b')], [score('w', 'weighted_mean', [{ item: 'a' }, { item: 'b' }], { minAnswered: { count: 1 } })]);
    expect(scoreBoth(grid, { a: 'NA', b: 4 }).scores.w).toBe(4);
  });
});

describe('missing codes and absent keys', () => {
  const grid = gridOf([item('a'), item('b'), item('c')], [score('m', 'mean', [{ item: 'a' }, { item: 'b' }, { item: 'c' }], { minAnswered: { count: 2 } })]);

  it('treats a missing code and an absent key alike: neither is a value', () => {
    const coded = scoreBoth(grid, { a: 2, b: 'NA', c: 5 });
    const absent = scoreBoth(grid, { a: 2, c: 5 });
    expect(coded.scores.m).toBe(3.5);
    expect(absent).toStrictEqual(coded);
  });

  it('gives null with the reason when too few inputs have a value', () => {
    const out = scoreBoth(grid, { a: 'NK', c: 5 });
    expect(out.scores.m).toBeNull();
    expect(out.reasons.m).toStrictEqual({ reason: 'insufficient_data', answered: 1, required: 2 });
  });

  it('ignores a facet given where a single value is expected, and vice versa', () => {
    const faceted = gridOf([facetedItem('f'), item('a')], [score('s', 'sum', [{ item: 'f', facet: 'current' }, { item: 'a' }], { minAnswered: { count: 1 } })]);
    expect(scoreBoth(faceted, { f: 4, a: { current: 3 } }).scores.s).toBeNull();
    expect(scoreBoth(faceted, { f: { current: 4, potential: 'NA' }, a: 2 }).scores.s).toBe(6);
  });
});

describe('minimum answered and prorating', () => {
  const items = ['a', 'b', 'c', 'd'].map((id) => item(id));
  const inputs = items.map((i) => ({ item: i.id }));

  it('requires every eligible input without minAnswered', () => {
    const grid = gridOf(items, [score('s', 'sum', inputs)]);
    expect(scoreBoth(grid, { a: 1, b: 2, c: 3, d: 4 }).scores.s).toBe(10);
    expect(scoreBoth(grid, { a: 1, b: 2, c: 3 }).reasons.s).toStrictEqual({ reason: 'insufficient_data', answered: 3, required: 4 });
  });

  it('prorates a sum to all eligible inputs when the minimum count is met', () => {
    const grid = gridOf(items, [score('s', 'sum', inputs, { minAnswered: { count: 3 }, prorate: true })]);
    expect(scoreBoth(grid, { a: 1, b: 2, c: 4, d: 'NA' }).scores.s).toBe((7 * 4) / 3);
    expect(scoreBoth(grid, { a: 1, b: 2, c: 4, d: 5 }).scores.s).toBe(12);
    expect(scoreBoth(grid, { a: 1, b: 2 }).reasons.s).toStrictEqual({ reason: 'insufficient_data', answered: 2, required: 3 });
  });

  it('does not prorate without prorate', () => {
    const grid = gridOf(items, [score('s', 'sum', inputs, { minAnswered: { count: 3 } })]);
    expect(scoreBoth(grid, { a: 1, b: 2, c: 4 }).scores.s).toBe(7);
  });

  it('takes a proportion as ceil(p x n), at least 1', () => {
    const grid = gridOf(items, [
      score('tre_quarti', 'mean', inputs, { minAnswered: { proportion: 0.75 } }),
      score('poco', 'mean', inputs, { minAnswered: { proportion: 0.01 } }),
      score('decimi', 'mean', inputs.slice(0, 3), { minAnswered: { proportion: 0.7 } }),
    ]);
    const out = scoreBoth(grid, { a: 1, b: 3 });
    expect(out.reasons.tre_quarti).toStrictEqual({ reason: 'insufficient_data', answered: 2, required: 3 });
    expect(out.scores.poco).toBe(2);
    // ceil(0.7 x 3) = ceil(2.1) = 3
    expect(out.reasons.decimi).toStrictEqual({ reason: 'insufficient_data', answered: 2, required: 3 });
    expect(scoreBoth(grid, {}).reasons.poco).toStrictEqual({ reason: 'insufficient_data', answered: 0, required: 1 });
  });

  it('does not let binary error raise the proportion (0.3 of 10 needs 3, not 4)', () => {
    const ten = Array.from({ length: 10 }, (_, i) => item(`i${i}`));
    const grid = gridOf(ten, [score('s', 'count', ten.map((i) => ({ item: i.id })), { minAnswered: { proportion: 0.1 * 3 } })]);
    expect(scoreBoth(grid, { i0: 1, i1: 1, i2: 1 }).scores.s).toBe(3);
  });
});

describe('conditional items', () => {
  const grid = gridOf(
    [item('gate'), item('follow', { when: { item: 'gate', in: [5, 6] } }), item('deep', { when: { item: 'follow', in: [1] } }), item('other')],
    [score('m', 'mean', [{ item: 'follow' }, { item: 'deep' }, { item: 'other' }])],
  );

  it('ignores an inactive item and does not count it among the inputs', () => {
    const out = scoreBoth(grid, { gate: 2, follow: 6, deep: 1, other: 4 });
    expect(out.scores.m).toBe(4);
  });

  it('counts an active item: unanswered, it makes the score null', () => {
    expect(scoreBoth(grid, { gate: 5, other: 4 }).reasons.m).toStrictEqual({ reason: 'insufficient_data', answered: 1, required: 2 });
    expect(scoreBoth(grid, { gate: 5, follow: 2, other: 4 }).scores.m).toBe(3);
  });

  it('chains: an item depending on an inactive item is inactive', () => {
    expect(scoreBoth(grid, { gate: 5, follow: 1, deep: 6, other: 2 }).scores.m).toBe(3);
    expect(scoreBoth(grid, { gate: 1, follow: 1, deep: 6, other: 2 }).scores.m).toBe(2);
  });

  it('reads the recorded value of a reversed or faceted gate, and a missing code never opens it', () => {
    const g = gridOf(
      [facetedItem('f', { reverse: true }), item('x', { when: { item: 'f', facet: 'potential', in: [1] } }), item('y')],
      [score('s', 'sum', [{ item: 'x' }, { item: 'y' }])],
    );
    expect(scoreBoth(g, { f: { potential: 1 }, x: 3, y: 2 }).scores.s).toBe(5);
    expect(scoreBoth(g, { f: { potential: 6 }, x: 3, y: 2 }).scores.s).toBe(2);
    expect(scoreBoth(g, { f: { potential: 'NA' }, x: 3, y: 2 }).scores.s).toBe(2);
  });

  it('gives null when every input is inactive (at least 1 is required)', () => {
    const g = gridOf([item('gate'), item('x', { when: { item: 'gate', in: [1] } })], [score('s', 'sum', [{ item: 'x' }])]);
    expect(scoreBoth(g, { gate: 2, x: 3 }).reasons.s).toStrictEqual({ reason: 'insufficient_data', answered: 0, required: 1 });
  });
});

describe('scores over scores', () => {
  const grid = gridOf(
    [item('a'), item('b'), item('c')],
    [
      // Declared before the scores it uses: computed after them all the same.
      score('totale', 'sum', [{ score: 'primo' }, { score: 'secondo' }], { minAnswered: { count: 1 } }),
      score('primo', 'mean', [{ item: 'a' }, { item: 'b' }], { round: 0 }),
      score('secondo', 'sum', [{ item: 'c' }]),
    ],
  );

  it('uses the rounded values of the scores it depends on', () => {
    const out = scoreBoth(grid, { a: 2, b: 3, c: 4 });
    expect(out.scores).toStrictEqual({ totale: 7, primo: 3, secondo: 4 });
    expect(Object.keys(out.scores)).toStrictEqual(['totale', 'primo', 'secondo']);
  });

  it('counts a null dependency as unanswered', () => {
    const out = scoreBoth(grid, { a: 2, c: 4 });
    expect(out.scores.primo).toBeNull();
    expect(out.scores.totale).toBe(4);
    const none = scoreBoth(grid, { a: 2 });
    expect(none.reasons.totale).toStrictEqual({ reason: 'insufficient_data', answered: 0, required: 1 });
  });
});

describe('count, min and max', () => {
  const grid = gridOf(
    [item('a'), item('b', { reverse: true }), item('c'), item('d')],
    [
      score('gravi', 'count', [{ item: 'a' }, { item: 'b' }, { item: 'c' }, { item: 'd' }], { values: [1, 2], minAnswered: { count: 1 } }),
      score('risposte', 'count', [{ item: 'a' }, { item: 'b' }, { item: 'c' }, { item: 'd' }], { minAnswered: { count: 1 } }),
      score('minimo', 'min', [{ item: 'a' }, { item: 'b' }, { item: 'c' }, { item: 'd' }], { minAnswered: { count: 1 } }),
      score('massimo', 'max', [{ item: 'a' }, { item: 'b' }, { item: 'c' }, { item: 'd' }], { minAnswered: { count: 1 } }),
    ],
  );

  it('counts values after reversal, or answered inputs without values', () => {
    // b = 6 reversed is 1.
    const out = scoreBoth(grid, { a: 2, b: 6, c: 5, d: 'NA' });
    expect(out.scores.gravi).toBe(2);
    expect(out.scores.risposte).toBe(3);
  });

  it('takes the smallest and the largest value after reversal', () => {
    const out = scoreBoth(grid, { a: 4, b: 2, c: 3 });
    expect(out.scores.minimo).toBe(3);
    expect(out.scores.massimo).toBe(5);
  });
});

describe('rounding', () => {
  it('rounds half away from zero, robust to binary error', () => {
    expect(roundHalfAwayFromZero(1.005, 2)).toBe(1.01);
    expect(roundHalfAwayFromZero(2.675, 2)).toBe(2.68);
    expect(roundHalfAwayFromZero(-2.5, 0)).toBe(-3);
    expect(roundHalfAwayFromZero(2.5, 0)).toBe(3);
    expect(roundHalfAwayFromZero(2.45, 1)).toBe(2.5);
    expect(roundHalfAwayFromZero(2.4999, 0)).toBe(2);
    expect(Object.is(roundHalfAwayFromZero(-0.4, 0), 0)).toBe(true);
    expect(roundHalfAwayFromZero(8.345, 2)).toBe(8.35);
    expect(roundHalfAwayFromZero(-0.005, 2)).toBe(-0.01);
    expect(roundHalfAwayFromZero(1.0049999, 2)).toBe(1);
    expect(roundHalfAwayFromZero(1e20 + 0.5, 0)).toBe(1e20);
    expect(roundHalfAwayFromZero(123456789012.5, 0)).toBe(123456789013);
  });

  it('rounds a score after prorating, and a negative mean away from zero', () => {
    const grid = gridOf(
      [item('a', { scale: 'ncfas' }), item('b', { scale: 'ncfas' }), item('c'), item('d'), item('e')],
      [
        score('negativo', 'mean', [{ item: 'a' }, { item: 'b' }], { round: 0 }),
        score('terzi', 'mean', [{ item: 'c' }, { item: 'd' }, { item: 'e' }], { round: 2 }),
        score('prorata', 'sum', [{ item: 'c' }, { item: 'd' }, { item: 'e' }], { minAnswered: { count: 2 }, prorate: true, round: 1 }),
      ],
    );
    const out = scoreBoth(grid, { a: -3, b: -2, c: 1, d: 1, e: 2 });
    expect(out.scores.negativo).toBe(-3);
    expect(out.scores.terzi).toBe(1.33);
    // (1 + 2) x 3 / 2 = 4.5
    expect(scoreBoth(grid, { c: 1, e: 2 }).scores.prorata).toBe(4.5);
    // (1 + 1) x 3 / 2 = 3
    expect(scoreBoth(grid, { c: 1, d: 1 }).scores.prorata).toBe(3);
  });
});

describe('bands', () => {
  const label = (it: string) => ({ it });
  const bands: Band[] = [
    { id: 'basso', label: label('Basso'), min: 1, max: 3 },
    { id: 'medio', label: label('Medio'), min: 3, max: 5 },
    { id: 'alto', label: label('Alto'), min: 5, max: 6 },
  ];
  const grid = gridOf([item('a'), item('b')], [score('m', 'mean', [{ item: 'a' }, { item: 'b' }], { bands })]);

  it('holds min inclusive, max exclusive; the top band holds its max', () => {
    expect(scoreBoth(grid, { a: 1, b: 1 }).bands.m).toBe('basso');
    expect(scoreBoth(grid, { a: 2, b: 3 }).bands.m).toBe('basso');
    expect(scoreBoth(grid, { a: 3, b: 3 }).bands.m).toBe('medio');
    expect(scoreBoth(grid, { a: 5, b: 4 }).bands.m).toBe('medio');
    expect(scoreBoth(grid, { a: 5, b: 5 }).bands.m).toBe('alto');
    expect(scoreBoth(grid, { a: 6, b: 6 }).bands.m).toBe('alto');
  });

  it('gives a null score a null band', () => {
    const out = scoreBoth(grid, { a: 6 });
    expect(out.scores.m).toBeNull();
    expect(out.bands.m).toBeNull();
  });

  it('reports bands only for scores that have them', () => {
    const g = gridOf([item('a')], [score('s', 'sum', [{ item: 'a' }])]);
    expect(scoreBoth(g, { a: 1 }).bands).toStrictEqual({});
  });
});

describe('planning', () => {
  it('orders scores topologically and expands sections in document order', () => {
    const grid = gridOf([item('a'), item('b', { reverse: true })], [
      score('sopra', 'sum', [{ score: 'sotto' }]),
      score('sotto', 'sum', [{ section: 'principale' }]),
    ]);
    const plan = planGrid(grid);
    expect(plan.scores.map((s) => s.id)).toStrictEqual(['sotto', 'sopra']);
    expect(plan.scoreOrder).toStrictEqual(['sopra', 'sotto']);
    expect(plan.scores[0]!.inputs).toStrictEqual([{ kind: 'slot', slot: 0, weight: 1 }, { kind: 'slot', slot: 1, weight: 1 }]);
    expect(plan.slots[1]).toMatchObject({ item: 'b', facet: 'value', key: ['b'], min: 1, max: 6, reverse: true, missing: ['NA', 'NK'] });
    expect(plan.scores[0]!.range).toStrictEqual({ min: 2, max: 12 });
  });

  it('refuses conditions that loop instead of looping forever', () => {
    const grid = gridOf([item('a', { when: { item: 'b', in: [1] } }), item('b', { when: { item: 'a', in: [1] } })], [score('s', 'sum', [{ item: 'a' }])]);
    expect(() => planGrid(grid)).toThrow(expect.objectContaining({ code: 'grid_invalid', issues: [expect.objectContaining({ code: 'condition_cycle', path: '/sections/0/items/0/when' })] }));
  });
});

describe('possible range of a sum (one definition with the grid)', () => {
  const issuesOf = (grid: Parameters<typeof validateGrid>[0]) => {
    const check = validateGrid(grid);
    return check.ok ? [] : check.issues;
  };
  const band = (id: string, min: number, max: number): Band => ({ id, label: { it: id, en: id }, min, max });
  const fiveOfThree = (bands: Band[]) =>
    gridOf(
      ['a', 'b', 'c', 'd', 'e'].map((id) => item(id)),
      [score('s', 'sum', [{ section: 'principale' }], { minAnswered: { count: 3 }, bands })],
    );

  it('refuses bands that start above the lowest sum of three answered inputs', () => {
    const issues = issuesOf(fiveOfThree([band('basso', 5, 15), band('alto', 15, 30)]));
    expect(issues.map((issue) => [issue.code, issue.path])).toContainEqual(['band_gap', '/scores/0/bands/0/min']);
  });

  it('plans the range the grid defines and gives a band to a three-answer response', () => {
    const grid = fiveOfThree([band('basso', 3, 15), band('alto', 15, 30)]);
    expect(issuesOf(grid).filter((issue) => issue.code.startsWith('band'))).toEqual([]);
    expect(planGrid(grid).scores[0]!.range).toEqual(scoreRanges(grid).s);
    const out = scoreBoth(grid, { a: 1, b: 1, c: 1, d: 'NA' });
    expect(out.scores.s).toBe(3);
    expect(out.bands.s).toBe('basso');
  });

  it('plans a prorated sum over scales 0..10 and 0..1 up to 20', () => {
    const grid = gridOf([item('p', { scale: 'dieci' }), item('q', { scale: 'uno' })], [score('s', 'sum', [{ item: 'p' }, { item: 'q' }], { minAnswered: { count: 1 }, prorate: true })]);
    grid.scales.dieci = { options: [0, 10].map((value) => ({ value, label: { it: String(value), en: String(value) } })) };
    grid.scales.uno = { options: [0, 1].map((value) => ({ value, label: { it: String(value), en: String(value) } })) };
    expect(planGrid(grid).scores[0]!.range).toEqual({ min: 0, max: 20 });
    expect(scoreBoth(grid, { p: 10 }).scores.s).toBe(20);
  });
});
