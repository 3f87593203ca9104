import type { Condition, Grid, I18nText, OccasionSpec, PreviousLink, Score, Section } from '../grid/index.ts';
import type { LocatedItem, ResolvedFacet } from '../grid/index.ts';
import { SINGLE_FACET_ID, canonicalJson, facetsOf, isMultiFacet, itemsOf, sectionsOf } from '../grid/index.ts';
import { pointer } from '../errors.ts';
import { scoreMethods } from '../compiler/index.ts';
import type { ChangeKind, GridChange, GridDiff } from './change.ts';
import type { Crosswalk } from './crosswalk.ts';
import { readCrosswalk } from './crosswalk.ts';
import type { ChangeLevel } from './semver.ts';
import { expandInputs, scoredItemIds } from './score-inputs.ts';

/**
 * Every change from one version of a grid to the next, each with the semver level it requires
 * (SPEC 5): wording only is a patch; additions, band and reference changes and anything declared in
 * the new version's crosswalk (`previous`) are minor; whatever changes an existing score's meaning is
 * major. Items are matched through the declared renames, so a rename is one change, not a removal
 * plus an addition; the crosswalk is used only when `to.previous.version` is `from.version`.
 * Neither grid is modified.
 *
 * @example
 * for (const change of diffGrids(v1, v2)) console.log(change.level, change.kind, change.path);
 */
export function diffGrids(from: Grid, to: Grid): GridDiff {
  // The crosswalk describes the step from `previous.version` only; between other versions (or a
  // version and itself) items are matched by id alone.
  const previous = to.previous?.version === from.version ? to.previous : undefined;
  const context: DiffContext = { from, to, previous, crosswalk: readCrosswalk(from, to, previous), out: [] };
  diffGridText(context);
  diffInformants(context, from.informants, to.informants, '/informants', 'the grid');
  diffOccasions(context);
  diffSections(context);
  diffItems(context);
  diffRecodes(context);
  diffScores(context);
  return context.out;
}

interface DiffContext {
  from: Grid;
  to: Grid;
  /** `to.previous` when it names `from`, else undefined. */
  previous: PreviousLink | undefined;
  crosswalk: Crosswalk;
  out: GridChange[];
}

function add(context: DiffContext, change: GridChange): void {
  context.out.push(change);
}

/** Same meaning as JSON (key order and absent-vs-undefined do not matter). */
function same(a: unknown, b: unknown): boolean {
  return canonicalJson(a ?? null) === canonicalJson(b ?? null);
}

function quoted(text: I18nText | undefined): string {
  return text === undefined ? '(none)' : JSON.stringify(text.it);
}

function list(values: readonly (string | number)[]): string {
  return values.join(', ');
}

/**
 * A wording change of an optional text: its path is in the new version, or in the old one when
 * the text was dropped.
 */
function textChange(
  context: DiffContext,
  kind: ChangeKind,
  before: I18nText | undefined,
  after: I18nText | undefined,
  paths: { from: string; to: string },
  what: string,
  extra: Partial<GridChange> = {},
): void {
  if (same(before, after)) return;
  const side = after === undefined ? 'from' : 'to';
  add(context, {
    kind,
    level: 'patch',
    side,
    path: paths[side],
    message: `${what} changed from ${quoted(before)} to ${quoted(after)}`,
    ...extra,
  });
}

function diffGridText(context: DiffContext): void {
  const { from, to } = context;
  textChange(context, 'text_changed', from.title, to.title, { from: '/title', to: '/title' }, 'the title');
  textChange(context, 'text_changed', from.description, to.description, { from: '/description', to: '/description' }, 'the description');
  const before = new Set(from.languages ?? ['it']);
  const after = new Set(to.languages ?? ['it']);
  const gained = [...after].filter((lang) => !before.has(lang));
  const lost = [...before].filter((lang) => !after.has(lang));
  if (gained.length > 0) {
    add(context, { kind: 'text_changed', level: 'patch', side: 'to', path: '/languages', message: `translations added: ${list(gained)}` });
  }
  if (lost.length > 0) {
    add(context, { kind: 'text_changed', level: 'patch', side: 'from', path: '/languages', message: `translations dropped: ${list(lost)}` });
  }
  // A scale's own label; its options are compared per item facet (diffFacetScale).
  for (const [id, scale] of Object.entries(to.scales)) {
    const previous = from.scales[id];
    if (!previous) continue;
    const path = pointer('scales', id, 'label');
    textChange(context, 'text_changed', previous.label, scale.label, { from: path, to: path }, `the label of scale ${id}`);
  }
}

function diffInformants(context: DiffContext, before: string[], after: string[], path: string, where: string, pathBefore = path): void {
  after.forEach((informant, k) => {
    if (before.includes(informant)) return;
    add(context, { kind: 'informant_added', level: 'minor', side: 'to', path: `${path}/${k}`, message: `informant ${informant} may now rate ${where}` });
  });
  before.forEach((informant, k) => {
    if (after.includes(informant)) return;
    add(context, { kind: 'informant_removed', level: 'minor', side: 'from', path: `${pathBefore}/${k}`, message: `informant ${informant} may no longer rate ${where}` });
  });
}

function diffOccasions(context: DiffContext): void {
  const before = context.from.occasions ?? [];
  const after = context.to.occasions ?? [];
  const timing = (occasion: OccasionSpec): unknown => ({ after: occasion.after, months: occasion.months, toleranceDays: occasion.toleranceDays });
  after.forEach((occasion, k) => {
    const path = pointer('occasions', k);
    const old = before.find((candidate) => candidate.id === occasion.id);
    if (!old) {
      add(context, { kind: 'occasion_changed', level: 'minor', side: 'to', path, message: `occasion ${occasion.id} added` });
      return;
    }
    if (!same(timing(old), timing(occasion))) {
      add(context, { kind: 'occasion_changed', level: 'minor', side: 'to', path, message: `occasion ${occasion.id} now falls ${describeTiming(occasion)} (was ${describeTiming(old)})` });
    }
    const oldPath = pointer('occasions', before.indexOf(old), 'label');
    textChange(context, 'text_changed', old.label, occasion.label, { from: oldPath, to: `${path}/label` }, `the label of occasion ${occasion.id}`);
  });
  before.forEach((occasion, k) => {
    if (after.some((candidate) => candidate.id === occasion.id)) return;
    add(context, { kind: 'occasion_changed', level: 'minor', side: 'from', path: pointer('occasions', k), message: `occasion ${occasion.id} removed` });
  });
}

function describeTiming(occasion: OccasionSpec): string {
  if (occasion.after === undefined) return 'at any time';
  const tolerance = occasion.toleranceDays === undefined ? '' : ` +/- ${occasion.toleranceDays} days`;
  return `${occasion.months ?? 0} months after ${occasion.after}${tolerance}`;
}

/** Effective informants of every section: its own list, else its parent's, else the grid's. */
function sectionInformants(grid: Grid): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const visit = (sections: Section[], inherited: string[]): void => {
    for (const section of sections) {
      const own = section.informants ?? inherited;
      out.set(section.id, own);
      visit(section.sections ?? [], own);
    }
  };
  visit(grid.sections, grid.informants);
  return out;
}

function diffSections(context: DiffContext): void {
  const before = new Map(sectionsOf(context.from).map((located) => [located.section.id, located]));
  const after = sectionsOf(context.to);
  const informantsBefore = sectionInformants(context.from);
  const informantsAfter = sectionInformants(context.to);
  for (const located of after) {
    const { section, path } = located;
    const old = before.get(section.id);
    if (!old) {
      add(context, { kind: 'section_added', level: 'minor', side: 'to', path, message: `section ${section.id} (${quoted(section.label)}) added` });
      continue;
    }
    textChange(context, 'text_changed', old.section.label, section.label, { from: `${old.path}/label`, to: `${path}/label` }, `the label of section ${section.id}`);
    textChange(context, 'text_changed', old.section.description, section.description, { from: `${old.path}/description`, to: `${path}/description` }, `the description of section ${section.id}`);
    // Only a section's own list is compared: a change of the grid's list is reported once, above.
    if (old.section.informants !== undefined || section.informants !== undefined) {
      diffInformants(
        context,
        informantsBefore.get(section.id) ?? [],
        informantsAfter.get(section.id) ?? [],
        `${path}/informants`,
        `section ${section.id}`,
        `${old.path}/informants`,
      );
    }
  }
  const afterIds = new Set(after.map((located) => located.section.id));
  for (const [id, located] of before) {
    if (afterIds.has(id)) continue;
    add(context, { kind: 'section_removed', level: 'minor', side: 'from', path: located.path, message: `section ${id} (${quoted(located.section.label)}) removed` });
  }
}

function diffItems(context: DiffContext): void {
  const { from, to, crosswalk } = context;
  const after = itemsOf(to);
  const afterById = new Map(after.map((located) => [located.item.id, located]));
  const scored = scoredItemIds(from);
  const matched = new Set<string>();
  const scaleChanges = new MergedChanges();

  for (const old of itemsOf(from)) {
    const oldId = old.item.id;
    const newId = crosswalk.newIdOf(oldId);
    const current = newId === undefined ? undefined : afterById.get(newId);
    if (!current) {
      const declared = crosswalk.removed.has(oldId);
      add(context, {
        kind: 'item_removed',
        level: declared ? 'minor' : 'major',
        side: 'from',
        path: old.path,
        message: declared
          ? `item ${oldId} (${quoted(old.item.label)}) removed, as declared in previous.removed`
          : `item ${oldId} (${quoted(old.item.label)}) removed without a crosswalk entry (previous.removed or previous.renamed)`,
        items: [oldId],
      });
      continue;
    }
    matched.add(current.item.id);
    diffItem(context, old, current, scored.has(oldId), scaleChanges);
  }

  for (const located of after) {
    if (matched.has(located.item.id)) continue;
    add(context, {
      kind: 'item_added',
      level: 'minor',
      side: 'to',
      path: located.path,
      message: `item ${located.item.id} (${quoted(located.item.label)}) added`,
      items: [located.item.id],
    });
  }
  scaleChanges.flushInto(context.out);
}

function diffItem(context: DiffContext, old: LocatedItem, current: LocatedItem, scored: boolean, scaleChanges: MergedChanges): void {
  const id = current.item.id;
  const items = [id];
  const before = old.item;
  const after = current.item;
  if (before.id !== after.id) {
    add(context, { kind: 'item_renamed', level: 'minor', side: 'to', path: `${current.path}/id`, message: `item ${before.id} renamed to ${after.id}, as declared in previous.renamed`, items });
  }
  textChange(context, 'item_reworded', before.label, after.label, { from: `${old.path}/label`, to: `${current.path}/label` }, `the label of item ${id}`, { items });
  textChange(context, 'item_reworded', before.guidance, after.guidance, { from: `${old.path}/guidance`, to: `${current.path}/guidance` }, `the guidance of item ${id}`, { items });

  // A property dropped in the new version is pointed at where it was.
  const at = (field: 'reverse' | 'weight' | 'required'): Pick<GridChange, 'side' | 'path'> =>
    after[field] === undefined ? { side: 'from', path: `${old.path}/${field}` } : { side: 'to', path: `${current.path}/${field}` };

  const sectionBefore = old.sectionIds.at(-1);
  const sectionAfter = current.sectionIds.at(-1);
  if (sectionBefore !== sectionAfter) {
    add(context, { kind: 'item_moved', level: 'minor', side: 'to', path: current.path, message: `item ${id} moved from section ${sectionBefore ?? '?'} to section ${sectionAfter ?? '?'}`, items });
  }
  if ((before.reverse ?? false) !== (after.reverse ?? false)) {
    add(context, {
      kind: 'reverse_changed',
      // Only a score reading the item turns the reversal into a different value.
      level: scored ? 'major' : 'minor',
      ...at('reverse'),
      message: after.reverse === true ? `item ${id} is now reverse-scored` : `item ${id} is no longer reverse-scored`,
      items,
    });
  }
  if ((before.weight ?? 1) !== (after.weight ?? 1)) {
    // A weight alone changes no value: where a weight-using score reads the item, its effective
    // input weight changes and diffScoreInputs reports that score (moving a weight from the input
    // to the item, or reweighting an input of a mean, changes nothing).
    add(context, { kind: 'weight_changed', level: 'patch', ...at('weight'), message: `the weight of item ${id} changed from ${before.weight ?? 1} to ${after.weight ?? 1}`, items });
  }
  if ((before.required ?? false) !== (after.required ?? false)) {
    add(context, {
      kind: 'required_changed',
      level: 'minor',
      ...at('required'),
      message: after.required === true ? `item ${id} is now required` : `item ${id} is no longer required`,
      items,
    });
  }
  const conditionBefore = mapCondition(context.crosswalk, before.when);
  const conditionAfter = normalizeCondition(after.when);
  if (!same(conditionBefore, conditionAfter)) {
    add(context, {
      kind: 'condition_changed',
      // A condition decides whether the item counts in a score at all.
      level: scored ? 'major' : 'minor',
      side: after.when === undefined ? 'from' : 'to',
      path: after.when === undefined ? `${old.path}/when` : `${current.path}/when`,
      message: `the condition of item ${id} changed from ${describeCondition(before.when)} to ${describeCondition(after.when)}`,
      items,
    });
  }
  diffFacets(context, old, current, scaleChanges);
}

interface NormalizedCondition {
  item: string;
  facet: string | null;
  in: number[];
}

function normalizeCondition(condition: Condition | undefined): NormalizedCondition | null {
  if (condition === undefined) return null;
  return { item: condition.item, facet: condition.facet ?? null, in: [...new Set(condition.in)].sort((a, b) => a - b) };
}

/** An old condition in the new version's terms: renamed item, recoded values. */
function mapCondition(crosswalk: Crosswalk, condition: Condition | undefined): NormalizedCondition | null {
  if (condition === undefined) return null;
  const recode = crosswalk.recodeOf(condition.item, condition.facet ?? SINGLE_FACET_ID);
  return normalizeCondition({
    item: crosswalk.newIdOf(condition.item) ?? condition.item,
    ...(condition.facet === undefined ? {} : { facet: condition.facet }),
    in: condition.in.map((value) => recode?.get(value) ?? value),
  });
}

function describeCondition(condition: Condition | undefined): string {
  if (condition === undefined) return 'always shown';
  const facet = condition.facet === undefined ? '' : `.${condition.facet}`;
  return `shown when ${condition.item}${facet} is one of ${list(condition.in)}`;
}

function diffFacets(context: DiffContext, old: LocatedItem, current: LocatedItem, scaleChanges: MergedChanges): void {
  const id = current.item.id;
  const facetPath = (located: LocatedItem, index: number): string => (isMultiFacet(located.item) ? `${located.path}/facets/${index}` : located.path);
  const before = facetsOf(old.item);
  const after = facetsOf(current.item);
  after.forEach((facet, j) => {
    const k = before.findIndex((candidate) => candidate.id === facet.id);
    const previous = before[k];
    if (!previous) {
      add(context, { kind: 'facet_added', level: 'minor', side: 'to', path: facetPath(current, j), message: `item ${id} is now also rated on facet ${facet.id}`, items: [id] });
      return;
    }
    if (isMultiFacet(old.item) && isMultiFacet(current.item)) {
      textChange(context, 'item_reworded', previous.label, facet.label, { from: `${old.path}/facets/${k}/label`, to: `${current.path}/facets/${j}/label` }, `the label of facet ${facet.id} of item ${id}`, { items: [id] });
    }
    diffFacetScale(context, old, current, previous, facet, scaleChanges);
  });
  before.forEach((facet, k) => {
    if (after.some((candidate) => candidate.id === facet.id)) return;
    add(context, { kind: 'facet_removed', level: 'major', side: 'from', path: facetPath(old, k), message: `item ${id} is no longer rated on facet ${facet.id}`, items: [id] });
  });
}

/**
 * Compare the options one item facet is rated on. Old values are first carried through the
 * item's declared recode, so that a declared recode is not also reported as a changed scale.
 */
function diffFacetScale(context: DiffContext, old: LocatedItem, current: LocatedItem, facetBefore: ResolvedFacet, facetAfter: ResolvedFacet, merged: MergedChanges): void {
  const scaleIdBefore = facetBefore.scale;
  const scaleIdAfter = facetAfter.scale;
  const scaleBefore = scaleIdBefore === undefined ? undefined : context.from.scales[scaleIdBefore];
  const scaleAfter = scaleIdAfter === undefined ? undefined : context.to.scales[scaleIdAfter];
  if (!scaleBefore || !scaleAfter || scaleIdBefore === undefined || scaleIdAfter === undefined) return;
  const id = current.item.id;
  const facet = isMultiFacet(current.item) ? facetAfter.id : undefined;
  const recode = context.crosswalk.recodeOf(old.item.id, facetBefore.id);
  const optionPathBefore = (k: number): string => pointer('scales', scaleIdBefore, 'options', k);
  const optionPathAfter = (k: number): string => pointer('scales', scaleIdAfter, 'options', k);

  const indexAfter = new Map(scaleAfter.options.map((option, k) => [option.value, k]));
  const reached = new Set<number>();
  const lost: { value: number; mapped: number; k: number }[] = [];
  const relabels: (() => void)[] = [];
  scaleBefore.options.forEach((option, k) => {
    const mapped = recode?.get(option.value) ?? option.value;
    const j = indexAfter.get(mapped);
    if (j === undefined) {
      lost.push({ value: option.value, mapped, k });
      return;
    }
    reached.add(mapped);
    const counterpart = scaleAfter.options[j];
    if (mapped !== option.value || !counterpart) return;
    if (!same(option.label, counterpart.label)) {
      relabels.push(() => merged.add({ kind: 'option_relabelled', level: 'patch', side: 'to', path: `${optionPathAfter(j)}/label` }, `option ${option.value} relabelled from ${quoted(option.label)} to ${quoted(counterpart.label)}`, id, facet));
    }
    if (!same(option.description, counterpart.description)) {
      relabels.push(() => merged.add({ kind: 'option_relabelled', level: 'patch', side: 'to', path: `${optionPathAfter(j)}/description` }, `the description of option ${option.value} changed`, id, facet));
    }
  });
  const gained = scaleAfter.options.flatMap((option, k) => (reached.has(option.value) ? [] : [{ value: option.value, k, label: option.label }]));

  if (lost.length > 0 && gained.length > 0) {
    merged.add(
      { kind: 'scale_changed', level: 'major', side: 'to', path: pointer('scales', scaleIdAfter, 'options') },
      `option values changed from ${list(scaleBefore.options.map((o) => o.value))} to ${list(scaleAfter.options.map((o) => o.value))} without a recoded entry for ${list(lost.map((o) => o.value))}`,
      id,
      facet,
    );
  } else {
    // Labels are compared only when the values still line up; a shifted scale is one change.
    for (const relabel of relabels) relabel();
    for (const option of lost) {
      const why = option.mapped === option.value ? 'without a previous.recoded entry' : `although previous.recoded maps it to ${option.mapped}, which the new scale does not have`;
      merged.add({ kind: 'option_removed', level: 'major', side: 'from', path: optionPathBefore(option.k) }, `option ${option.value} removed ${why}`, id, facet);
    }
    const range = (values: number[]): string => `${Math.min(...values)}..${Math.max(...values)}`;
    // Reversal counts v as min + max - v: widening a reversed item's scale changes every value.
    const reversedRangeChanged =
      current.item.reverse === true && range(scaleBefore.options.map((o) => o.value)) !== range(scaleAfter.options.map((o) => o.value));
    for (const option of gained) {
      merged.add(
        { kind: 'option_added', level: reversedRangeChanged ? 'major' : 'minor', side: 'to', path: optionPathAfter(option.k) },
        `option ${option.value} (${quoted(option.label)}) added${reversedRangeChanged ? ', changing the range a reverse-scored item is reversed over' : ''}`,
        id,
        facet,
      );
    }
  }

  const missingBefore = scaleBefore.missing ?? [];
  const missingAfter = scaleAfter.missing ?? [];
  missingAfter.forEach((missing, k) => {
    const previous = missingBefore.find((candidate) => candidate.code === missing.code);
    const path = pointer('scales', scaleIdAfter, 'missing', k);
    if (!previous) {
      merged.add({ kind: 'missing_code_added', level: 'minor', side: 'to', path }, `missing code ${missing.code} added`, id, facet);
    } else if (!same(previous.label, missing.label)) {
      merged.add({ kind: 'option_relabelled', level: 'patch', side: 'to', path: `${path}/label` }, `missing code ${missing.code} relabelled from ${quoted(previous.label)} to ${quoted(missing.label)}`, id, facet);
    }
  });
  missingBefore.forEach((missing, k) => {
    if (missingAfter.some((candidate) => candidate.code === missing.code)) return;
    merged.add({ kind: 'missing_code_removed', level: 'minor', side: 'from', path: pointer('scales', scaleIdBefore, 'missing', k) }, `missing code ${missing.code} removed`, id, facet);
  });
}

/**
 * Scale changes are found per item facet but belong to a shared scale: the same change seen on
 * several items (or facets) is reported once, naming them all (`salute, cura.current`).
 */
class MergedChanges {
  private readonly entries = new Map<string, { change: Omit<GridChange, 'message' | 'items'>; message: string; subjects: string[]; items: string[] }>();

  add(change: Omit<GridChange, 'message' | 'items'>, message: string, item: string, facet: string | undefined): void {
    const key = JSON.stringify([change.kind, change.level, change.side, change.path, message]);
    const subject = facet === undefined ? item : `${item}.${facet}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { change, message, subjects: [], items: [] };
      this.entries.set(key, entry);
    }
    if (!entry.subjects.includes(subject)) entry.subjects.push(subject);
    if (!entry.items.includes(item)) entry.items.push(item);
  }

  flushInto(out: GridChange[]): void {
    for (const { change, message, subjects, items } of this.entries.values()) {
      const which = subjects.length === 1 ? `item ${subjects[0] ?? ''}` : `items ${list(subjects)}`;
      out.push({ ...change, message: `${which}: ${message}`, items });
    }
    this.entries.clear();
  }
}

function diffRecodes(context: DiffContext): void {
  (context.previous?.recoded ?? []).forEach((entry, i) => {
    // An entry naming no old item is the version check's concern (crosswalk_unknown_item).
    if (context.crosswalk.oldIdOf(entry.item) === undefined) return;
    const id = entry.item;
    const facet = entry.facet === undefined ? '' : ` (facet ${entry.facet})`;
    const pairs = Object.entries(entry.map).map(([oldValue, newValue]) => `${oldValue} -> ${newValue}`);
    add(context, {
      kind: 'item_recoded',
      level: 'minor',
      side: 'to',
      path: pointer('previous', 'recoded', i),
      message: `item ${id}${facet} recoded: ${list(pairs)}, as declared in previous.recoded`,
      items: [id],
    });
  });
}

function diffScores(context: DiffContext): void {
  const before = new Map(context.from.scores.map((score, i) => [score.id, { score, i }]));
  context.to.scores.forEach((score, i) => {
    const previous = before.get(score.id);
    if (!previous) {
      add(context, { kind: 'score_added', level: 'minor', side: 'to', path: pointer('scores', i), message: `score ${score.id} (${quoted(score.label)}) added`, score: score.id });
      return;
    }
    diffScore(context, previous.score, previous.i, score, i);
  });
  const afterIds = new Set(context.to.scores.map((score) => score.id));
  context.from.scores.forEach((score, i) => {
    if (afterIds.has(score.id)) return;
    add(context, { kind: 'score_removed', level: 'major', side: 'from', path: pointer('scores', i), message: `score ${score.id} (${quoted(score.label)}) removed`, score: score.id });
  });
}

/** The fields of a score's rule other than its inputs, compared as they mean (defaults applied). */
const RULE_FIELDS: { field: keyof Score; read: (score: Score) => unknown }[] = [
  { field: 'method', read: (score) => score.method },
  { field: 'minAnswered', read: (score) => score.minAnswered ?? null },
  { field: 'prorate', read: (score) => score.prorate ?? false },
  { field: 'round', read: (score) => score.round ?? null },
  { field: 'values', read: (score) => (score.values === undefined ? null : [...new Set(score.values)].sort((a, b) => a - b)) },
  { field: 'direction', read: (score) => score.direction },
];

function diffScore(context: DiffContext, before: Score, oldIndex: number, after: Score, index: number): void {
  const base = pointer('scores', index);
  const oldBase = pointer('scores', oldIndex);
  const score = after.id;
  textChange(context, 'text_changed', before.label, after.label, { from: `${oldBase}/label`, to: `${base}/label` }, `the label of score ${score}`, { score });
  textChange(context, 'text_changed', before.description, after.description, { from: `${oldBase}/description`, to: `${base}/description` }, `the description of score ${score}`, { score });

  for (const { field, read } of RULE_FIELDS) {
    const was = read(before);
    const now = read(after);
    if (same(was, now)) continue;
    add(context, {
      kind: 'score_rule_changed',
      level: 'major',
      side: 'to',
      path: `${base}/${field}`,
      message: `the ${field} of score ${score} changed from ${JSON.stringify(was)} to ${JSON.stringify(now)}`,
      score,
    });
  }
  diffScoreInputs(context, before, after, `${base}/inputs`);

  const bandShape = (s: Score): unknown => (s.bands ?? []).map((band) => ({ id: band.id, min: band.min, max: band.max }));
  if (!same(bandShape(before), bandShape(after))) {
    add(context, { kind: 'band_changed', level: 'minor', side: 'to', path: `${base}/bands`, message: `the bands of score ${score} changed`, score });
  }
  (after.bands ?? []).forEach((band, k) => {
    const oldK = (before.bands ?? []).findIndex((candidate) => candidate.id === band.id);
    const previous = before.bands?.[oldK];
    if (!previous) return;
    textChange(context, 'text_changed', previous.label, band.label, { from: `${oldBase}/bands/${oldK}/label`, to: `${base}/bands/${k}/label` }, `the label of band ${band.id} of score ${score}`, { score });
  });
  if (!same(before.reference, after.reference)) {
    const side = after.reference === undefined ? 'from' : 'to';
    add(context, {
      kind: 'reference_changed',
      level: 'minor',
      side,
      path: `${side === 'to' ? base : oldBase}/reference`,
      message: `the reference values of score ${score} changed`,
      score,
    });
  }
}

/**
 * Compare a score's expanded inputs, the old ones carried through the renames. Losing an item
 * declared removed and gaining a newly added item are minor; any other difference changes what
 * the score measures.
 */
function diffScoreInputs(context: DiffContext, before: Score, after: Score, path: string): void {
  const { crosswalk } = context;
  const score = after.id;
  const keyOf = (kind: 'item' | 'score', id: string, facet: string): string => (kind === 'item' ? `item ${id}${facet === SINGLE_FACET_ID ? '' : `.${facet}`}` : `score ${id}`);

  // Weights count only for a method that uses them, and as the scorer reads them: the input's
  // weight, else the item's, else 1.
  const usesWeights = scoreMethods[after.method].usesWeights;
  const itemWeights = (grid: Grid): Map<string, number> => new Map(itemsOf(grid).map(({ item }) => [item.id, item.weight ?? 1]));
  const weightsBefore = itemWeights(context.from);
  const weightsAfter = itemWeights(context.to);
  const effective = (weight: number | undefined, fallback: number | undefined): number | undefined =>
    usesWeights ? (weight ?? fallback ?? 1) : undefined;

  const oldInputs = new Map<string, number | undefined>();
  const lostDeclared: string[] = [];
  const lostUndeclared: string[] = [];
  for (const atom of expandInputs(context.from, before)) {
    if (atom.kind === 'score') {
      oldInputs.set(keyOf('score', atom.score, ''), effective(atom.weight, 1));
      continue;
    }
    const newId = crosswalk.newIdOf(atom.item);
    if (newId === undefined) {
      (crosswalk.removed.has(atom.item) ? lostDeclared : lostUndeclared).push(atom.item);
      continue;
    }
    oldInputs.set(keyOf('item', newId, atom.facet), effective(atom.weight, weightsBefore.get(atom.item)));
  }

  const newInputs = new Map<string, { weight: number | undefined; newItem: string | undefined }>();
  for (const atom of expandInputs(context.to, after)) {
    if (atom.kind === 'score') {
      newInputs.set(keyOf('score', atom.score, ''), { weight: effective(atom.weight, 1), newItem: undefined });
    } else {
      const isNew = crosswalk.oldIdOf(atom.item) === undefined;
      newInputs.set(keyOf('item', atom.item, atom.facet), { weight: effective(atom.weight, weightsAfter.get(atom.item)), newItem: isNew ? atom.item : undefined });
    }
  }

  const dropped = [...oldInputs.keys()].filter((key) => !newInputs.has(key));
  const gainedNew: string[] = [];
  const gainedOther: string[] = [];
  const reweighted: string[] = [];
  for (const [key, input] of newInputs) {
    if (!oldInputs.has(key)) {
      if (input.newItem !== undefined) gainedNew.push(input.newItem);
      else gainedOther.push(key);
    } else if (oldInputs.get(key) !== input.weight) {
      reweighted.push(key);
    }
  }

  const report = (level: ChangeLevel, message: string, items: string[]): void => {
    add(context, { kind: 'score_rule_changed', level, side: 'to', path, message: `score ${score} ${message}`, score, ...(items.length > 0 ? { items } : {}) });
  };
  const items = (ids: string[]): string => `${ids.length === 1 ? 'item' : 'items'} ${list(ids)}`;
  if (lostDeclared.length > 0) report('minor', `no longer reads ${items(lostDeclared)}, declared removed`, lostDeclared);
  if (lostUndeclared.length > 0) report('major', `loses ${items(lostUndeclared)}, removed without a crosswalk entry`, lostUndeclared);
  if (dropped.length > 0) report('major', `no longer reads ${list(dropped)}`, []);
  if (gainedNew.length > 0) report('minor', `now also reads the new ${items(gainedNew)}`, gainedNew);
  if (gainedOther.length > 0) report('major', `now also reads ${list(gainedOther)}, which the previous version already had`, []);
  if (reweighted.length > 0) report('major', `weighs ${list(reweighted)} differently`, []);
}

