import type { Grid } from '../types.ts';
import type { Issue } from '../../errors.ts';
import { escapePointerToken, pointer } from '../../errors.ts';
import { facetsOf, isMultiFacet, itemsOf, itemsOfSection, sectionsOf } from '../walk.ts';
import { describeFacetProblem, indexGrid, resolveFacetRef, scaleOf } from '../references.ts';
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
  const unknownScale = (path: string, owner: string, id: string): Issue =>
    issue(path, `${owner} uses the scale \`${id}\`, which the grid does not define under \`scales\`.`);
  for (const { item, path } of itemsOf(grid)) {
    if (item.scale !== undefined && !scaleOf(grid, item.scale)) {
      issues.push(unknownScale(`${path}/scale`, `Item \`${item.id}\``, item.scale));
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
        issues.push(unknownScale(facetPath, `Facet \`${facet.id}\` of item \`${item.id}\``, facet.scale));
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
        issue(`${path}/when/item`, `Item \`${item.id}\` is conditional on item \`${item.when.item}\`, which does not exist in this grid.`),
      );
      continue;
    }
    const resolved = resolveFacetRef(target.item, item.when.facet);
    if (!resolved.ok) {
      issues.push(
        issue(
          `${path}/when/facet`,
          `The condition of item \`${item.id}\` is not valid: ${describeFacetProblem(resolved.problem, target.item.id, item.when.facet, target.item)}`,
        ),
      );
    }
  }
  return issues;
}

function checkScoreInputs(grid: Grid, index: GridIndex): Issue[] {
  const issues: Issue[] = [];
  grid.scores.forEach((score, i) => {
    score.inputs.forEach((input, j) => {
      const base = pointer('scores', i, 'inputs', j);
      const owner = `An input of score \`${score.id}\``;
      if ('item' in input) {
        const located = index.items.get(input.item);
        if (!located) {
          issues.push(issue(`${base}/item`, `${owner} names item \`${input.item}\`, which does not exist in this grid.`));
          return;
        }
        const resolved = resolveFacetRef(located.item, input.facet);
        if (!resolved.ok) {
          issues.push(issue(`${base}/facet`, `${owner} is not valid: ${describeFacetProblem(resolved.problem, input.item, input.facet, located.item)}`));
        }
      } else if ('section' in input) {
        if (!index.sections.has(input.section)) {
          issues.push(issue(`${base}/section`, `${owner} names section \`${input.section}\`, which does not exist in this grid.`));
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
                `${owner} takes facet \`${facet}\` of every item of section \`${input.section}\`, but ${lacking.join(', ')} ${lacking.length === 1 ? 'has' : 'have'} no such facet.`,
              ),
            );
          }
        }
      } else if (!index.scores.has(input.score)) {
        issues.push(issue(`${base}/score`, `${owner} names score \`${input.score}\`, which does not exist in this grid.`));
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
            `Section \`${section.id}\` lets \`${informant}\` rate it, but the grid's \`informants\` do not include \`${informant}\`.`,
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
          `Occasion \`${occasion.id}\` is timed after occasion \`${occasion.after}\`, which the grid does not list under \`occasions\`.`,
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
      : [issue(pointer('previous', 'comparableScores', k), `Score \`${id}\` is declared comparable with the previous version, but this version has no such score.`)],
  );
}

function checkExamples(grid: Grid, index: GridIndex): Issue[] {
  const issues: Issue[] = [];
  (grid.examples ?? []).forEach((example, i) => {
    const base = pointer('examples', i);
    const name = `Worked example \`${example.name}\``;
    for (const [itemId, response] of Object.entries(example.responses)) {
      const responsePath = `${base}/responses/${escapePointerToken(itemId)}`;
      const located = index.items.get(itemId);
      if (!located) {
        issues.push(issue(responsePath, `${name} answers item \`${itemId}\`, which does not exist in this grid.`));
        continue;
      }
      // A scalar for a multi-facet item (or the reverse) is a malformed answer: invalid_example says so.
      if (typeof response !== 'object' || !isMultiFacet(located.item)) continue;
      const facets = new Set(facetsOf(located.item).map((facet) => facet.id));
      for (const facetId of Object.keys(response)) {
        if (!facets.has(facetId)) {
          issues.push(
            issue(`${responsePath}/${escapePointerToken(facetId)}`, `${name} answers facet \`${facetId}\` of item \`${itemId}\`, which has no such facet.`),
          );
        }
      }
    }
    for (const scoreId of Object.keys(example.expect.scores)) {
      if (!index.scores.has(scoreId)) {
        issues.push(
          issue(`${base}/expect/scores/${escapePointerToken(scoreId)}`, `${name} expects a value for score \`${scoreId}\`, which does not exist in this grid.`),
        );
      }
    }
    for (const [scoreId, bandId] of Object.entries(example.expect.bands ?? {})) {
      const bandPath = `${base}/expect/bands/${escapePointerToken(scoreId)}`;
      const located = index.scores.get(scoreId);
      if (!located) {
        issues.push(issue(bandPath, `${name} expects a band for score \`${scoreId}\`, which does not exist in this grid.`));
      } else if (bandId !== null && !(located.score.bands ?? []).some((band) => band.id === bandId)) {
        issues.push(issue(bandPath, `${name} expects band \`${bandId}\` for score \`${scoreId}\`, which has no such band.`));
      }
    }
  });
  return issues;
}
