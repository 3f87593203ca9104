import type { Grid } from '../types.ts';
import type { Issue } from '../../errors.ts';
import { pointer } from '../../errors.ts';
import { itemsOf, sectionsOf } from '../walk.ts';
import type { GridRule } from './rule.ts';

const code = 'reserved_id';

/**
 * Names every plain object inherits (`constructor`, `toString`, `__proto__`, ...). An id among them
 * would be looked up on Object.prototype by generated response checks and keyed records (ajv sees
 * the inherited property as present), so a response could pass or fail for the wrong reason.
 */
const RESERVED: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

/** Whether an id is one of the names every JavaScript object inherits. */
export function isReservedId(id: string): boolean {
  return RESERVED.has(id);
}

/** Ids that name a property of Object.prototype. */
export const reservedId = {
  code,
  description:
    'Item, facet, section, score, scale and band ids are not names every JavaScript object inherits (`constructor`, `toString`, `valueOf`, `hasOwnProperty`, `__proto__`, ...).',
  check(grid: Grid): Issue[] {
    const issues: Issue[] = [];
    const check = (what: string, id: string, path: string): void => {
      if (!isReservedId(id)) return;
      issues.push({ code, path, message: `This ${what} is a name every JavaScript object already has; choose another id.` });
    };
    for (const scaleId of Object.keys(grid.scales)) check('scale id', scaleId, pointer('scales', scaleId));
    for (const { section, path } of sectionsOf(grid)) check('section id', section.id, `${path}/id`);
    for (const { item, path } of itemsOf(grid)) {
      check('item id', item.id, `${path}/id`);
      (item.facets ?? []).forEach((facet, j) => check('facet id', facet.id, `${path}/facets/${j}/id`));
    }
    grid.scores.forEach((score, i) => {
      check('score id', score.id, pointer('scores', i, 'id'));
      (score.bands ?? []).forEach((band, j) => check('band id', band.id, pointer('scores', i, 'bands', j, 'id')));
    });
    return issues;
  },
} satisfies GridRule;
