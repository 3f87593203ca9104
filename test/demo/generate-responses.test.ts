import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileGrid } from '../../src/compiler/index.ts';
import { buildResponseModel, createRandom, generateResponses } from '../../src/demo/index.ts';
import type { RatingContext } from '../../src/demo/index.ts';
import type { Grid } from '../../src/grid/index.ts';

const INSTRUMENTS = join(import.meta.dirname, '..', '..', 'instruments');
const shipped: Grid[] = readdirSync(INSTRUMENTS).flatMap((folder) =>
  readdirSync(join(INSTRUMENTS, folder))
    .filter((name) => name.endsWith('.json'))
    .map((name) => JSON.parse(readFileSync(join(INSTRUMENTS, folder, name), 'utf8')) as Grid),
);

function context(overrides: Partial<RatingContext>): RatingContext {
  return { level: 0, potentialGap: 0.5, domainOffsets: {}, noise: 0.55, ageYears: 8, missingRate: 0.03, skipRate: 0.02, ...overrides };
}

describe('generateResponses', () => {
  it('gives response sets the compiled schema accepts, for every shipped grid, at every level and age', () => {
    expect(shipped.length).toBeGreaterThanOrEqual(4);
    const random = createRandom('validity');
    for (const grid of shipped) {
      const compiled = compileGrid(grid);
      const model = buildResponseModel(grid, random.fork(grid.id));
      for (const level of [-6, -2, -1, 0, 1, 6]) {
        for (const ageYears of [0, 2, 4, 9, 15]) {
          for (const missingRate of [0, 0.03, 0.5]) {
            const responses = generateResponses(model, context({ level, ageYears, missingRate, skipRate: missingRate }), random);
            expect(compiled.checkResponses(responses, 'submitted'), `${grid.id}@${grid.version} level ${level}`).toEqual({ ok: true });
          }
        }
      }
    }
  });

  it('rates a stronger case higher on the scores, reversed items included', () => {
    const grid = shipped.find((g) => g.id === 'mondo-del-bambino');
    if (grid === undefined) throw new Error('mondo-del-bambino is not shipped');
    const compiled = compileGrid(grid);
    const model = buildResponseModel(grid, createRandom('model'));
    const random = createRandom('strength');
    const mean = (level: number): number => {
      let sum = 0;
      for (let i = 0; i < 50; i++) sum += compiled.score(generateResponses(model, context({ level, missingRate: 0, skipRate: 0 }), random)).scores['totale'] ?? 0;
      return sum / 50;
    };
    const [weak, adequate, strong] = [mean(-1.5), mean(0), mean(1.5)];
    expect(weak).toBeLessThan(adequate);
    expect(adequate).toBeLessThan(strong);
    // Level 0 is "adequate" on this grid's bands (3.5 to 4.5).
    expect(adequate).toBeGreaterThanOrEqual(3.5);
    expect(adequate).toBeLessThan(4.5);
  });

  it('answers the age-group item from the child age and leaves conditional items out when inactive', () => {
    const grid = shipped.find((g) => g.id === 'competenze-genitoriali');
    if (grid === undefined) throw new Error('competenze-genitoriali is not shipped');
    const model = buildResponseModel(grid, createRandom('model'));
    const random = createRandom('age');
    const toddler = generateResponses(model, context({ ageYears: 1, skipRate: 0, missingRate: 0 }), random);
    const teen = generateResponses(model, context({ ageYears: 14, skipRate: 0, missingRate: 0 }), random);
    expect(toddler['fascia_eta']).toBe(1);
    expect(teen['fascia_eta']).toBe(4);
    expect(Object.hasOwn(toddler, 'accompagnamento_scolastico')).toBe(false);
    expect(Object.hasOwn(teen, 'accompagnamento_scolastico')).toBe(true);
  });
});

describe('createRandom', () => {
  it('repeats its sequence for a seed, and forks streams that do not depend on what was drawn before', () => {
    const a = createRandom('s');
    const b = createRandom('s');
    const first = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(first);
    expect(createRandom('t').next()).not.toBe(first[0]);
    expect(a.fork('case/1').next()).toBe(createRandom('s').fork('case/1').next());
    for (let i = 0; i < 1000; i++) {
      const n = a.int(2, 4);
      expect(n >= 2 && n <= 4 && Number.isInteger(n)).toBe(true);
    }
  });
});
