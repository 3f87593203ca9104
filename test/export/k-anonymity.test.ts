import { describe, expect, test } from 'vitest';
import { createHierarchies, createZoneHierarchy, generalizeValues, groupKey, planGeneralization, UNKNOWN_AUSL } from '../../src/export/index.ts';
import type { QuasiIdentifierCount } from '../../src/export/index.ts';

const hierarchies = createHierarchies(createZoneHierarchy());
const entry = (zone: string, age: number, sex: string, cases: number): QuasiIdentifierCount => ({ values: { zone, age: String(age), sex }, cases });

/** Cases per released combination, recomputed from the plan. */
function released(counts: QuasiIdentifierCount[], plan: ReturnType<typeof planGeneralization>): Map<string, number> {
  const groups = new Map<string, number>();
  for (const c of counts) {
    const key = groupKey(generalizeValues(c.values, plan.levels, hierarchies));
    if (!plan.suppressedKeys.has(key)) groups.set(key, (groups.get(key) ?? 0) + c.cases);
  }
  return groups;
}

describe('zone hierarchy', () => {
  test('Tuscan zones map to their AUSL and region; unknown zones to unknown_ausl', () => {
    const zones = createZoneHierarchy();
    expect(zones.auslOf('firenze')).toBe('toscana_centro');
    expect(zones.auslOf('pisa')).toBe('toscana_nord_ovest');
    expect(zones.auslOf('livorno')).toBe('toscana_nord_ovest');
    expect(zones.auslOf('lucca')).toBe('toscana_nord_ovest');
    expect(zones.auslOf('siena')).toBe('toscana_sud_est');
    expect(zones.auslOf('zone-1')).toBe(UNKNOWN_AUSL);
    expect(zones.auslOf('__proto__')).toBe(UNKNOWN_AUSL);
    expect(zones.regionOf('toscana_sud_est')).toBe('toscana');
  });
});

describe('greedy generalization', () => {
  test('nothing is generalized when every combination already holds k cases', () => {
    const counts = [entry('firenze', 8, 'F', 5), entry('pisa', 8, 'F', 6)];
    const plan = planGeneralization(counts, { k: 5, hierarchies, maxSuppressedShare: 0.05 });
    expect(plan.levels).toEqual({ zone: 0, age: 0, sex: 0 });
    expect(plan.steps).toEqual([]);
    expect(plan.suppressedCases).toBe(0);
  });

  test('the attribute with the most distinct values is generalized first', () => {
    // Ages 3..8 (6 values) against 2 zones and 1 sex: age goes to bands first (3-5, 6-10: groups
    // of 3); then zone and age tie at 2 values and zone goes first, up to the region.
    const counts = [3, 4, 5, 6, 7, 8].flatMap((age) => [entry('firenze', age, 'F', 1), entry('pisa', age, 'F', 1)]);
    const plan = planGeneralization(counts, { k: 5, hierarchies, maxSuppressedShare: 0 });
    expect(plan.steps.map((s) => [s.attribute, s.from, s.to])).toEqual([
      ['age', 'years', 'band'],
      ['zone', 'zone', 'ausl'],
      ['zone', 'ausl', 'region'],
    ]);
    expect(plan.steps[0]!.distinctValues).toBe(6);
    for (const n of released(counts, plan).values()) expect(n).toBeGreaterThanOrEqual(5);
  });

  test('small groups left within the budget are suppressed, and every released group holds k', () => {
    const counts = [entry('firenze', 8, 'F', 30), entry('firenze', 8, 'M', 30), entry('siena', 15, 'X', 1), entry('pisa', 8, 'F', 10)];
    const plan = planGeneralization(counts, { k: 5, hierarchies, maxSuppressedShare: 0.05 });
    expect(plan.steps).toEqual([]);
    expect(plan.suppressedCases).toBe(1);
    expect(plan.suppressedKeys.size).toBe(1);
    for (const n of released(counts, plan).values()) expect(n).toBeGreaterThanOrEqual(5);
  });

  test('fewer than k cases in all: everything ends suppressed', () => {
    const counts = [entry('firenze', 8, 'F', 2), entry('pisa', 3, 'M', 1)];
    const plan = planGeneralization(counts, { k: 5, hierarchies, maxSuppressedShare: 0.05 });
    expect(plan.suppressedCases).toBe(3);
    expect(plan.releasedGroups).toBe(0);
  });

  test('deterministic: the order of the input does not change the plan', () => {
    const counts = [entry('firenze', 1, 'F', 3), entry('pisa', 9, 'M', 4), entry('siena', 12, 'F', 2), entry('lucca', 16, 'X', 1), entry('zone-9', 9, 'M', 3)];
    const a = planGeneralization(counts, { k: 5, hierarchies, maxSuppressedShare: 0.05 });
    const b = planGeneralization([...counts].reverse(), { k: 5, hierarchies, maxSuppressedShare: 0.05 });
    expect(b.levels).toEqual(a.levels);
    expect(b.steps).toEqual(a.steps);
    expect([...b.suppressedKeys].sort()).toEqual([...a.suppressedKeys].sort());
    for (const n of released(counts, a).values()) expect(n).toBeGreaterThanOrEqual(5);
  });

  test('a larger k never releases a smaller group', () => {
    const counts = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].flatMap((age) => [entry('firenze', age, 'F', 3), entry('pisa', age, 'M', 3), entry('siena', age, 'F', 2)]);
    for (const k of [5, 10, 20]) {
      const plan = planGeneralization(counts, { k, hierarchies, maxSuppressedShare: 0.05 });
      for (const n of released(counts, plan).values()) expect(n).toBeGreaterThanOrEqual(k);
      expect(plan.suppressedCases).toBeLessThanOrEqual(plan.suppressionBudget);
    }
  });
});
