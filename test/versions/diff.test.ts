import { describe, expect, it } from 'vitest';
import type { Grid } from '../../src/grid/index.ts';
import type { GridChange } from '../../src/versions/index.ts';
import { diffGrids, requiredLevel } from '../../src/versions/index.ts';
import { baseGrid, nextGrid } from './fixtures.ts';

/** The changes as `[kind, level, side, path]`, the parts a user reads first. */
function summary(changes: GridChange[]): [string, string, string, string][] {
  return changes.map((change) => [change.kind, change.level, change.side, change.path]);
}

function section(grid: Grid, index: number) {
  const found = grid.sections[index];
  if (!found?.items) throw new Error(`fixture has no section ${index} with items`);
  return { ...found, items: found.items };
}

describe('diffGrids', () => {
  it('finds nothing between a version and itself', () => {
    expect(diffGrids(baseGrid(), baseGrid())).toEqual([]);
    expect(requiredLevel([])).toBeUndefined();
  });

  it('reports wording-only changes as patch changes', () => {
    const to = nextGrid('1.0.1', (grid) => {
      grid.title = { it: 'Griglia di prova rivista', en: 'Revised test grid' };
      section(grid, 0).items[0]!.label = { it: 'Salute, crescita e sviluppo', en: 'Health and growth' };
      section(grid, 0).items[1]!.guidance = { it: 'Frequenza, profitto, relazioni', en: 'Attendance and progress' };
      grid.scales.quattro!.options[0]!.label = { it: 'Problema grave', en: 'Serious problem' };
      grid.sections[1]!.label = { it: 'Le risposte dei genitori', en: "Parents' responses" };
      grid.scales.quattro!.label = { it: 'Quattro livelli' };
    });
    const diff = diffGrids(baseGrid(), to);
    expect(summary(diff)).toEqual([
      ['text_changed', 'patch', 'to', '/title'],
      ['text_changed', 'patch', 'to', '/scales/quattro/label'],
      ['text_changed', 'patch', 'to', '/sections/1/label'],
      ['item_reworded', 'patch', 'to', '/sections/0/items/0/label'],
      ['item_reworded', 'patch', 'to', '/sections/0/items/1/guidance'],
      ['option_relabelled', 'patch', 'to', '/scales/quattro/options/0/label'],
    ]);
    // One relabelled option of a shared scale is one change naming every item rated on it.
    expect(diff[5]!.items).toEqual(['salute', 'scuola', 'gioco', 'cura']);
    expect(requiredLevel(diff)).toBe('patch');
  });

  it('matches a declared rename through the crosswalk and reports an added item as minor', () => {
    const to = nextGrid('1.1.0', (grid) => {
      section(grid, 0).items[2]!.id = 'svago';
      section(grid, 0).items.push({ id: 'amicizie', label: { it: 'Amicizie', en: 'Friendships' }, scale: 'quattro' });
      grid.previous = { version: '1.0.0', renamed: [{ from: 'gioco', to: 'svago' }], added: ['amicizie'] };
    });
    const diff = diffGrids(baseGrid(), to);
    expect(summary(diff)).toEqual([
      ['item_renamed', 'minor', 'to', '/sections/0/items/2/id'],
      ['item_added', 'minor', 'to', '/sections/0/items/3'],
      // The section score now reads the new item: minor, but no longer comparable (see bump tests).
      ['score_rule_changed', 'minor', 'to', '/scores/0/inputs'],
    ]);
    expect(diff[0]!.items).toEqual(['svago']);
    expect(diff[2]).toMatchObject({ score: 'bisogni_totale', items: ['amicizie'] });
    expect(requiredLevel(diff)).toBe('minor');
  });

  it('uses the crosswalk only from the version it names', () => {
    const to = nextGrid('1.1.0', (grid) => {
      section(grid, 0).items[2]!.id = 'svago';
      grid.previous = { version: '0.9.0', renamed: [{ from: 'gioco', to: 'svago' }] };
    });
    expect(summary(diffGrids(baseGrid(), to)).map(([kind, level]) => [kind, level])).toEqual([
      ['item_removed', 'major'],
      ['item_added', 'minor'],
      ['score_rule_changed', 'major'],
      ['score_rule_changed', 'minor'],
    ]);
    // A version against itself has no change, whatever its crosswalk says.
    expect(diffGrids(to, to)).toEqual([]);
  });

  it('reports an item removed without a crosswalk entry as major, at its place in the old version', () => {
    const to = nextGrid('2.0.0', (grid) => {
      section(grid, 0).items.splice(1, 1);
    });
    const diff = diffGrids(baseGrid(), to);
    expect(summary(diff)).toEqual([
      ['item_removed', 'major', 'from', '/sections/0/items/1'],
      ['score_rule_changed', 'major', 'to', '/scores/0/inputs'],
    ]);
    expect(diff[0]!.items).toEqual(['scuola']);
    expect(requiredLevel(diff)).toBe('major');
  });

  it('reports a removal declared in previous.removed as minor', () => {
    const to = nextGrid('1.1.0', (grid) => {
      section(grid, 0).items.splice(1, 1);
      grid.previous = { version: '1.0.0', removed: ['scuola'] };
    });
    expect(summary(diffGrids(baseGrid(), to))).toEqual([
      ['item_removed', 'minor', 'from', '/sections/0/items/1'],
      ['score_rule_changed', 'minor', 'to', '/scores/0/inputs'],
    ]);
  });

  it('reports changed option values without a recoded entry as a major scale change', () => {
    const to = nextGrid('2.0.0', (grid) => {
      grid.scales.quattro!.options = grid.scales.quattro!.options.map((option) => ({ ...option, value: option.value - 1 }));
    });
    const diff = diffGrids(baseGrid(), to);
    expect(summary(diff)).toEqual([['scale_changed', 'major', 'to', '/scales/quattro/options']]);
    expect(diff[0]!.items).toEqual(['salute', 'scuola', 'gioco', 'cura']);
  });

  it('reports an option dropped without a recoded entry as major, and with one as a minor recode', () => {
    const threeOptions = (grid: Grid): void => {
      grid.scales.tre = { options: grid.scales.quattro!.options.slice(0, 3) };
      section(grid, 0).items[2]!.scale = 'tre';
    };
    const undeclared = nextGrid('2.0.0', threeOptions);
    expect(summary(diffGrids(baseGrid(), undeclared))).toEqual([
      ['option_removed', 'major', 'from', '/scales/quattro/options/3'],
      ['missing_code_removed', 'minor', 'from', '/scales/quattro/missing/0'],
    ]);

    const declared = nextGrid('1.1.0', (grid) => {
      threeOptions(grid);
      grid.scales.tre!.missing = grid.scales.quattro!.missing!;
      grid.previous = { version: '1.0.0', recoded: [{ item: 'gioco', map: { '4': 3 } }] };
    });
    const diff = diffGrids(baseGrid(), declared);
    expect(summary(diff)).toEqual([['item_recoded', 'minor', 'to', '/previous/recoded/0']]);
    expect(diff[0]!.items).toEqual(['gioco']);
  });

  it('reports a changed scoring rule as major, field by field', () => {
    const to = nextGrid('2.0.0', (grid) => {
      grid.scores[1]!.method = 'max';
      grid.scores[0]!.minAnswered = { count: 3 };
      grid.scores[0]!.direction = 'higher_is_worse';
    });
    expect(summary(diffGrids(baseGrid(), to))).toEqual([
      ['score_rule_changed', 'major', 'to', '/scores/0/minAnswered'],
      ['score_rule_changed', 'major', 'to', '/scores/0/direction'],
      ['score_rule_changed', 'major', 'to', '/scores/1/method'],
    ]);
  });

  it('reports a score that starts reading an item the old version had as major', () => {
    const to = nextGrid('2.0.0', (grid) => {
      grid.scores[1]!.inputs.push({ item: 'salute' });
    });
    expect(summary(diffGrids(baseGrid(), to))).toEqual([['score_rule_changed', 'major', 'to', '/scores/1/inputs']]);
  });

  it('treats a section input and the same items listed one by one as the same inputs', () => {
    const to = nextGrid('1.0.1', (grid) => {
      grid.scores[0]!.inputs = [{ item: 'salute' }, { item: 'scuola' }, { item: 'gioco' }];
    });
    expect(diffGrids(baseGrid(), to)).toEqual([]);
  });

  it('reports item properties that change what a score reads as major', () => {
    const to = nextGrid('2.0.0', (grid) => {
      const items = section(grid, 0).items;
      items[0]!.reverse = true;
      items[1]!.weight = 2;
      items[2]!.required = true;
      items[2]!.when = { item: 'salute', in: [1, 2] };
    });
    expect(summary(diffGrids(baseGrid(), to))).toEqual([
      ['reverse_changed', 'major', 'to', '/sections/0/items/0/reverse'],
      // scuola is read by a sum only, which ignores weights
      ['weight_changed', 'patch', 'to', '/sections/0/items/1/weight'],
      ['required_changed', 'minor', 'to', '/sections/0/items/2/required'],
      ['condition_changed', 'major', 'to', '/sections/0/items/2/when'],
    ]);
  });

  it('reports reverse and weight on an item no score reads as minor and patch', () => {
    const withExtra = (grid: Grid): void => {
      grid.sections.push({ id: 'note', label: { it: 'Note' }, items: [{ id: 'extra', label: { it: 'Extra' }, scale: 'quattro' }] });
    };
    const from = baseGrid();
    withExtra(from);
    const to = nextGrid('1.1.0', (grid) => {
      withExtra(grid);
      const extra = section(grid, 2).items[0]!;
      extra.reverse = true;
      extra.weight = 3;
    });
    const changes = diffGrids(from, to);
    expect(summary(changes)).toEqual([
      ['reverse_changed', 'minor', 'to', '/sections/2/items/0/reverse'],
      ['weight_changed', 'patch', 'to', '/sections/2/items/0/weight'],
    ]);
    expect(requiredLevel(changes)).toBe('minor');
  });

  it('ignores input weights of a method that does not use them', () => {
    const to = nextGrid('1.0.1', (grid) => {
      grid.scores[1]!.inputs = [{ item: 'cura', facet: 'current', weight: 3 }, { item: 'cura', facet: 'potential' }];
    });
    expect(diffGrids(baseGrid(), to)).toEqual([]);
  });

  it('compares the effective weights of a weighted_mean', () => {
    const weighted = (grid: Grid, inputWeight: number | undefined, itemWeight: number | undefined): void => {
      grid.scores[1]!.method = 'weighted_mean';
      grid.scores[1]!.inputs = [{ item: 'cura', facet: 'current', ...(inputWeight === undefined ? {} : { weight: inputWeight }) }, { item: 'cura', facet: 'potential' }];
      const cura = section(grid, 1).items[0]!;
      if (itemWeight === undefined) delete cura.weight;
      else cura.weight = itemWeight;
    };
    const from = baseGrid();
    weighted(from, 2, 2);
    // The same effective weight 2, now from the item alone: no score changes.
    const moved = nextGrid('1.0.1', (grid) => weighted(grid, undefined, 2));
    expect(summary(diffGrids(from, moved))).toEqual([]);
    const fromInput = baseGrid();
    weighted(fromInput, 2, undefined);
    // Here the item weight also reaches the other facet, whose effective weight goes from 1 to 2.
    expect(summary(diffGrids(fromInput, moved))).toEqual([
      ['weight_changed', 'patch', 'to', '/sections/1/items/0/weight'],
      ['score_rule_changed', 'major', 'to', '/scores/1/inputs'],
    ]);
    // A different effective weight is a major change of the score.
    const heavier = nextGrid('2.0.0', (grid) => weighted(grid, 5, 2));
    expect(summary(diffGrids(from, heavier))).toEqual([['score_rule_changed', 'major', 'to', '/scores/1/inputs']]);
  });

  it('points at a dropped property in the old version', () => {
    const from = baseGrid();
    section(from, 0).items[0]!.reverse = true;
    expect(summary(diffGrids(from, nextGrid('2.0.0')))).toEqual([['reverse_changed', 'major', 'from', '/sections/0/items/0/reverse']]);
  });

  it('follows renames and recodes inside conditions', () => {
    const from = baseGrid();
    section(from, 0).items[2]!.when = { item: 'salute', in: [3, 4] };
    const to = nextGrid('1.1.0', (grid) => {
      section(grid, 0).items[0]!.id = 'benessere';
      section(grid, 0).items[2]!.when = { item: 'benessere', in: [3, 4] };
      grid.previous = { version: '1.0.0', renamed: [{ from: 'salute', to: 'benessere' }] };
    });
    expect(summary(diffGrids(from, to))).toEqual([['item_renamed', 'minor', 'to', '/sections/0/items/0/id']]);
  });

  it('reports facets, options, missing codes, moves, scores, bands, references, informants and occasions', () => {
    const to = nextGrid('2.0.0', (grid) => {
      const cura = section(grid, 1).items[0]!;
      cura.facets = [cura.facets![0]!, { id: 'supported', label: { it: 'Con sostegno', en: 'With support' } }];
      grid.scales.quattro!.options.push({ value: 5, label: { it: 'Risorsa piena', en: 'Full strength' } });
      grid.scales.quattro!.missing!.push({ code: 'NK', label: { it: 'Non noto', en: 'Not known' } });
      const gioco = section(grid, 0).items.pop()!;
      section(grid, 1).items.push(gioco);
      grid.scores[0]!.bands![0]!.max = 5;
      grid.scores[0]!.bands![1]!.min = 5;
      grid.scores[0]!.reference = { norm: { sd: 2, source: 'illustrative' } };
      grid.scores.push({ id: 'cura_max', label: { it: 'Cura: massimo' }, method: 'max', inputs: [{ item: 'cura', facet: 'current' }], direction: 'higher_is_better' });
      grid.informants = ['social_worker', 'psychologist'];
      grid.occasions!.push({ id: 'T2', after: 'T0', months: 12 });
      grid.occasions![1]!.months = 4;
    });
    const kinds = diffGrids(baseGrid(), to).map((change) => `${change.kind}:${change.level}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'informant_added:minor',
        'informant_removed:minor',
        'occasion_changed:minor',
        'item_moved:minor',
        'facet_added:minor',
        'facet_removed:major',
        'option_added:minor',
        'missing_code_added:minor',
        'score_added:minor',
        'band_changed:minor',
        'reference_changed:minor',
        'score_rule_changed:major',
      ]),
    );
    expect(kinds.filter((kind) => kind === 'occasion_changed:minor')).toHaveLength(2);
  });

  it('reports a removed score as major', () => {
    const to = nextGrid('2.0.0', (grid) => {
      grid.scores.pop();
    });
    expect(summary(diffGrids(baseGrid(), to))).toEqual([['score_removed', 'major', 'from', '/scores/1']]);
  });

  it('widening the scale of a reverse-scored item is major', () => {
    const from = baseGrid();
    section(from, 0).items[0]!.reverse = true;
    const to = nextGrid('1.1.0', (grid) => {
      section(grid, 0).items[0]!.reverse = true;
      grid.scales.quattro!.options.push({ value: 5, label: { it: 'Risorsa piena' } });
    });
    const added = diffGrids(from, to).filter((change) => change.kind === 'option_added');
    expect(added.map((change) => [change.level, change.items])).toEqual([
      ['major', ['salute']],
      ['minor', ['scuola', 'gioco', 'cura']],
    ]);
  });

  it('does not modify either grid', () => {
    const from = baseGrid();
    const to = nextGrid('2.0.0', (grid) => {
      section(grid, 0).items.splice(0, 1);
      grid.scores[1]!.method = 'sum';
    });
    const before = structuredClone([from, to]);
    diffGrids(from, to);
    expect([from, to]).toEqual(before);
  });
});
