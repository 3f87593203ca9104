import { describe, expect, it } from 'vitest';
import type { Grid } from '../../src/grid/index.ts';
import { checkVersionBump, compareVersions, parseVersion } from '../../src/versions/index.ts';
import { baseGrid, nextGrid } from './fixtures.ts';

function items(grid: Grid, section: number) {
  const found = grid.sections[section]?.items;
  if (!found) throw new Error(`fixture has no section ${section} with items`);
  return found;
}

const codesAndPaths = (grid: Grid, from = baseGrid()): [string, string][] =>
  checkVersionBump(from, grid).map((issue) => [issue.code, issue.path]);

describe('checkVersionBump', () => {
  it('accepts a minor bump for a declared rename and an added item', () => {
    const to = nextGrid('1.1.0', (grid) => {
      items(grid, 0)[2]!.id = 'svago';
      items(grid, 0).push({ id: 'amicizie', label: { it: 'Amicizie' }, scale: 'quattro' });
      grid.previous = { version: '1.0.0', renamed: [{ from: 'gioco', to: 'svago' }], added: ['amicizie'], comparableScores: ['cura_media'] };
    });
    expect(checkVersionBump(baseGrid(), to)).toEqual([]);
  });

  it('accepts a bump larger than needed', () => {
    expect(checkVersionBump(baseGrid(), nextGrid('2.0.0'))).toEqual([]);
    expect(checkVersionBump(baseGrid(), nextGrid('1.0.1'))).toEqual([]);
  });

  it('refuses a patch bump for major changes, listing every change that needs the larger bump', () => {
    const to = nextGrid('1.0.1', (grid) => {
      items(grid, 0).splice(1, 1);
      grid.scores[1]!.method = 'max';
      grid.title = { it: 'Titolo nuovo', en: 'New title' };
    });
    const issues = checkVersionBump(baseGrid(), to);
    expect(issues.map((issue) => [issue.code, issue.path])).toEqual([['version_bump_too_small', '/version']]);
    const message = issues[0]!.message;
    // The list names each change above a patch (by its kind and place), and not the wording change.
    expect(message).toContain('item_removed at /sections/0/items/1');
    expect(message).toContain('score_rule_changed at /scores/1/method');
    expect(message).toContain('score_rule_changed at /scores/0/inputs');
    expect(message).not.toContain('text_changed');
  });

  it('refuses a minor bump for a major change', () => {
    const to = nextGrid('1.1.0', (grid) => {
      items(grid, 0)[0]!.reverse = true;
    });
    expect(codesAndPaths(to)).toEqual([['version_bump_too_small', '/version']]);
  });

  it('refuses a version that does not grow, comparing numbers not text', () => {
    expect(codesAndPaths(nextGrid('1.0.0'))).toEqual([['version_bump_too_small', '/version']]);
    const from = baseGrid();
    from.version = '1.10.0';
    const to = nextGrid('1.9.0', (grid) => {
      grid.previous = { version: '1.10.0' };
    });
    expect(codesAndPaths(to, from)).toEqual([['version_bump_too_small', '/version']]);
    const later = nextGrid('1.10.0', (grid) => {
      grid.previous = { version: '1.9.0' };
    });
    const nine = baseGrid();
    nine.version = '1.9.0';
    expect(codesAndPaths(later, nine)).toEqual([]);
  });

  it('requires previous.version to name the old version', () => {
    const wrong = nextGrid('1.0.1', (grid) => {
      grid.previous = { version: '0.9.0' };
    });
    expect(codesAndPaths(wrong)).toEqual([['previous_version_mismatch', '/previous/version']]);
    const missing = nextGrid('1.0.1', (grid) => {
      delete grid.previous;
    });
    expect(codesAndPaths(missing)).toEqual([['previous_version_mismatch', '/previous']]);
  });

  it('refuses a crosswalk naming items or values the old version does not have', () => {
    const to = nextGrid('2.0.0', (grid) => {
      grid.previous = {
        version: '1.0.0',
        renamed: [{ from: 'fantasma', to: 'salute' }],
        removed: ['inesistente'],
        recoded: [
          { item: 'nuovo', map: { '1': 1 } },
          { item: 'scuola', map: { '7': 4 } },
          { item: 'cura', facet: 'future', map: { '1': 1 } },
        ],
      };
    });
    expect(codesAndPaths(to)).toEqual([
      ['crosswalk_unknown_item', '/previous/renamed/0/from'],
      ['crosswalk_unknown_item', '/previous/removed/0'],
      ['crosswalk_unknown_item', '/previous/recoded/0/item'],
      ['crosswalk_unknown_item', '/previous/recoded/1/map/7'],
      ['crosswalk_unknown_item', '/previous/recoded/2/facet'],
    ]);
  });

  it('accepts a recode of a renamed item named by its new id', () => {
    const to = nextGrid('1.1.0', (grid) => {
      grid.scales.tre = { options: grid.scales.quattro!.options.slice(0, 3) };
      const gioco = items(grid, 0)[2]!;
      gioco.id = 'svago';
      gioco.scale = 'tre';
      grid.previous = { version: '1.0.0', renamed: [{ from: 'gioco', to: 'svago' }], recoded: [{ item: 'svago', map: { '4': 3 } }] };
    });
    expect(checkVersionBump(baseGrid(), to)).toEqual([]);
  });

  it('refuses comparable scores that are unknown or whose meaning changed', () => {
    const to = nextGrid('2.0.0', (grid) => {
      items(grid, 0).push({ id: 'amicizie', label: { it: 'Amicizie' }, scale: 'quattro' });
      grid.scores[1]!.method = 'max';
      grid.scores.push({ id: 'nuovo', label: { it: 'Nuovo' }, method: 'count', inputs: [{ item: 'salute' }], direction: 'higher_is_better' });
      grid.previous = { version: '1.0.0', added: ['amicizie'], comparableScores: ['bisogni_totale', 'cura_media', 'nuovo'] };
    });
    expect(codesAndPaths(to)).toEqual([
      // Gained a new item: a minor change, but the totals no longer compare.
      ['comparability_invalid', '/previous/comparableScores/0'],
      ['comparability_invalid', '/previous/comparableScores/1'],
      ['comparability_invalid', '/previous/comparableScores/2'],
    ]);
  });

  it('refuses a comparable score over a score whose meaning changed', () => {
    const from = baseGrid();
    from.scores.push({ id: 'generale', label: { it: 'Generale' }, method: 'mean', inputs: [{ score: 'cura_media' }], direction: 'higher_is_better' });
    const to = structuredClone(from);
    to.version = '2.0.0';
    to.previous = { version: '1.0.0', comparableScores: ['generale'] };
    to.scores[1]!.round = 2;
    expect(codesAndPaths(to, from)).toEqual([['comparability_invalid', '/previous/comparableScores/0']]);
  });

  it.each([
    ['an option added', (grid: Grid) => grid.scales.quattro!.options.push({ value: 5, label: { it: 'Risorsa piena' } })],
    ['an option removed', (grid: Grid) => grid.scales.quattro!.options.pop()],
    ['the option values changed', (grid: Grid) => grid.scales.quattro!.options.forEach((option) => (option.value += 10))],
    ['an input item reversed', (grid: Grid) => (items(grid, 1)[0]!.reverse = true)],
  ])('refuses a comparable score after %s on its items\' scale', (_name, change) => {
    const to = nextGrid('2.0.0', (grid) => {
      change(grid);
      grid.previous = { version: '1.0.0', comparableScores: ['cura_media'] };
    });
    expect(codesAndPaths(to)).toContainEqual(['comparability_invalid', '/previous/comparableScores/0']);
  });

  it('refuses a version of another grid', () => {
    const to = nextGrid('1.0.1', (grid) => {
      grid.id = 'altra-griglia';
    });
    expect(codesAndPaths(to)).toEqual([['grid_id_mismatch', '/id']]);
  });
});

describe('compareVersions', () => {
  const order = (a: string, b: string): number => compareVersions(parseVersion(a)!, parseVersion(b)!);

  it('orders by number, a pre-release before its release', () => {
    expect(order('1.10.0', '1.9.0')).toBe(1);
    expect(order('2.0.0', '10.0.0')).toBe(-1);
    expect(order('1.0.0-rc.1', '1.0.0')).toBe(-1);
    expect(order('1.0.0-rc.2', '1.0.0-rc.10')).toBe(-1);
    expect(order('1.0.0+build.5', '1.0.0')).toBe(0);
    expect(parseVersion('1.0')).toBeUndefined();
    expect(parseVersion('01.0.0')).toBeUndefined();
  });
});
