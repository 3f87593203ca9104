/**
 * Synthetic response sets for the scoring benchmark, from a seeded PRNG so that every run scores
 * the same responses. Responses are produced as JSON text and parsed before any timing, so the
 * scorers see objects shaped as `JSON.parse` shapes them in the service.
 */
import type { Grid, Responses } from '../../src/grid/index.ts';
import { itemsOf } from '../../src/grid/index.ts';
import { mulberry32 } from '../benchmark.ts';

export interface DataSetOptions {
  count: number;
  seed: number;
  /** Probability that an item is left out; half of those are absent keys, half missing codes. */
  leftOut: number;
}

/** What a generated set holds, to report beside the figures. */
export interface DataSetStats {
  responses: number;
  items: number;
  absent: number;
  missingCodes: number;
}

export interface DataSet {
  name: string;
  responses: Responses[];
  stats: DataSetStats;
}

/**
 * Generates `count` responses as JSON lines. Each response has a latent level on the 1..6 scale
 * and every item lands near it (reversed items are recorded mirrored), so scores spread over
 * all bands instead of piling up in the middle.
 */
export function generateResponseLines(grid: Grid, options: DataSetOptions): { lines: string[]; stats: DataSetStats } {
  const random = mulberry32(options.seed);
  const items = itemsOf(grid).map(({ item }) => ({ id: item.id, reverse: item.reverse === true }));
  const lines: string[] = [];
  let absent = 0;
  let missingCodes = 0;
  for (let n = 0; n < options.count; n++) {
    const level = 1 + random() * 5;
    const response: Record<string, number | string> = {};
    for (const item of items) {
      if (random() < options.leftOut) {
        if (random() < 0.5) {
          absent++;
        } else {
          response[item.id] = random() < 0.5 ? 'NA' : 'NK';
          missingCodes++;
        }
        continue;
      }
      const value = Math.min(6, Math.max(1, Math.round(level + (random() - 0.5) * 3)));
      response[item.id] = item.reverse ? 7 - value : value;
    }
    lines.push(JSON.stringify(response));
  }
  return { lines, stats: { responses: options.count, items: items.length * options.count, absent, missingCodes } };
}

/** Generates and parses a response set. */
export function makeDataSet(grid: Grid, name: string, options: DataSetOptions): DataSet {
  const { lines, stats } = generateResponseLines(grid, options);
  return { name, responses: lines.map((line) => JSON.parse(line) as Responses), stats };
}
