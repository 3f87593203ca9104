import type { Grid } from '../types.ts';
import type { Issue } from '../../errors.ts';
import { pointer } from '../../errors.ts';
import { itemsOf, sectionsOf } from '../walk.ts';
import { nameAmong } from '../references.ts';
import { findDuplicates } from './rule.ts';
import type { GridRule } from './rule.ts';

const code = 'duplicate_id';

/** Ids that must be unique: items, sections, scores, occasions and example names grid-wide; facets per item; bands per score; missing codes per scale. */
export const duplicateId = {
  code,
  description:
    'Item, section, score and occasion ids and worked example names are unique in the grid; facet ids are unique within an item, band ids within a score, missing codes within a scale.',
  check(grid: Grid): Issue[] {
    const issues: Issue[] = [];
    const unique = (
      what: string,
      scope: string,
      entries: { key: string; path: string }[],
    ): void => {
      issues.push(
        ...findDuplicates(
          entries.map((entry) => ({ ...entry, value: null })),
          (dup, first) => ({
            code,
            path: dup.path,
            message: `This ${what} is already used at ${first}; ${what}s must be unique ${scope}.`,
          }),
        ),
      );
    };

    const items = itemsOf(grid);
    unique('item id', 'across the whole grid', items.map(({ item, path }) => ({ key: item.id, path: `${path}/id` })));
    unique(
      'section id',
      'across the whole grid',
      sectionsOf(grid).map(({ section, path }) => ({ key: section.id, path: `${path}/id` })),
    );
    unique('score id', 'in the grid', grid.scores.map((score, i) => ({ key: score.id, path: pointer('scores', i, 'id') })));

    const itemIds = items.map(({ item }) => item.id);
    items.forEach(({ item, path }, k) => {
      unique(
        'facet id',
        `within ${nameAmong('item', itemIds, k)}`,
        (item.facets ?? []).map((facet, j) => ({ key: facet.id, path: `${path}/facets/${j}/id` })),
      );
    });
    const scoreIds = grid.scores.map((score) => score.id);
    grid.scores.forEach((score, i) => {
      unique(
        'band id',
        `within ${nameAmong('score', scoreIds, i)}`,
        (score.bands ?? []).map((band, j) => ({ key: band.id, path: pointer('scores', i, 'bands', j, 'id') })),
      );
    });
    for (const [scaleId, scale] of Object.entries(grid.scales)) {
      unique(
        'missing code',
        `within scale \`${scaleId}\``,
        (scale.missing ?? []).map((missing, j) => ({ key: missing.code, path: pointer('scales', scaleId, 'missing', j, 'code') })),
      );
    }
    unique(
      'occasion id',
      'in the grid',
      (grid.occasions ?? []).map((occasion, i) => ({ key: occasion.id, path: pointer('occasions', i, 'id') })),
    );
    unique(
      'worked example name',
      'in the grid',
      (grid.examples ?? []).map((example, i) => ({ key: example.name, path: pointer('examples', i, 'name') })),
    );
    return issues;
  },
} satisfies GridRule;
