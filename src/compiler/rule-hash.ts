import { canonicalJson, sha256Hex } from '../grid/index.ts';
import type { GridPlan, PlanSlot } from './plan.ts';
import { scoreMethods } from './score-methods/index.ts';

/**
 * SHA-256 of each score's rule as it affects values: method, expanded inputs (with their scale
 * values, reversal, weights when the method uses them, and the conditions that gate them), the
 * missing-data rule, prorating, rounding, counted values, and the hashes of the scores it uses.
 * Labels, bands and references are left out: rewording a label keeps the hash.
 */
export function ruleHashes(plan: GridPlan): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const score of plan.scores) {
    const def = scoreMethods[score.method];
    const rule = {
      method: score.method,
      inputs: score.inputs.map((input) =>
        input.kind === 'score'
          ? { score: input.score, rule: hashes[input.score]!, ...(def.usesWeights ? { weight: input.weight } : {}) }
          : { ...slotRule(plan, plan.slots[input.slot]!), ...(def.usesWeights ? { weight: input.weight } : {}) },
      ),
      minAnswered: score.minAnswered ?? null,
      prorate: score.prorate,
      round: score.round ?? null,
      values: score.values ?? null,
    };
    hashes[score.id] = sha256Hex(canonicalJson(rule));
  }
  const ordered: Record<string, string> = {};
  for (const id of plan.scoreOrder) ordered[id] = hashes[id]!;
  return ordered;
}

function slotRule(plan: GridPlan, slot: PlanSlot): object {
  const conditions: object[] = [];
  let current = slot;
  const seen = new Set<number>();
  while (current.condition !== undefined && !seen.has(current.index)) {
    seen.add(current.index);
    const read = plan.slots[current.condition.slot]!;
    conditions.push({ key: read.key, in: current.condition.in });
    current = read;
  }
  return { key: slot.key, options: slot.options, reverse: slot.reverse, conditions };
}
