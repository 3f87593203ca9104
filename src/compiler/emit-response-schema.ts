import type { Grid, Item } from '../grid/index.ts';
import { facetsOf, isMultiFacet, itemsOf } from '../grid/index.ts';
import type { GridPlan, PlanSlot } from './plan.ts';

/** A JSON Schema (2020-12) object, as plain data. */
export type JsonSchema = { [key: string]: unknown };

/** Which response schema: submitted requires the required items, draft requires nothing. */
export type ResponseStatus = 'draft' | 'submitted';

const DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/**
 * The JSON Schema of an administration's `responses`: one property per item (an enum of its option
 * values and missing codes, or an object of its facets), nothing else; for a submitted
 * administration, required items are required, conditional ones through `if`/`then`.
 */
export function emitResponseSchema(grid: Grid, plan: GridPlan, status: ResponseStatus): JsonSchema {
  const slotsOf = new Map<string, PlanSlot[]>();
  for (const slot of plan.slots) slotsOf.set(slot.item, [...(slotsOf.get(slot.item) ?? []), slot]);
  const properties: Record<string, JsonSchema> = {};
  const items = itemsOf(grid).map((located) => located.item);
  for (const item of items) {
    const requiresFacets = status === 'submitted' && item.required === true && item.when === undefined;
    properties[item.id] = itemSchema(item, slotsOf.get(item.id) ?? [], requiresFacets);
  }

  const schema: JsonSchema = {
    $schema: DIALECT,
    title: `${grid.title.it} (${grid.id}@${grid.version})`,
    description: status === 'submitted' ? 'Risposte di una somministrazione inviata.' : 'Risposte di una somministrazione in bozza.',
    type: 'object',
    properties,
    additionalProperties: false,
  };
  if (status === 'draft') return schema;

  const required = items.filter((item) => item.required === true);
  const unconditional = required.filter((item) => item.when === undefined).map((item) => item.id);
  const conditional = required.filter((item) => item.when !== undefined);
  if (unconditional.length > 0) schema.required = unconditional;
  if (conditional.length > 0) {
    schema.allOf = conditional.map((item) => ({
      if: activeWhen(plan, slotsOf.get(item.id)![0]!),
      then: isMultiFacet(item)
        ? { required: [item.id], properties: { [item.id]: { required: facetsOf(item).map((facet) => facet.id) } } }
        : { required: [item.id] },
    }));
  }
  return schema;
}

function itemSchema(item: Item, slots: PlanSlot[], requiresFacets: boolean): JsonSchema {
  const labels = { title: item.label.it, ...(item.guidance === undefined ? {} : { description: item.guidance.it }) };
  if (!isMultiFacet(item)) return { ...labels, ...valueSchema(slots[0]!) };
  const facets = facetsOf(item);
  const properties: Record<string, JsonSchema> = {};
  facets.forEach((facet, i) => {
    properties[facet.id] = { title: facet.label.it, ...valueSchema(slots[i]!) };
  });
  return {
    ...labels,
    type: 'object',
    properties,
    additionalProperties: false,
    ...(requiresFacets ? { required: facets.map((facet) => facet.id) } : {}),
  };
}

function valueSchema(slot: PlanSlot): JsonSchema {
  const types = slot.missing.length > 0 ? ['number', 'string'] : ['number'];
  return { type: types.length === 1 ? types[0] : types, enum: [...slot.options, ...slot.missing] };
}

/** The condition chain of a slot as a schema: each condition's facet holds one of its values. */
function activeWhen(plan: GridPlan, slot: PlanSlot): JsonSchema {
  const chain: JsonSchema[] = [];
  let current: PlanSlot = slot;
  const seen = new Set<number>();
  while (current.condition !== undefined && !seen.has(current.index)) {
    seen.add(current.index);
    const read = plan.slots[current.condition.slot]!;
    const allowed: JsonSchema = { enum: [...current.condition.in] };
    const property = read.key.length === 1 ? allowed : { type: 'object', properties: { [read.key[1]]: allowed }, required: [read.key[1]] };
    chain.push({ properties: { [read.key[0]]: property }, required: [read.key[0]] });
    current = read;
  }
  return chain.length === 1 ? chain[0]! : { allOf: chain };
}
