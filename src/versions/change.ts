import type { ChangeLevel } from './semver.ts';
import { LEVELS, maxLevel } from './semver.ts';

/** What changed between two versions of a grid. */
export type ChangeKind =
  | 'item_added'
  | 'item_removed'
  | 'item_renamed'
  | 'item_recoded'
  | 'item_reworded'
  | 'item_moved'
  | 'facet_added'
  | 'facet_removed'
  | 'option_added'
  | 'option_removed'
  | 'option_relabelled'
  | 'scale_changed'
  | 'missing_code_added'
  | 'missing_code_removed'
  | 'reverse_changed'
  | 'weight_changed'
  | 'required_changed'
  | 'condition_changed'
  | 'section_added'
  | 'section_removed'
  | 'score_added'
  | 'score_removed'
  | 'score_rule_changed'
  | 'band_changed'
  | 'reference_changed'
  | 'informant_added'
  | 'informant_removed'
  | 'occasion_changed'
  | 'text_changed';

/** One change between two versions, with the semver level it requires (SPEC 5). */
export interface GridChange {
  kind: ChangeKind;
  level: ChangeLevel;
  /** Which version `path` points into: the old one (`from`) or the new one (`to`). */
  side: 'from' | 'to';
  /** JSON Pointer of the changed place in that version. */
  path: string;
  /** A sentence a methodologist understands. */
  message: string;
  /** Items concerned: their id in the new version, or in the old one when they are gone. */
  items?: string[];
  /** The score concerned, for score changes. */
  score?: string;
}

/** Every change from one version to the next, in document order. */
export type GridDiff = GridChange[];

/**
 * The smallest bump the changes require: the largest level among them, or undefined when there is
 * no change at all.
 * @example requiredLevel(diffGrids(v1, v2)) // 'minor'
 */
export function requiredLevel(diff: GridDiff): ChangeLevel | undefined {
  let level: ChangeLevel | undefined;
  for (const change of diff) level = level === undefined ? change.level : maxLevel(level, change.level);
  return level;
}

/** Changes whose level is larger than `level`: the ones a `level` bump does not cover. */
export function changesAbove(diff: GridDiff, level: ChangeLevel): GridChange[] {
  return diff.filter((change) => LEVELS.indexOf(change.level) > LEVELS.indexOf(level));
}
