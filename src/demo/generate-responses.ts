import type { Condition, Grid, Responses, ResponseValue } from '../grid/index.ts';
import { facetsOf, isMultiFacet, itemsOf } from '../grid/index.ts';
import type { Random } from './random.ts';

/** One facet of an item as the generator sees it: its option values, lowest first, and missing codes. */
interface ModelFacet {
  id: string;
  values: number[];
  missing: string[];
}

interface ModelItem {
  id: string;
  /** The item's outermost section: a case is stronger on some sides than on others. */
  domain: string;
  multiFacet: boolean;
  facets: ModelFacet[];
  reverse: boolean;
  required: boolean;
  when: Condition | undefined;
  /** How hard the item is to score well on, the same for every case. */
  difficulty: number;
}

/** What the generator needs of a grid version, read once from its definition. */
export interface ResponseModel {
  grid: string;
  version: string;
  items: ModelItem[];
}

/** How one informant sees one case at one occasion. */
export interface RatingContext {
  /** The case's latent level seen by this informant, in SD units: 0 adequate, negative concern. */
  level: number;
  /** How far the potential of a competence lies above what is expressed now (SD units). */
  potentialGap: number;
  /** The case's strength on each side (outermost section id) of the grid. */
  domainOffsets: Readonly<Record<string, number>>;
  /** SD of item-level disagreement with the latent level (a team consensus rates more steadily). */
  noise: number;
  ageYears: number;
  /** Chance that an item gets a missing code, and that an optional item is left unanswered. */
  missingRate: number;
  skipRate: number;
}

/**
 * Items that describe the assessment rather than rate it, answered from the case: the child's age
 * group of `competenze-genitoriali` (options 0-2, 3-5, 6-10, 11-17 years).
 */
const CONTEXT_ITEMS: Readonly<Record<string, (ageYears: number) => number>> = {
  fascia_eta: (age) => (age < 3 ? 1 : age < 6 ? 2 : age < 11 ? 3 : 4),
};

/** Items about school, not applicable (`NA`) to a child under three. */
const SCHOOL_ITEMS: ReadonlySet<string> = new Set([
  'frequenza_scolastica',
  'progressi_apprendimento',
  'collaborazione_scuola',
  'vita_scolastica',
]);

/** Where "adequate" (level 0) sits on a scale, as a share of its range, and how far one SD moves. */
const ADEQUATE_POSITION = 0.6;
const SPREAD_PER_SD = 0.22;

/**
 * Reads a grid version into a response model; item difficulties are drawn from `random`, once
 * per grid version, in document order.
 */
export function buildResponseModel(grid: Grid, random: Random): ResponseModel {
  const items = itemsOf(grid).map((located): ModelItem => {
    const item = located.item;
    const facets = facetsOf(item).map((facet): ModelFacet => {
      const scale = facet.scale === undefined ? undefined : grid.scales[facet.scale];
      if (scale === undefined) throw new Error(`${grid.id}@${grid.version}: item ${item.id} has no scale`);
      return {
        id: facet.id,
        values: scale.options.map((option) => option.value),
        missing: (scale.missing ?? []).map((code) => code.code),
      };
    });
    return {
      id: item.id,
      domain: located.sectionIds[0] ?? '',
      multiFacet: isMultiFacet(item),
      facets,
      reverse: item.reverse === true,
      required: item.required === true,
      when: item.when,
      difficulty: random.normal(0, 0.25),
    };
  });
  return { grid: grid.id, version: grid.version, items };
}

/**
 * One informant's responses: each facet rated from the case's level, the side's offset, the item's
 * difficulty and the informant's noise, placed on the facet's scale (reversed items recorded
 * reversed); a few missing codes and unanswered optional items; conditional items left out when
 * their condition does not hold.
 */
export function generateResponses(model: ResponseModel, context: RatingContext, random: Random): Responses {
  const responses: Responses = {};
  for (const item of model.items) {
    const fromCase = CONTEXT_ITEMS[item.id];
    if (fromCase !== undefined && !item.multiFacet) {
      responses[item.id] = fromCase(context.ageYears);
      continue;
    }
    if (!item.required && random.chance(context.skipRate)) continue;
    const base = context.level + (context.domainOffsets[item.domain] ?? 0) + item.difficulty;
    const values: Record<string, ResponseValue> = {};
    // A potential is read off what is expressed now, a little above it: rated from the same
    // position, not from fresh noise, so that it rarely falls below the current level.
    let expressed = base;
    for (const facet of item.facets) {
      const potential = facet.id === 'potential';
      const level = potential ? expressed + context.potentialGap + random.normal(0, 0.2) : base + random.normal(0, context.noise);
      if (!potential) expressed = level;
      values[facet.id] = rateFacet(item, facet, level, context, random);
    }
    const only = item.facets[0];
    responses[item.id] = item.multiFacet || only === undefined ? values : (values[only.id] as ResponseValue);
  }
  dropInactive(model, responses);
  return responses;
}

/** Places a level (noise included) on the facet's scale, or gives a missing code. */
function rateFacet(item: ModelItem, facet: ModelFacet, level: number, context: RatingContext, random: Random): ResponseValue {
  if (context.ageYears < 3 && SCHOOL_ITEMS.has(item.id) && facet.missing.includes('NA')) return 'NA';
  if (facet.missing.length > 0 && random.chance(context.missingRate)) return random.pick(facet.missing);
  const top = facet.values.length - 1;
  const position = top * ADEQUATE_POSITION + level * top * SPREAD_PER_SD;
  const index = Math.min(top, Math.max(0, Math.round(position)));
  // The level says how well things go; a reversed item is recorded on its own (worse-is-higher) side.
  return facet.values[item.reverse ? top - index : index] as number;
}

/** Leaves out items whose condition does not hold, until no more drop (conditions may chain). */
function dropInactive(model: ResponseModel, responses: Responses): void {
  let changed = true;
  while (changed) {
    changed = false;
    for (const item of model.items) {
      if (item.when === undefined || !Object.hasOwn(responses, item.id)) continue;
      if (!conditionHolds(item.when, responses)) {
        delete responses[item.id];
        changed = true;
      }
    }
  }
}

function conditionHolds(when: Condition, responses: Responses): boolean {
  const answer = responses[when.item];
  const value = typeof answer === 'object' && answer !== null ? answer[when.facet ?? ''] : answer;
  return typeof value === 'number' && when.in.includes(value);
}
