import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scoreRanges, validateGrid } from '../../src/grid/index.ts';
import type { Condition, Grid, ScoreInput } from '../../src/grid/index.ts';
import { minimalGrid } from './fixtures.ts';

// Ids that exist in the fixture (as items, facets, sections, scores, scales) and some that do not,
// so that random rewiring produces every kind of dangling, cyclic and mismatched reference.
const ids = ['preoccupazioni', 'sostegno', 'routine', 'current', 'potential', 'value', 'bambino', 'genitori', 'bambino_totale', 'routine_media', 'complessivo', 'frequenza', 'constructor', 'fantasma'];
const id = fc.constantFrom(...ids);
const maybeId = fc.option(id, { nil: undefined });
const input = fc.oneof(
  fc.record({ item: id, facet: maybeId }, { requiredKeys: ['item'] }),
  fc.record({ section: id, facet: maybeId }, { requiredKeys: ['section'] }),
  fc.record({ score: id }),
);

/** Drop undefined properties, as JSON would. */
const clean = <T>(value: unknown): T => JSON.parse(JSON.stringify(value)) as T;

describe('semantic rules on arbitrary rewiring', () => {
  it('never throw, and every issue has a code, a pointer and a message', () => {
    fc.assert(
      fc.property(
        fc.record({
          scale: maybeId,
          when: fc.option(fc.record({ item: id, facet: maybeId, in: fc.array(fc.integer({ min: -1, max: 5 }), { minLength: 1, maxLength: 3 }) }), { nil: undefined }),
          inputs: fc.array(fc.array(input, { minLength: 1, maxLength: 3 }), { minLength: 3, maxLength: 3 }),
          bandMin: fc.integer({ min: 0, max: 9 }),
          after: fc.option(fc.constantFrom('T0', 'T1', 'T9'), { nil: undefined }),
        }),
        ({ scale, when, inputs, bandMin, after }) => {
          const grid: Grid = minimalGrid();
          const item = grid.sections[0]!.items![1]!;
          if (scale === undefined) delete item.scale;
          else item.scale = scale;
          if (when === undefined) delete item.when;
          else item.when = clean<Condition>({ ...when, in: [...new Set(when.in)] });
          grid.scores.forEach((score, i) => {
            score.inputs = clean<ScoreInput[]>(inputs[i]!);
          });
          grid.scores[0]!.bands![0]!.min = bandMin;
          if (after === undefined) delete grid.occasions![0]!.after;
          else grid.occasions![0]!.after = after;
          const check = validateGrid(grid);
          scoreRanges(grid);
          if (!check.ok) {
            for (const issue of check.issues) {
              expect(issue.code).toMatch(/^[a-z]+(_[a-z]+)*$/);
              expect(issue.path).toMatch(/^(\/[^/]*)+$/);
              expect(issue.message.length).toBeGreaterThan(10);
            }
          }
        },
      ),
      { numRuns: 300, seed: 20240601 },
    );
  });
});
