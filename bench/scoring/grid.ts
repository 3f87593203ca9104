/**
 * The benchmark grid (`grid.json`) and the per-score facts the expression-based scorers are
 * written from: which items each score reads, which are reversed, how many answers it needs.
 */
import { readFileSync } from 'node:fs';
import type { Grid, Score } from '../../src/grid/index.ts';
import { itemsOfSection } from '../../src/grid/index.ts';

/** Reads `bench/scoring/grid.json`. */
export function loadBenchGrid(): Grid {
  return JSON.parse(readFileSync(new URL('./grid.json', import.meta.url), 'utf8')) as Grid;
}

/** One item input of a score, as an expression needs it. */
export interface ScoreItem {
  id: string;
  reverse: boolean;
}

/** A score of the benchmark grid in the terms an expression is written in. */
export interface ScoreSpec {
  id: string;
  method: 'mean' | 'sum';
  items: ScoreItem[];
  /** Answered inputs required (the grid has no conditional items, so every input is eligible). */
  required: number;
  prorate: boolean;
  round: number | undefined;
  /** Bands from the lowest; a value below `max` of the first band that holds it. */
  bands: { id: string; max: number }[];
  /** Scale bounds of the items (every item of the grid is on the same scale). */
  scaleMin: number;
  scaleMax: number;
}

function specOf(grid: Grid, score: Score): ScoreSpec {
  if (score.method !== 'mean' && score.method !== 'sum') throw new Error(`benchmark grid: unexpected method ${score.method}`);
  const items: ScoreItem[] = [];
  for (const input of score.inputs) {
    if (!('section' in input)) throw new Error('benchmark grid: scores read whole sections');
    for (const { item } of itemsOfSection(grid, input.section)) items.push({ id: item.id, reverse: item.reverse === true });
  }
  const min = score.minAnswered;
  const required = min === undefined ? items.length : 'count' in min ? min.count : Math.ceil(min.proportion * items.length);
  const values = Object.values(grid.scales)[0]!.options.map((o) => o.value);
  return {
    id: score.id,
    method: score.method,
    items,
    required: Math.max(1, required),
    prorate: score.prorate === true,
    round: score.round,
    bands: [...(score.bands ?? [])].sort((x, y) => x.min - y.min).map((b) => ({ id: b.id, max: b.max })),
    scaleMin: Math.min(...values),
    scaleMax: Math.max(...values),
  };
}

/** The scores of the benchmark grid, in grid order. */
export function scoreSpecs(grid: Grid): ScoreSpec[] {
  return grid.scores.map((score) => specOf(grid, score));
}
