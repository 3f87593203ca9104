/**
 * Comparability of scores across grid versions (SPEC 5, last point). Scores of administrations made
 * with different versions of a grid are compared only where the newer version declares them
 * comparable (`previous.comparableScores`, along the whole chain of versions), or else by
 * re-scoring every administration involved on the items the versions share through the crosswalk
 * (renames and recodes of `previous`), with the newer version's rule restricted to those items. The
 * result always says which of the two was done.
 */
import { compileGrid, planGrid } from '../compiler/index.ts';
import type { CompiledGrid, GridPlan, ScoringOutput } from '../compiler/index.ts';
import { facetsOf, isMultiFacet, itemsOf, itemsOfSection } from '../grid/index.ts';
import type { Grid, Item, Responses, Score, ScoreInput, Section } from '../grid/index.ts';
import type { GridRegistry } from './grid-registry.ts';
import { compareVersionText, readCrosswalk } from '../versions/index.ts';

/** How the values of two occasions were made comparable. */
export type ComparisonMethod =
  /** Every administration involved used the same grid version: stored scores compared as they are. */
  | 'same_version'
  /** The newer version declares the score comparable with the older ones: stored scores compared. */
  | 'declared_comparable'
  /** Every administration re-scored with the newer version's rule restricted to the shared items. */
  | 'rescored_on_shared_items'
  /** No chain of versions links them, or they share no item the score reads: no comparison. */
  | 'not_comparable';

/** Why a score could not be compared across versions. */
export type NotComparableReason = 'no_version_chain' | 'no_shared_items';

/** What was done for one score across a set of versions, as the API reports it. */
export interface ScoreComparison {
  comparison: ComparisonMethod;
  /** The versions involved, lowest first. */
  versions: string[];
  /** The version whose rule, bands and reference values the compared values follow (the newest). */
  referenceVersion: string;
  /** For `rescored_on_shared_items`: the items (as the reference version names them) the re-scored value rests on. */
  sharedItems?: string[];
  /** For `rescored_on_shared_items`: items the reference version's score reads that were left out. */
  leftOutItems?: string[];
  reason?: NotComparableReason;
}

/** The comparison of one set of versions of a grid, built once and cached. */
export interface VersionComparison {
  grid: string;
  /** Lowest first. */
  versions: string[];
  referenceVersion: string;
  /** What is done for `score` (an id of the reference version, or of an older one). */
  forScore(score: string): ScoreComparison;
  /**
   * Re-scores responses recorded with `version` by the reference version's rule restricted to the
   * shared items (old item ids renamed, old values recoded through the crosswalk). Null when the
   * versions are not linked by a chain.
   */
  rescore(version: string, responses: Record<string, unknown>): ScoringOutput | null;
}

/** Builds and caches version comparisons; one per service (no singleton). */
export interface Comparability {
  /** The comparison of `versions` (any order, duplicates allowed) of `grid`. */
  compare(grid: string, versions: readonly string[]): Promise<VersionComparison>;
}

/** One rated facet of the reference version, traced back to one older version. */
interface SlotTrace {
  /** The item's id in the older version. */
  oldItem: string;
  /** Value maps of the crosswalk links, oldest first (absent where a link does not recode). */
  recodes: Map<number, number>[];
}

/** facet key `item\u0000facet` of the reference version -> trace, for one older version. */
type VersionTraces = Map<string, SlotTrace>;

const key = (item: string, facet: string): string => `${item}\u0000${facet}`;

/**
 * The comparability service over the registry's published and retired versions. Each distinct set
 * of versions is analysed once (chains, crosswalks, the derived rule compiled) and cached.
 *
 * @example
 * const comparability = createComparability({ grids });
 * const cmp = await comparability.compare('mondo-del-bambino', ['1.0.0', '1.1.0']);
 * cmp.forScore('bisogni').comparison; // 'declared_comparable'
 * cmp.forScore('ambiente').comparison; // 'rescored_on_shared_items'
 */
export function createComparability(deps: { grids: Pick<GridRegistry, 'compiled'> }): Comparability {
  const cache = new Map<string, Promise<VersionComparison>>();
  const loadGrid = async (grid: string, version: string): Promise<Grid | null> => {
    try {
      return (await deps.grids.compiled(grid, version)).compiled.grid;
    } catch {
      return null;
    }
  };
  return {
    compare(grid, versions) {
      const sorted = [...new Set(versions)].sort(compareVersionText);
      const cacheKey = `${grid}|${sorted.join(',')}`;
      let hit = cache.get(cacheKey);
      if (hit === undefined) {
        hit = buildComparison(grid, sorted, loadGrid);
        // A failed analysis (a storage error) is not kept: the next request tries again.
        hit.catch(() => cache.delete(cacheKey));
        cache.set(cacheKey, hit);
      }
      return hit;
    },
  };
}

async function buildComparison(
  gridId: string,
  versions: string[],
  loadGrid: (grid: string, version: string) => Promise<Grid | null>,
): Promise<VersionComparison> {
  const referenceVersion = versions[versions.length - 1] ?? '';
  const base = { grid: gridId, versions, referenceVersion };
  if (versions.length <= 1) {
    return {
      ...base,
      forScore: () => ({ comparison: 'same_version', versions, referenceVersion }),
      rescore: () => null,
    };
  }
  const reference = await loadGrid(gridId, referenceVersion);
  const chains = new Map<string, Grid[]>();
  if (reference !== null) {
    for (const version of versions.slice(0, -1)) {
      const chain = await chainBetween(gridId, version, reference, loadGrid);
      if (chain !== null) chains.set(version, chain);
    }
  }
  if (reference === null || chains.size !== versions.length - 1) {
    return {
      ...base,
      forScore: () => ({ comparison: 'not_comparable', versions, referenceVersion, reason: 'no_version_chain' }),
      rescore: () => null,
    };
  }

  const traces = new Map<string, VersionTraces>();
  for (const [version, chain] of chains) traces.set(version, traceSlots(chain));
  // A facet is shared when every older version has it (through the crosswalk).
  const shared = new Set<string>();
  for (const { item } of itemsOf(reference)) {
    for (const facet of facetsOf(item)) {
      const k = key(item.id, facet.id);
      if ([...traces.values()].every((t) => t.has(k))) shared.add(k);
    }
  }
  const derived = deriveGrid(reference, shared);
  const referencePlan = planGrid(reference);
  const derivedPlan = derived === null ? null : planGrid(derived);
  const compiled: CompiledGrid | null = derived === null ? null : compileGrid(derived);

  const declared = (score: string): boolean =>
    [...chains.values()].every((chain) =>
      chain.slice(1).every((g) => g.previous?.comparableScores?.includes(score) === true) && chain[0]!.scores.some((s) => s.id === score),
    );

  const summaries = new Map<string, ScoreComparison>();
  const forScore = (score: string): ScoreComparison => {
    const known = summaries.get(score);
    if (known) return known;
    let summary: ScoreComparison;
    if (declared(score)) summary = { comparison: 'declared_comparable', versions, referenceVersion };
    else if (derivedPlan === null || !derivedPlan.scoreOrder.includes(score)) {
      summary = { comparison: 'not_comparable', versions, referenceVersion, reason: 'no_shared_items' };
    } else {
      const sharedItems = itemsFeeding(derivedPlan, score);
      const all = referencePlan.scoreOrder.includes(score) ? itemsFeeding(referencePlan, score) : sharedItems;
      summary = {
        comparison: 'rescored_on_shared_items',
        versions,
        referenceVersion,
        sharedItems,
        leftOutItems: all.filter((item) => !sharedItems.includes(item)),
      };
    }
    summaries.set(score, summary);
    return summary;
  };

  return {
    ...base,
    forScore,
    rescore(version, responses) {
      if (compiled === null) return null;
      if (version === referenceVersion) return compiled.score(responses as Responses);
      const versionTraces = traces.get(version);
      if (versionTraces === undefined) return null;
      return compiled.score(mapResponses(responses, derived!, versionTraces));
    },
  };
}

/**
 * The versions from `older` to `newest`, oldest first, following each version's `previous`
 * link back from the newest; null when the links never reach `older`.
 */
async function chainBetween(
  gridId: string,
  older: string,
  newest: Grid,
  loadGrid: (grid: string, version: string) => Promise<Grid | null>,
): Promise<Grid[] | null> {
  const chain: Grid[] = [newest];
  let current = newest;
  while (current.version !== older) {
    const previous = current.previous?.version;
    if (previous === undefined || compareVersionText(previous, older) < 0 || chain.length > 1000) return null;
    const grid = await loadGrid(gridId, previous);
    if (grid === null) return null;
    chain.unshift(grid);
    current = grid;
  }
  return chain;
}

/**
 * For every facet of the chain's last (reference) version, its item in the chain's first version
 * and the recodes met on the way; facets that any link lost, or whose old values do not all land
 * on the reference scale after recoding, are absent (not shared).
 */
function traceSlots(chain: Grid[]): VersionTraces {
  const out: VersionTraces = new Map();
  const reference = chain[chain.length - 1]!;
  const oldest = chain[0]!;
  const links = chain.slice(1).map((g, i) => readCrosswalk(chain[i]!, g, g.previous));
  const itemById = chain.map((g) => new Map(itemsOf(g).map(({ item }) => [item.id, item])));
  for (const { item } of itemsOf(reference)) {
    for (const facet of facetsOf(item)) {
      // Walk back: the id of this item in each earlier version.
      const ids: string[] = [item.id];
      let ok = true;
      for (let i = links.length - 1; i >= 0; i--) {
        const older = links[i]!.oldIdOf(ids[0]!);
        const olderItem = older === undefined ? undefined : itemById[i]!.get(older);
        if (older === undefined || olderItem === undefined || !facetsOf(olderItem).some((f) => f.id === facet.id)) {
          ok = false;
          break;
        }
        ids.unshift(older);
      }
      if (!ok) continue;
      const recodes: Map<number, number>[] = [];
      for (let i = 0; i < links.length; i++) {
        const map = links[i]!.recodeOf(ids[i]!, facet.id);
        if (map !== undefined) recodes.push(map);
      }
      const oldItem = itemById[0]!.get(ids[0]!)!;
      if (!scaleLands(oldest, oldItem, reference, item, facet.id, recodes)) continue;
      out.set(key(item.id, facet.id), { oldItem: ids[0]!, recodes });
    }
  }
  return out;
}

/** Whether every option of the old facet's scale, recoded, is an option of the new facet's scale. */
function scaleLands(oldGrid: Grid, oldItem: Item, newGrid: Grid, newItem: Item, facetId: string, recodes: Map<number, number>[]): boolean {
  const scaleOf = (grid: Grid, item: Item) => {
    const id = facetsOf(item).find((f) => f.id === facetId)?.scale;
    return id === undefined ? undefined : grid.scales[id];
  };
  const oldScale = scaleOf(oldGrid, oldItem);
  const newScale = scaleOf(newGrid, newItem);
  if (oldScale === undefined || newScale === undefined) return false;
  const accepted = new Set(newScale.options.map((o) => o.value));
  return oldScale.options.every((o) => accepted.has(recode(o.value, recodes)));
}

function recode(value: number, recodes: readonly Map<number, number>[]): number {
  let v = value;
  for (const map of recodes) v = map.get(v) ?? v;
  return v;
}

/** Old responses under the reference version's ids, values recoded; facets not shared are left out. */
function mapResponses(responses: Record<string, unknown>, derived: Grid, traces: VersionTraces): Responses {
  const out: Responses = {};
  const read = (raw: unknown, facet: string, multiOld: boolean): unknown =>
    multiOld ? (typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)[facet] : undefined) : raw;
  for (const { item } of itemsOf(derived)) {
    const multi = isMultiFacet(item);
    const facets: Record<string, number | string> = {};
    for (const facet of facetsOf(item)) {
      const trace = traces.get(key(item.id, facet.id));
      if (trace === undefined) continue;
      const raw = responses[trace.oldItem];
      // The old item was multi-facet when its response is an object.
      const value = read(raw, facet.id, typeof raw === 'object' && raw !== null);
      if (typeof value === 'number') facets[facet.id] = recode(value, trace.recodes);
      else if (typeof value === 'string') facets[facet.id] = value;
    }
    if (multi) {
      if (Object.keys(facets).length > 0) out[item.id] = facets;
    } else {
      const only = Object.values(facets)[0];
      if (only !== undefined) out[item.id] = only;
    }
  }
  return out;
}

/**
 * The reference version with only the shared facets: items (and the items conditional on them)
 * left out, score inputs that read them dropped, scores left without input dropped (and inputs
 * that name them), counts of `minAnswered` capped at what is left, worked examples and the
 * crosswalk removed. Null when no score survives.
 */
function deriveGrid(reference: Grid, shared: ReadonlySet<string>): Grid | null {
  // Facets kept per item; then drop items whose condition reads something dropped, to a fixpoint.
  const keptFacets = new Map<string, Set<string>>();
  for (const { item } of itemsOf(reference)) {
    const facets = facetsOf(item).filter((f) => shared.has(key(item.id, f.id))).map((f) => f.id);
    if (facets.length > 0) keptFacets.set(item.id, new Set(facets));
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const { item } of itemsOf(reference)) {
      const when = item.when;
      if (when === undefined || !keptFacets.has(item.id)) continue;
      const target = keptFacets.get(when.item);
      if (target === undefined || !target.has(when.facet ?? [...target][0] ?? '')) {
        keptFacets.delete(item.id);
        changed = true;
      }
    }
  }
  const prune = (sections: Section[]): Section[] =>
    sections.map((section) => {
      const out: Section = { ...section };
      if (section.items) {
        out.items = section.items
          .filter((item) => keptFacets.has(item.id))
          .map((item) => (item.facets ? { ...item, facets: item.facets.filter((f) => keptFacets.get(item.id)!.has(f.id)) } : item));
      }
      if (section.sections) out.sections = prune(section.sections);
      return out;
    });
  const { examples: _examples, previous: _previous, ...rest } = reference;
  let grid: Grid = { ...rest, sections: prune(reference.sections) };

  const inputKept = (input: ScoreInput, scores: ReadonlySet<string>): boolean => {
    if ('score' in input) return scores.has(input.score);
    if ('section' in input) return itemsOfSection(grid, input.section).length > 0;
    const facets = keptFacets.get(input.item);
    return facets !== undefined && (input.facet === undefined ? facets.size > 0 : facets.has(input.facet));
  };
  let scores: Score[] = reference.scores;
  for (let changed = true; changed; ) {
    const ids = new Set(scores.map((s) => s.id));
    const next = scores
      .map((score) => ({ ...score, inputs: score.inputs.filter((input) => inputKept(input, ids)) }))
      .filter((score) => score.inputs.length > 0);
    changed = next.length !== scores.length || next.some((s, i) => s.inputs.length !== scores[i]!.inputs.length);
    scores = next;
  }
  if (scores.length === 0) return null;
  grid = { ...grid, scores };
  // A count rule asking for more inputs than are left could never be met.
  const plan = planGrid(grid);
  grid = {
    ...grid,
    scores: scores.map((score) => {
      const planned = plan.scores.find((p) => p.id === score.id)!;
      const rule = score.minAnswered;
      return rule !== undefined && 'count' in rule && rule.count > planned.inputs.length
        ? { ...score, minAnswered: { count: planned.inputs.length } }
        : score;
    }),
  };
  return grid;
}

/** The item ids a score reads, directly or through the scores it uses, in the plan's slot order. */
function itemsFeeding(plan: GridPlan, score: string): string[] {
  const byId = new Map(plan.scores.map((s) => [s.id, s]));
  const slots = new Set<number>();
  const seen = new Set<string>();
  const visit = (id: string): void => {
    if (seen.has(id)) return;
    seen.add(id);
    for (const input of byId.get(id)?.inputs ?? []) {
      if (input.kind === 'slot') slots.add(input.slot);
      else visit(input.score);
    }
  };
  visit(score);
  const items: string[] = [];
  for (const slot of plan.slots) if (slots.has(slot.index) && !items.includes(slot.item)) items.push(slot.item);
  return items;
}
