/**
 * Differential test: on random valid grids and random responses, the generated scorer and the
 * reference interpreter give exactly the same output (same bits per score, same bands and reasons).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileGrid, interpretScores, planGrid } from '../../src/compiler/index.ts';
import type { Band, Grid, Item, Responses, Scale, Score, ScoreInput, Section } from '../../src/grid/index.ts';
import { sampleGrid } from './fixtures.ts';

const FACETS = ['current', 'potential'] as const;
const METHODS = ['sum', 'mean', 'weighted_mean', 'count', 'min', 'max'] as const;

const scaleArb: fc.Arbitrary<Scale> = fc
  .record({
    start: fc.integer({ min: -3, max: 2 }),
    length: fc.integer({ min: 2, max: 6 }),
    step: fc.constantFrom(1, 1, 0.5),
    missing: fc.subarray(['NA', 'NK', 'NV']),
  })
  .map(({ start, length, step, missing }) => ({
    options: Array.from({ length }, (_, i) => ({ value: start + i * step, label: { it: `v${i}` } })),
    missing: missing.map((code) => ({ code, label: { it: code } })),
  }));

interface ItemShape {
  scale: number;
  facets: boolean;
  facetScales: [number, number];
  reverse: boolean;
  weight: number | undefined;
  condition: { target: number; facet: number; pick: number[] } | undefined;
}

const itemShapeArb = (scales: number): fc.Arbitrary<ItemShape> =>
  fc.record({
    scale: fc.nat(scales - 1),
    facets: fc.boolean(),
    facetScales: fc.tuple(fc.nat(scales - 1), fc.nat(scales - 1)),
    reverse: fc.boolean(),
    weight: fc.option(fc.constantFrom(0.5, 1, 2, 3), { nil: undefined }),
    condition: fc.option(fc.record({ target: fc.nat(), facet: fc.nat(1), pick: fc.array(fc.nat(5), { minLength: 1, maxLength: 3 }) }), { nil: undefined, freq: 3 }),
  });

interface ScoreShape {
  method: (typeof METHODS)[number];
  picks: { kind: number; ref: number; facet: number; weight: number | undefined }[];
  values: number[];
  minAnswered: { count: number } | { proportion: number } | undefined;
  prorate: boolean;
  round: number | undefined;
  cuts: number[];
}

const scoreShapeArb: fc.Arbitrary<ScoreShape> = fc.record({
  method: fc.constantFrom(...METHODS),
  picks: fc.array(
    fc.record({ kind: fc.nat(9), ref: fc.nat(), facet: fc.nat(1), weight: fc.option(fc.constantFrom(0.25, 1, 2), { nil: undefined }) }),
    { minLength: 1, maxLength: 6 },
  ),
  values: fc.array(fc.integer({ min: -3, max: 6 }), { maxLength: 3 }),
  minAnswered: fc.option(fc.oneof(fc.record({ count: fc.integer({ min: 1, max: 4 }) }), fc.record({ proportion: fc.constantFrom(0.25, 0.5, 0.7, 1) })), { nil: undefined }),
  prorate: fc.boolean(),
  round: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
  cuts: fc.uniqueArray(fc.integer({ min: -20, max: 40 }).map((n) => n / 2), { minLength: 2, maxLength: 4 }),
});

const gridArb: fc.Arbitrary<Grid> = fc
  .array(scaleArb, { minLength: 1, maxLength: 3 })
  .chain((scales) =>
    fc.record({
      scales: fc.constant(scales),
      items: fc.array(itemShapeArb(scales.length), { minLength: 1, maxLength: 10 }),
      layout: fc.array(fc.nat(3), { minLength: 10, maxLength: 10 }),
      scores: fc.array(scoreShapeArb, { minLength: 1, maxLength: 5 }),
      reverseDeclaration: fc.boolean(),
    }),
  )
  .map(({ scales, items: shapes, layout, scores: scoreShapes, reverseDeclaration }) => {
    const scaleIds = scales.map((_, i) => `s${i}`);
    const items: Item[] = shapes.map((shape, i) => {
      const item: Item = { id: `i${i}`, label: { it: `Voce ${i}` }, scale: scaleIds[shape.scale]! };
      if (shape.facets) item.facets = FACETS.map((id, f) => ({ id, label: { it: id }, scale: scaleIds[shape.facetScales[f]!]! }));
      if (shape.reverse) item.reverse = true;
      if (shape.weight !== undefined) item.weight = shape.weight;
      if (shape.condition !== undefined && i > 0) {
        // Only earlier items: conditions never form a cycle.
        const target = shape.condition.target % i;
        const targetShape = shapes[target]!;
        const facet = targetShape.facets ? FACETS[shape.condition.facet]! : undefined;
        const scale = scales[targetShape.facets ? targetShape.facetScales[shape.condition.facet]! : targetShape.scale]!;
        const values = scale.options.map((option) => option.value);
        item.when = { item: `i${target}`, ...(facet === undefined ? {} : { facet }), in: [...new Set(shape.condition.pick.map((p) => values[p % values.length]!))] };
      }
      return item;
    });
    // Sections: section a holds subsections b and c; d stands alone. Items spread by `layout`.
    const holder = (k: number): Item[] => items.filter((_, i) => (layout[i] ?? 0) === k);
    const sectionOf = (id: string, k: number, sections?: Section[]): Section => ({
      id,
      label: { it: id },
      items: holder(k),
      ...(sections === undefined ? {} : { sections }),
    });
    const sections: Section[] = [sectionOf('a', 0, [sectionOf('b', 1), sectionOf('c', 2)]), sectionOf('d', 3)];
    const sectionItems: Record<string, Item[]> = { a: [...holder(0), ...holder(1), ...holder(2)], b: holder(1), c: holder(2), d: holder(3) };
    const usableSections = Object.entries(sectionItems).filter(
      ([, members]) => members.length > 0 && (members.every((m) => m.facets === undefined) || members.every((m) => m.facets !== undefined)),
    );

    const scores: Score[] = scoreShapes.map((shape, j) => {
      const inputs: ScoreInput[] = shape.picks.map((pick) => {
        if (pick.kind < 2 && j > 0) {
          // Only earlier scores: the graph stays acyclic.
          return { score: `p${pick.ref % j}`, ...(pick.weight === undefined ? {} : { weight: pick.weight }) };
        }
        if (pick.kind < 4 && usableSections.length > 0) {
          const [id, members] = usableSections[pick.ref % usableSections.length]!;
          return members[0]!.facets === undefined ? { section: id } : { section: id, facet: FACETS[pick.facet]! };
        }
        const target = items[pick.ref % items.length]!;
        return {
          item: target.id,
          ...(target.facets === undefined ? {} : { facet: FACETS[pick.facet]! }),
          ...(pick.weight === undefined ? {} : { weight: pick.weight }),
        };
      });
      const cuts = [...shape.cuts].sort((x, y) => x - y);
      const bands: Band[] = cuts.slice(1).map((max, k) => ({ id: `b${k}`, label: { it: `b${k}` }, min: cuts[k]!, max }));
      return {
        id: `p${j}`,
        label: { it: `Punteggio ${j}` },
        method: shape.method,
        inputs,
        direction: 'higher_is_better',
        ...(shape.method === 'count' && shape.values.length > 0 ? { values: shape.values } : {}),
        ...(shape.minAnswered === undefined ? {} : { minAnswered: shape.minAnswered }),
        ...(shape.method === 'sum' && shape.prorate ? { prorate: true } : {}),
        ...(shape.round === undefined ? {} : { round: shape.round }),
        bands,
      };
    });
    return {
      id: 'casuale',
      version: '1.0.0',
      title: { it: 'Griglia casuale' },
      informants: ['team'],
      scales: Object.fromEntries(scales.map((scale, i) => [scaleIds[i]!, scale])),
      sections,
      scores: reverseDeclaration ? [...scores].reverse() : scores,
    };
  });

/** Responses for a grid: values, missing codes, absent keys, now and then a stray value. */
function responsesArb(grid: Grid): fc.Arbitrary<Responses> {
  const items = [grid.sections[0]!, ...(grid.sections[0]!.sections ?? []), grid.sections[1]!].flatMap((section) => section.items ?? []);
  const answerArb = (scaleId: string): fc.Arbitrary<number | string | undefined> => {
    const scale = grid.scales[scaleId]!;
    const values = scale.options.map((option) => option.value);
    const codes = (scale.missing ?? []).map((code) => code.code);
    return fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...values) },
      { weight: 2, arbitrary: fc.constant(undefined) },
      { weight: codes.length > 0 ? 2 : 0, arbitrary: codes.length > 0 ? fc.constantFrom(...codes) : fc.constant(undefined) },
      { weight: 1, arbitrary: fc.constantFrom(99, -0.5, 'x') },
    );
  };
  const entries = items.map((item) => {
    if (item.facets === undefined) return answerArb(item.scale!).map((answer) => [item.id, answer] as const);
    return fc
      .oneof(
        { weight: 8, arbitrary: fc.tuple(...item.facets.map((facet) => answerArb(facet.scale ?? item.scale!))).map((answers) => {
          const object: Record<string, number | string> = {};
          item.facets!.forEach((facet, f) => {
            const answer = answers[f];
            if (answer !== undefined) object[facet.id] = answer;
          });
          const answer: Responses[string] | undefined = object;
          return answer;
        }) },
        { weight: 1, arbitrary: fc.constantFrom<Responses[string] | undefined>(undefined, 3) },
      )
      .map((answer) => [item.id, answer] as const);
  });
  return fc.tuple(...entries).map((pairs) => {
    const responses: Responses = {};
    for (const [id, answer] of pairs) if (answer !== undefined) responses[id] = answer;
    return responses;
  });
}

describe('generated scorer vs interpreter', () => {
  it('agree exactly on random grids and responses', () => {
    fc.assert(
      fc.property(
        gridArb.chain((grid) => fc.tuple(fc.constant(grid), fc.array(responsesArb(grid), { minLength: 1, maxLength: 15 }))),
        ([grid, responseSets]) => {
          const compiled = compileGrid(grid);
          const plan = planGrid(grid);
          for (const responses of responseSets) {
            const generated = compiled.score(responses);
            const interpreted = interpretScores(plan, responses);
            expect(Object.keys(generated.scores)).toStrictEqual(grid.scores.map((score) => score.id));
            for (const id of Object.keys(interpreted.scores)) {
              expect(Object.is(generated.scores[id], interpreted.scores[id]), `score ${id}`).toBe(true);
            }
            expect(generated.bands).toStrictEqual(interpreted.bands);
            expect(generated.reasons).toStrictEqual(interpreted.reasons);
          }
        },
      ),
      { numRuns: 200, seed: 20240611 },
    );
  });
});

describe('shape(responses)', () => {
  it('changes neither scores nor validation, on random grids and responses', () => {
    fc.assert(
      fc.property(
        gridArb.chain((grid) => fc.tuple(fc.constant(grid), fc.array(responsesArb(grid), { minLength: 1, maxLength: 10 }))),
        ([grid, responseSets]) => {
          const compiled = compileGrid(grid);
          for (const responses of responseSets) {
            const shaped = compiled.shape(responses);
            expect(compiled.score(shaped)).toStrictEqual(compiled.score(responses));
            for (const status of ['draft', 'submitted'] as const) {
              expect(compiled.checkResponses(shaped, status)).toStrictEqual(compiled.checkResponses(responses, status));
            }
            expect(JSON.parse(JSON.stringify(shaped))).toStrictEqual(responses);
          }
        },
      ),
      { numRuns: 100, seed: 20261123 },
    );
  });

  it('gives every item key in definition order, and leaves responses with an unknown key as they are', () => {
    const compiled = compileGrid(sampleGrid());
    const shaped = compiled.shape({ igiene: 3, alimentazione: 2 });
    expect(Object.keys(shaped)).toStrictEqual(['alimentazione', 'trascuratezza', 'igiene', 'cura_di_base', 'frequenza', 'compiti']);
    expect(shaped.alimentazione).toBe(2);
    const stray = JSON.parse('{"alimentazione": 2, "__proto__": {"x": 1}}');
    expect(compiled.shape(stray)).toBe(stray);
    const unknown = { alimentazione: 2, nome: 'x' };
    expect(compiled.shape(unknown)).toBe(unknown);
    expect(compiled.checkResponses(compiled.shape(unknown), 'draft')).toMatchObject({ ok: false, issues: [{ code: 'unknown_item', path: '/nome' }] });
  });
});

describe('a score made of other scores\' items', () => {
  // Section means, then a total over the same items: the generated total starts from the section
  // sums instead of adding its items again, which must give the same bits as the interpreter.
  const scale: Scale = { options: [1, 2, 3, 4, 5, 6].map((value) => ({ value, label: { it: String(value) } })), missing: [{ code: 'NA', label: { it: 'NA' } }] };
  const items = (prefix: string): Item[] =>
    [0, 1, 2, 3].map((i) => ({ id: `${prefix}${i}`, label: { it: `${prefix}${i}` }, scale: 'sei', ...(i === 1 ? { reverse: true } : {}), ...(i === 3 ? { when: { item: `${prefix}0`, in: [4, 5, 6] } } : {}) }));
  const grid: Grid = {
    id: 'composto',
    version: '1.0.0',
    title: { it: 'Composto' },
    informants: ['team'],
    scales: { sei: scale },
    sections: [
      { id: 'a', label: { it: 'A' }, items: items('a') },
      { id: 'b', label: { it: 'B' }, items: items('b') },
    ],
    scores: [
      { id: 'media_a', label: { it: 'A' }, method: 'mean', inputs: [{ section: 'a' }], minAnswered: { count: 2 }, round: 2, direction: 'higher_is_better' },
      { id: 'somma_b', label: { it: 'B' }, method: 'sum', inputs: [{ section: 'b' }], minAnswered: { proportion: 0.5 }, direction: 'higher_is_better' },
      { id: 'totale', label: { it: 'Totale' }, method: 'sum', inputs: [{ section: 'a' }, { section: 'b' }], minAnswered: { count: 3 }, prorate: true, direction: 'higher_is_better' },
      { id: 'media', label: { it: 'Media' }, method: 'mean', inputs: [{ section: 'a' }, { section: 'b' }], direction: 'higher_is_better' },
    ],
  };
  const answer = fc.oneof(fc.constantFrom(1, 2, 3, 4, 5, 6), fc.constant('NA'), fc.constant(undefined));

  it('reuses the section sums and agrees exactly with the interpreter', () => {
    const compiled = compileGrid(grid);
    expect(compiled.scorerSource).toMatch(/const acc = ps0 \+ ps1;/);
    const plan = planGrid(grid);
    fc.assert(
      fc.property(fc.array(answer, { minLength: 8, maxLength: 8 }), (answers) => {
        const responses: Responses = {};
        ['a0', 'a1', 'a2', 'a3', 'b0', 'b1', 'b2', 'b3'].forEach((id, i) => {
          if (answers[i] !== undefined) responses[id] = answers[i];
        });
        expect(compiled.score(responses)).toStrictEqual(interpretScores(plan, responses));
      }),
      { numRuns: 500, seed: 7 },
    );
  });
});
