import type { Grid } from '../types.ts';
import type { Issue } from '../../errors.ts';
import { escapePointerToken, pointer } from '../../errors.ts';
import { facetsOf, isMultiFacet, itemsOf, itemsOfSection, sectionsOf } from '../walk.ts';
import { describeFacetProblem, indexGrid, nameAmong, quoteIds, resolveFacetRef, scaleOf } from '../references.ts';
import type { GridIndex } from '../references.ts';
import type { GridRule } from './rule.ts';

const code = 'unresolved_reference';

/** Every id a grid mentions names something that exists, with the facet rules of docs/scoring.md. */
export const unresolvedReference = {
  code,
  description:
    'Scales, items, facets, sections, scores, informants, occasions and bands named anywhere in the grid exist; an item with facets is referred to with a facet, a single-facet item without one.',
  check(grid: Grid): Issue[] {
    const index = indexGrid(grid);
    return [
      ...checkItemScales(grid),
      ...checkConditions(grid, index),
      ...checkScoreInputs(grid, index),
      ...checkInformants(grid),
      ...checkOccasions(grid),
      ...checkComparableScores(grid, index),
      ...checkExamples(grid, index),
    ];
  },
} satisfies GridRule;

const issue = (path: string, message: string): Issue => ({ code, path, message });

function checkItemScales(grid: Grid): Issue[] {
  const issues: Issue[] = [];
  const defined = Object.keys(grid.scales).map((id) => `\`${id}\``);
  const known = defined.length > 0 ? `; the scales it defines are ${defined.join(', ')}` : '';
  const unknownScale = (path: string, owner: string): Issue => issue(path, `${owner} names a scale that the grid does not define under \`scales\`${known}.`);
  for (const { item, path } of itemsOf(grid)) {
    if (item.scale !== undefined && !scaleOf(grid, item.scale)) {
      issues.push(unknownScale(`${path}/scale`, `Item \`${item.id}\``));
    }
    if (!isMultiFacet(item)) {
      if (item.scale === undefined) {
        issues.push(issue(`${path}/scale`, `Item \`${item.id}\` has no scale; give it a \`scale\` (or facets that each name one).`));
      }
      continue;
    }
    (item.facets ?? []).forEach((facet, j) => {
      const facetPath = `${path}/facets/${j}/scale`;
      if (facet.scale !== undefined && !scaleOf(grid, facet.scale)) {
        issues.push(unknownScale(facetPath, `Facet \`${facet.id}\` of item \`${item.id}\``));
      } else if (facet.scale === undefined && item.scale === undefined) {
        issues.push(
          issue(facetPath, `Facet \`${facet.id}\` of item \`${item.id}\` has no scale, and neither has the item; give one of them a \`scale\`.`),
        );
      }
    });
  }
  return issues;
}

function checkConditions(grid: Grid, index: GridIndex): Issue[] {
  const issues: Issue[] = [];
  for (const { item, path } of itemsOf(grid)) {
    if (!item.when) continue;
    const target = index.items.get(item.when.item);
    if (!target) {
      issues.push(
        issue(`${path}/when/item`, `Item \`${item.id}\` is conditional on an item that does not exist in this grid.`),
      );
      continue;
    }
    const resolved = resolveFacetRef(target.item, item.when.facet);
    if (!resolved.ok) {
      issues.push(
        issue(
          `${path}/when/facet`,
          `The condition of item \`${item.id}\` is not valid: ${describeFacetProblem(resolved.problem, target.item.id, target.item)}`,
        ),
      );
    }
  }
  return issues;
}

function checkScoreInputs(grid: Grid, index: GridIndex): Issue[] {
  const issues: Issue[] = [];
  const scoreIds = grid.scores.map((score) => score.id);
  grid.scores.forEach((score, i) => {
    score.inputs.forEach((input, j) => {
      const base = pointer('scores', i, 'inputs', j);
      const owner = `An input of ${nameAmong('score', scoreIds, i)}`;
      if ('item' in input) {
        const located = index.items.get(input.item);
        if (!located) {
          issues.push(issue(`${base}/item`, `${owner} names an item that does not exist in this grid.`));
          return;
        }
        const resolved = resolveFacetRef(located.item, input.facet);
        if (!resolved.ok) {
          issues.push(issue(`${base}/facet`, `${owner} is not valid: ${describeFacetProblem(resolved.problem, located.item.id, located.item)}`));
        }
      } else if ('section' in input) {
        if (!index.sections.has(input.section)) {
          issues.push(issue(`${base}/section`, `${owner} names a section that does not exist in this grid.`));
          return;
        }
        const items = itemsOfSection(grid, input.section).map(({ item }) => item);
        if (input.facet === undefined) {
          const multi = items.filter(isMultiFacet).map((item) => `\`${item.id}\``);
          if (multi.length > 0) {
            issues.push(
              issue(
                `${base}/facet`,
                `${owner} takes every item of section \`${input.section}\` without naming a facet, but ${multi.join(', ')} ${multi.length === 1 ? 'is' : 'are'} rated on several facets; add the \`facet\` to take.`,
              ),
            );
          }
        } else {
          const facet = input.facet;
          const lacking = items.filter((item) => !isMultiFacet(item) || !facetsOf(item).some((f) => f.id === facet)).map((item) => `\`${item.id}\``);
          if (lacking.length > 0) {
            issues.push(
              issue(
                `${base}/facet`,
                `${owner} takes the facet it names from every item of section \`${input.section}\`, but ${lacking.join(', ')} ${lacking.length === 1 ? 'has' : 'have'} no facet of that name.`,
              ),
            );
          }
        }
      } else if (!index.scores.has(input.score)) {
        issues.push(issue(`${base}/score`, `${owner} names a score that does not exist in this grid.`));
      }
    });
  });
  return issues;
}

function checkInformants(grid: Grid): Issue[] {
  const known = new Set(grid.informants);
  const issues: Issue[] = [];
  for (const { section, path } of sectionsOf(grid)) {
    (section.informants ?? []).forEach((informant, k) => {
      if (!known.has(informant)) {
        issues.push(
          issue(
            `${path}/informants/${k}`,
            `Section \`${section.id}\` lets an informant rate it that the grid's \`informants\` do not include; they are ${quoteIds(grid.informants).join(', ')}.`,
          ),
        );
      }
    });
  }
  return issues;
}

function checkOccasions(grid: Grid): Issue[] {
  const occasions = grid.occasions ?? [];
  const known = new Set(occasions.map((occasion) => occasion.id));
  const issues: Issue[] = [];
  occasions.forEach((occasion, i) => {
    if (occasion.after !== undefined && !known.has(occasion.after)) {
      issues.push(
        issue(
          pointer('occasions', i, 'after'),
          `Occasion \`${occasion.id}\` is timed after an occasion that the grid does not list under \`occasions\`; they are ${quoteIds(occasions.map((entry) => entry.id)).join(', ')}.`,
        ),
      );
    }
  });
  return issues;
}

function checkComparableScores(grid: Grid, index: GridIndex): Issue[] {
  return (grid.previous?.comparableScores ?? []).flatMap((id, k) =>
    index.scores.has(id)
      ? []
      : [issue(pointer('previous', 'comparableScores', k), 'A score declared comparable with the previous version does not exist in this version.')],
  );
}

function checkExamples(grid: Grid, index: GridIndex): Issue[] {
  const issues: Issue[] = [];
  const scoreIds = grid.scores.map((score) => score.id);
  (grid.examples ?? []).forEach((example, i) => {
    const base = pointer('examples', i);
    // Named by position: an example's name is free text, and messages never echo text.
    const name = `Worked example ${i + 1}`;
    for (const [itemId, response] of Object.entries(example.responses)) {
      const responsePath = `${base}/responses/${escapePointerToken(itemId)}`;
      const located = index.items.get(itemId);
      if (!located) {
        issues.push(issue(responsePath, `${name} answers an item that does not exist in this grid.`));
        continue;
      }
      // A scalar for a multi-facet item (or the reverse) is a malformed answer: invalid_example says so.
      if (typeof response !== 'object' || !isMultiFacet(located.item)) continue;
      const facets = new Set(facetsOf(located.item).map((facet) => facet.id));
      for (const facetId of Object.keys(response)) {
        if (!facets.has(facetId)) {
          issues.push(
            issue(
              `${responsePath}/${escapePointerToken(facetId)}`,
              `${name} answers a facet that item \`${located.item.id}\` does not have; its facets are ${quoteIds(facetsOf(located.item).map((facet) => facet.id)).join(', ') || 'all used twice'}.`,
            ),
          );
        }
      }
    }
    for (const scoreId of Object.keys(example.expect.scores)) {
      if (!index.scores.has(scoreId)) {
        issues.push(
          issue(`${base}/expect/scores/${escapePointerToken(scoreId)}`, `${name} expects a value for a score that does not exist in this grid.`),
        );
      }
    }
    for (const [scoreId, bandId] of Object.entries(example.expect.bands ?? {})) {
      const bandPath = `${base}/expect/bands/${escapePointerToken(scoreId)}`;
      const located = index.scores.get(scoreId);
      if (!located) {
        issues.push(issue(bandPath, `${name} expects a band for a score that does not exist in this grid.`));
      } else if (bandId !== null && !(located.score.bands ?? []).some((band) => band.id === bandId)) {
        const bands = quoteIds((located.score.bands ?? []).map((band) => band.id));
        issues.push(
          issue(bandPath, `${name} expects for ${nameAmong('score', scoreIds, located.index)} a band it does not have; ${bands.length > 0 ? `its bands are ${bands.join(', ')}` : 'it has no bands'}.`),
        );
      }
    }
  });
  return issues;
}
