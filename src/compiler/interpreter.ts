import type { Responses } from '../grid/index.ts';
import type { GridPlan, PlanBand, PlanSlot } from './plan.ts';
import type { AnsweredValue } from './score-methods/index.ts';
import { scoreMethods } from './score-methods/index.ts';
import { requiredForProportion, roundHalfAwayFromZero } from './runtime-helpers.ts';
import type { NullReason, ScoringOutput } from './types.ts';

/**
 * The reference implementation of docs/scoring.md: plain, slow and obviously correct. The generated
 * scorer must give the same bits; a differential test holds them together.
 */
export function interpretScores(plan: GridPlan, responses: Responses): ScoringOutput {
  const recorded = plan.slots.map((slot) => recordedValue(slot, responses));
  const active = plan.slots.map((slot) => isActive(plan, slot, recorded));
  const values = new Map<string, number | null>();
  const reasons: Record<string, NullReason> = {};

  for (const score of plan.scores) {
    const answered: AnsweredValue[] = [];
    let eligible = 0;
    for (const input of score.inputs) {
      if (input.kind === 'score') {
        eligible += 1;
        const value = values.get(input.score) ?? null;
        if (value !== null) answered.push({ x: value, w: input.weight });
        continue;
      }
      const slot = plan.slots[input.slot]!;
      if (!active[slot.index]) continue;
      eligible += 1;
      const v = recorded[slot.index];
      if (v === undefined) continue;
      answered.push({ x: slot.reverse ? slot.min + slot.max - v : v, w: input.weight });
    }
    const required = requiredOf(score.minAnswered, eligible);
    if (answered.length < required) {
      values.set(score.id, null);
      reasons[score.id] = { reason: 'insufficient_data', answered: answered.length, required };
      continue;
    }
    const raw = scoreMethods[score.method].compute(answered, eligible, score);
    values.set(score.id, score.round === undefined ? raw : roundHalfAwayFromZero(raw, score.round));
  }

  const scores: Record<string, number | null> = {};
  const bands: Record<string, string | null> = {};
  const byId = new Map(plan.scores.map((score) => [score.id, score]));
  for (const id of plan.scoreOrder) scores[id] = values.get(id) ?? null;
  for (const id of plan.scoreOrder) {
    const score = byId.get(id)!;
    if (score.bands.length > 0) bands[id] = bandOf(score.bands, values.get(id) ?? null);
  }
  return { scores, bands, reasons };
}

/** The number recorded for a slot, or undefined when absent, a missing code or not a number. */
function recordedValue(slot: PlanSlot, responses: Responses): number | undefined {
  const top: unknown = responses[slot.key[0]];
  const raw: unknown = slot.key.length === 1 ? top : typeof top === 'object' && top !== null ? (top as Record<string, unknown>)[slot.key[1]] : undefined;
  return typeof raw === 'number' ? raw : undefined;
}

function isActive(plan: GridPlan, slot: PlanSlot, recorded: (number | undefined)[]): boolean {
  if (slot.condition === undefined) return true;
  const read = plan.slots[slot.condition.slot]!;
  const v = recorded[read.index];
  return v !== undefined && slot.condition.in.includes(v) && isActive(plan, read, recorded);
}

/** Inputs required out of `eligible`, at least 1 (docs/scoring.md). */
export function requiredOf(rule: GridPlan['scores'][number]['minAnswered'], eligible: number): number {
  if (rule === undefined) return Math.max(1, eligible);
  if ('count' in rule) return Math.max(1, rule.count);
  return requiredForProportion(rule.proportion, eligible);
}

/** The band holding `value`: min inclusive, max exclusive, except the top band which holds its max. */
export function bandOf(bands: PlanBand[], value: number | null): string | null {
  if (value === null) return null;
  for (const band of bands) {
    if (value >= band.min && (value < band.max || (band.includesMax && value === band.max))) return band.id;
  }
  return null;
}
