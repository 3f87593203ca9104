import type { Grid } from '../types.ts';
import type { Issue } from '../../errors.ts';
import { escapePointerToken } from '../../errors.ts';
import { textsOf } from '../texts.ts';
import type { GridRule } from './rule.ts';

const code = 'missing_translation';

/** A grid that declares its languages must be complete in each of them. */
export const missingTranslation = {
  code,
  description: 'When the grid declares `languages`, every text of the grid is given in every one of them.',
  check(grid: Grid): Issue[] {
    const languages = grid.languages ?? [];
    if (languages.length === 0) return [];
    return textsOf(grid).flatMap(({ text, path }) =>
      languages
        .filter((lang) => !Object.hasOwn(text, lang))
        .map((lang) => ({
          code,
          path: `${path}/${escapePointerToken(lang)}`,
          message: `The text at ${path} has no \`${lang}\` version, but the grid declares \`${lang}\` among its languages.`,
        })),
    );
  },
} satisfies GridRule;
