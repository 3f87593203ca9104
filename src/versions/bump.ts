import type { Grid } from '../grid/index.ts';
import { facetsOf, itemsOf } from '../grid/index.ts';
import type { Issue } from '../errors.ts';
import { pointer } from '../errors.ts';
import type { ChangeKind, GridChange, GridDiff } from './change.ts';
import { changesAbove, requiredLevel } from './change.ts';
import { readCrosswalk } from './crosswalk.ts';
import { diffGrids } from './diff.ts';
import { expandInputs } from './score-inputs.ts';
import { bumpLevel, compareVersions, levelAtLeast, parseVersion } from './semver.ts';

/**
 * Check a new version against the version before it (SPEC 5): the version number grows by at
 * least the bump the changes require, `previous` names the old version, the crosswalk names what
 * the old version has, and every score declared comparable kept its meaning.
 *
 * Issue codes: `version_bump_too_small` (at `/version`, listing the changes that need the larger
 * bump), `grid_id_mismatch`, `previous_version_mismatch`, `crosswalk_unknown_item`,
 * `comparability_invalid`. An empty list means the new version may follow the old one.
 *
 * @example
 * const issues = checkVersionBump(v1, v2); // [] when v2 may follow v1
 */
export function checkVersionBump(from: Grid, to: Grid, diff: GridDiff = diffGrids(from, to)): Issue[] {
  return [...checkIdentity(from, to), ...checkBump(from, to, diff), ...checkPrevious(from, to), ...checkCrosswalk(from, to), ...checkComparability(from, to, diff)];
}

function checkIdentity(from: Grid, to: Grid): Issue[] {
  if (from.id === to.id) return [];
  return [{ code: 'grid_id_mismatch', path: '/id', message: `grid ${to.id} cannot follow a version of another grid (${from.id})` }];
}

function describe(change: GridChange): string {
  const where = change.side === 'from' ? `${change.path} of the previous version` : change.path;
  return `${change.level} ${change.kind} at ${where}: ${change.message}`;
}

function checkBump(from: Grid, to: Grid, diff: GridDiff): Issue[] {
  const before = parseVersion(from.version);
  const after = parseVersion(to.version);
  // A malformed version is the meta-schema's concern; nothing can be compared here.
  if (!before || !after) return [];
  const needed = requiredLevel(diff) ?? 'patch';
  if (compareVersions(after, before) <= 0) {
    return [
      {
        code: 'version_bump_too_small',
        path: '/version',
        message: `version ${to.version} must be greater than the previous version ${from.version}; the changes require at least a ${needed} bump`,
      },
    ];
  }
  const bump = bumpLevel(before, after);
  if (levelAtLeast(bump, needed)) return [];
  const reasons = changesAbove(diff, bump).map(describe);
  return [
    {
      code: 'version_bump_too_small',
      path: '/version',
      message: `${from.version} -> ${to.version} is a ${bump} bump, but these changes require a ${needed} bump: ${reasons.join('; ')}`,
    },
  ];
}

function checkPrevious(from: Grid, to: Grid): Issue[] {
  if (to.previous === undefined) {
    return [{ code: 'previous_version_mismatch', path: '/previous', message: `version ${to.version} does not declare its previous version (previous.version: ${from.version})` }];
  }
  if (to.previous.version === from.version) return [];
  return [
    {
      code: 'previous_version_mismatch',
      path: '/previous/version',
      message: `previous.version is ${to.previous.version}, but the version before ${to.version} is ${from.version}`,
    },
  ];
}

function checkCrosswalk(from: Grid, to: Grid): Issue[] {
  const issues: Issue[] = [];
  const oldItems = new Map(itemsOf(from).map((located) => [located.item.id, located.item]));
  const crosswalk = readCrosswalk(from, to, to.previous);
  const unknown = (path: string, id: string, where: string): void => {
    issues.push({ code: 'crosswalk_unknown_item', path, message: `${where} names item ${id}, which version ${from.version} does not have` });
  };
  (to.previous?.renamed ?? []).forEach((entry, i) => {
    if (!oldItems.has(entry.from)) unknown(pointer('previous', 'renamed', i, 'from'), entry.from, 'previous.renamed');
  });
  (to.previous?.removed ?? []).forEach((id, i) => {
    if (!oldItems.has(id)) unknown(pointer('previous', 'removed', i), id, 'previous.removed');
  });
  (to.previous?.recoded ?? []).forEach((entry, i) => {
    // A recoded item is named as this version calls it; the old version must have it too.
    const oldId = crosswalk.oldIdOf(entry.item);
    const item = oldId === undefined ? undefined : oldItems.get(oldId);
    if (!item) {
      issues.push({
        code: 'crosswalk_unknown_item',
        path: pointer('previous', 'recoded', i, 'item'),
        message: `previous.recoded names item ${entry.item}, which version ${from.version} does not have (under this id or a declared former one)`,
      });
      return;
    }
    const facets = facetsOf(item).filter((facet) => entry.facet === undefined || facet.id === entry.facet);
    if (facets.length === 0) {
      issues.push({
        code: 'crosswalk_unknown_item',
        path: pointer('previous', 'recoded', i, 'facet'),
        message: `previous.recoded names facet ${entry.facet ?? ''} of item ${entry.item}, which version ${from.version} does not rate`,
      });
      return;
    }
    const oldValues = new Set<number>();
    for (const facet of facets) {
      const scale = facet.scale === undefined ? undefined : from.scales[facet.scale];
      for (const option of scale?.options ?? []) oldValues.add(option.value);
    }
    for (const key of Object.keys(entry.map)) {
      if (key.trim() !== '' && oldValues.has(Number(key))) continue;
      issues.push({
        code: 'crosswalk_unknown_item',
        path: pointer('previous', 'recoded', i, 'map', key),
        message: `previous.recoded maps value ${key} of item ${entry.item}, which is not one of its option values in version ${from.version} (${[...oldValues].join(', ')})`,
      });
    }
  });
  return issues;
}

/**
 * Item-level changes that alter the values a score reads from that item. An added option counts:
 * the item can now take a value it could not, so the score's range and distribution move. A weight
 * change is judged per score (score_rule_changed), where the method uses weights at all.
 */
const MEANING_KINDS: ReadonlySet<ChangeKind> = new Set<ChangeKind>([
  'reverse_changed',
  'scale_changed',
  'option_added',
  'option_removed',
  'item_recoded',
  'condition_changed',
  'facet_removed',
]);

/**
 * A score may be declared comparable only when its value means the same in both versions: same
 * rule, same inputs up to declared renames, and inputs whose values did not change, down through
 * the scores it reads.
 */
function checkComparability(from: Grid, to: Grid, diff: GridDiff): Issue[] {
  const issues: Issue[] = [];
  const oldScores = new Set(from.scores.map((score) => score.id));
  const newScores = new Map(to.scores.map((score) => [score.id, score]));

  const reasonsCache = new Map<string, string[]>();
  const reasonsFor = (scoreId: string, visiting: Set<string>): string[] => {
    const cached = reasonsCache.get(scoreId);
    if (cached) return cached;
    const score = newScores.get(scoreId);
    if (!score || visiting.has(scoreId)) return [];
    visiting.add(scoreId);
    const reasons: string[] = [];
    if (!oldScores.has(scoreId)) reasons.push(`score ${scoreId} is new`);
    for (const change of diff) {
      if (change.kind === 'score_rule_changed' && change.score === scoreId) reasons.push(change.message);
    }
    const inputItems = new Set<string>();
    for (const atom of expandInputs(to, score)) {
      if (atom.kind === 'item') inputItems.add(atom.item);
      else if (reasonsFor(atom.score, visiting).length > 0) reasons.push(`its input score ${atom.score} changed meaning`);
    }
    for (const change of diff) {
      if (MEANING_KINDS.has(change.kind) && (change.items ?? []).some((id) => inputItems.has(id))) reasons.push(change.message);
    }
    visiting.delete(scoreId);
    reasonsCache.set(scoreId, reasons);
    return reasons;
  };

  (to.previous?.comparableScores ?? []).forEach((scoreId, i) => {
    const path = pointer('previous', 'comparableScores', i);
    if (!oldScores.has(scoreId)) {
      issues.push({ code: 'comparability_invalid', path, message: `score ${scoreId} is declared comparable, but version ${from.version} has no such score` });
      return;
    }
    if (!newScores.has(scoreId)) {
      issues.push({ code: 'comparability_invalid', path, message: `score ${scoreId} is declared comparable, but this version has no such score` });
      return;
    }
    const reasons = reasonsFor(scoreId, new Set());
    if (reasons.length > 0) {
      issues.push({
        code: 'comparability_invalid',
        path,
        message: `score ${scoreId} is declared comparable with version ${from.version}, but its meaning changed: ${reasons.join('; ')}`,
      });
    }
  });
  return issues;
}
