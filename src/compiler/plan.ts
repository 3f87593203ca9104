import type { Band, Direction, Grid, Item, MinAnswered, Score, ScoreMethod } from '../grid/index.ts';
import { facetsOf, isMultiFacet, itemsOf, itemsOfSection, scoreRanges, SINGLE_FACET_ID } from '../grid/index.ts';
import type { Issue } from '../errors.ts';
import { GridInvalidError, pointer } from '../errors.ts';

/** A closed numeric range. */
export interface ValueRange {
  min: number;
  max: number;
}

/** Where a slot's active state comes from: another slot whose recorded value must be in `in`. */
export interface PlanCondition {
  /** Index into `GridPlan.slots` of the facet the condition reads. */
  slot: number;
  in: number[];
}

/** One rated facet of one item: the unit the scorer reads from a response. */
export interface PlanSlot {
  index: number;
  item: string;
  /** Facet id; `value` for a single-facet item. */
  facet: string;
  /** Keys leading to the answer in a response: `[item]` or `[item, facet]`. */
  key: [string] | [string, string];
  /** Export name: `item` or `item.facet`. */
  name: string;
  scale: string;
  /** Option values, lowest first. */
  options: number[];
  min: number;
  max: number;
  missing: string[];
  reverse: boolean;
  /** The item's weight (default 1). */
  weight: number;
  required: boolean;
  /** Present when the item is conditional; the condition slot may itself be conditional. */
  condition?: PlanCondition;
}

/** An expanded input of a score. */
export type PlanInput = { kind: 'slot'; slot: number; weight: number } | { kind: 'score'; score: string; weight: number };

export interface PlanBand {
  id: string;
  min: number;
  max: number;
  /** The band reaching the highest max also holds `v === max`. */
  includesMax: boolean;
}

export interface PlanScore {
  id: string;
  method: ScoreMethod;
  inputs: PlanInput[];
  values?: number[];
  minAnswered?: MinAnswered;
  prorate: boolean;
  round?: number;
  direction: Direction;
  bands: PlanBand[];
  /** The possible range (docs/scoring.md, Bands). */
  range: ValueRange;
}

/** The typed intermediate form every emitter reads instead of the grid definition. */
export interface GridPlan {
  grid: string;
  version: string;
  /** Every item facet in document order. */
  slots: PlanSlot[];
  /** Scores in topological order: a score comes after every score it uses. */
  scores: PlanScore[];
  /** Score ids in the order the grid declares them (the order of outputs). */
  scoreOrder: string[];
}

/**
 * Plan a validated grid: resolve scales, expand score inputs, order scores topologically.
 * Refuses (GridInvalidError) the few inconsistencies it meets, which validation normally rejects first.
 */
export function planGrid(grid: Grid): GridPlan {
  const slots = planSlots(grid);
  const slotIndex = new Map(slots.map((slot) => [slotKey(slot.item, slot.facet), slot.index]));
  const ordered = topologicalScores(grid.scores);
  // One definition of a score's possible range, shared with the band rules (docs/scoring.md, Bands).
  const ranges = scoreRanges(grid);
  const planned = new Map<string, PlanScore>();
  for (const { score, index } of ordered) {
    const inputs = expandInputs(grid, score, index, slotIndex, slots);
    const range = ranges[score.id];
    if (range === undefined) refuse('unresolved_reference', pointer('scores', index, 'inputs'), `Score "${score.id}" has no possible range.`);
    planned.set(score.id, {
      id: score.id,
      method: score.method,
      inputs,
      ...(score.values === undefined ? {} : { values: [...score.values] }),
      ...(score.minAnswered === undefined ? {} : { minAnswered: { ...score.minAnswered } }),
      prorate: score.prorate === true,
      ...(score.round === undefined ? {} : { round: score.round }),
      direction: score.direction,
      bands: planBands(score.bands ?? []),
      range: { min: range.min, max: range.max },
    });
  }
  return {
    grid: grid.id,
    version: grid.version,
    slots,
    scores: ordered.map(({ score }) => planned.get(score.id)!),
    scoreOrder: grid.scores.map((score) => score.id),
  };
}

function slotKey(item: string, facet: string): string {
  return JSON.stringify([item, facet]);
}

function refuse(code: string, path: string, message: string): never {
  const issue: Issue = { code, path, message };
  throw new GridInvalidError(message, [issue]);
}

function planSlots(grid: Grid): PlanSlot[] {
  const located = itemsOf(grid);
  const slots: PlanSlot[] = [];
  const firstSlotOfItem = new Map<string, { item: Item; first: number }>();
  for (const { item, path } of located) {
    firstSlotOfItem.set(item.id, { item, first: slots.length });
    const multi = isMultiFacet(item);
    facetsOf(item).forEach((facet, f) => {
      const scaleId = facet.scale;
      const scale = scaleId === undefined ? undefined : grid.scales[scaleId];
      if (scaleId === undefined || scale === undefined || scale.options.length === 0) {
        refuse('unresolved_reference', multi ? `${path}/facets/${f}` : path, `Item "${item.id}" has no usable scale.`);
      }
      const options = scale.options.map((option) => option.value);
      slots.push({
        index: slots.length,
        item: item.id,
        facet: facet.id,
        key: multi ? [item.id, facet.id] : [item.id],
        name: multi ? `${item.id}.${facet.id}` : item.id,
        scale: scaleId,
        options,
        min: Math.min(...options),
        max: Math.max(...options),
        missing: (scale.missing ?? []).map((code) => code.code),
        reverse: item.reverse === true,
        weight: item.weight ?? 1,
        required: item.required === true,
      });
    });
  }
  // Conditions are resolved once every slot exists: an item may depend on a later one.
  const resolved = slots.map((slot) => {
    const entry = firstSlotOfItem.get(slot.item)!;
    const when = entry.item.when;
    if (when === undefined) return slot;
    const target = firstSlotOfItem.get(when.item);
    const path = located.find((l) => l.item.id === slot.item)?.path ?? '';
    if (target === undefined) refuse('unresolved_reference', `${path}/when/item`, `Item "${slot.item}" depends on unknown item "${when.item}".`);
    const facet = when.facet ?? (isMultiFacet(target.item) ? undefined : SINGLE_FACET_ID);
    const conditionSlot = facet === undefined ? undefined : slots.find((s) => s.item === when.item && s.facet === facet);
    if (conditionSlot === undefined) refuse('unresolved_reference', `${path}/when/facet`, `Item "${slot.item}" depends on an unknown facet of "${when.item}".`);
    return { ...slot, condition: { slot: conditionSlot.index, in: [...when.in] } };
  });
  for (const slot of resolved) {
    // Following a chain longer than the number of slots means it loops.
    let current: PlanSlot = slot;
    for (let steps = 0; current.condition !== undefined; steps++) {
      if (steps > resolved.length) {
        const path = located.find((l) => l.item.id === slot.item)?.path ?? '';
        refuse('condition_cycle', `${path}/when`, `The conditions of item "${slot.item}" depend on each other in a loop.`);
      }
      current = resolved[current.condition.slot]!;
    }
  }
  return resolved;
}

function topologicalScores(scores: Score[]): { score: Score; index: number }[] {
  const byId = new Map(scores.map((score, index) => [score.id, { score, index }]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: { score: Score; index: number }[] = [];
  const visit = (entry: { score: Score; index: number }): void => {
    if (done.has(entry.score.id)) return;
    if (visiting.has(entry.score.id)) {
      refuse('score_cycle', pointer('scores', entry.index), `Score "${entry.score.id}" depends on itself.`);
    }
    visiting.add(entry.score.id);
    entry.score.inputs.forEach((input, i) => {
      if (!('score' in input)) return;
      const used = byId.get(input.score);
      if (used === undefined) {
        refuse('unresolved_reference', pointer('scores', entry.index, 'inputs', i, 'score'), `Score "${entry.score.id}" uses unknown score "${input.score}".`);
      }
      visit(used);
    });
    visiting.delete(entry.score.id);
    done.add(entry.score.id);
    out.push(entry);
  };
  scores.forEach((score, index) => visit({ score, index }));
  return out;
}

function expandInputs(grid: Grid, score: Score, index: number, slotIndex: Map<string, number>, slots: PlanSlot[]): PlanInput[] {
  const out: PlanInput[] = [];
  score.inputs.forEach((input, i) => {
    const path = pointer('scores', index, 'inputs', i);
    if ('score' in input) {
      out.push({ kind: 'score', score: input.score, weight: input.weight ?? 1 });
      return;
    }
    if ('section' in input) {
      const items = itemsOfSection(grid, input.section);
      if (items.length === 0) refuse('unresolved_reference', `${path}/section`, `Score "${score.id}" uses section "${input.section}", which has no items.`);
      for (const { item } of items) {
        const at = slotIndex.get(slotKey(item.id, input.facet ?? SINGLE_FACET_ID));
        if (at === undefined) refuse('unresolved_reference', path, `Item "${item.id}" of section "${input.section}" has no facet "${input.facet ?? SINGLE_FACET_ID}".`);
        out.push({ kind: 'slot', slot: at, weight: slots[at]!.weight });
      }
      return;
    }
    const at = slotIndex.get(slotKey(input.item, input.facet ?? SINGLE_FACET_ID));
    if (at === undefined) refuse('unresolved_reference', path, `Score "${score.id}" uses an unknown item or facet ("${input.item}").`);
    out.push({ kind: 'slot', slot: at, weight: input.weight ?? slots[at]!.weight });
  });
  return out;
}

function planBands(bands: Band[]): PlanBand[] {
  const top = bands.reduce((best, band) => Math.max(best, band.max), -Infinity);
  let topTaken = false;
  return bands.map((band) => {
    const includesMax = !topTaken && band.max === top;
    if (includesMax) topTaken = true;
    return { id: band.id, min: band.min, max: band.max, includesMax };
  });
}
