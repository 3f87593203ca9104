/**
 * Request bodies of the HTTP benchmark: realistic `mondo-del-bambino` 1.1.0 administrations, all
 * items answered and submitted, spread over a few cases, the occasions T0..T2 and the
 * professional informants, from a seeded generator so that every run posts the same bodies.
 */
import type { Grid } from '../../src/grid/index.ts';
import { itemsOf } from '../../src/grid/index.ts';
import { mulberry32 } from '../benchmark.ts';

/** A case opened before the run: what the bodies need to know of it. */
export interface BenchCase {
  id: string;
  /** Date of its T0 (`YYYY-MM-DD`); T1 and T2 follow at 6 and 12 months. */
  start: string;
  /** Its general level on the 1..6 scales (2 = serious concern, 5 = adequate). */
  level: number;
}

/** One request of the run: the path and the JSON text posted to it. */
export interface BenchRequest {
  path: string;
  body: string;
}

/** The occasions of the grid and the months after T0 at which each falls. */
const OCCASIONS = [
  { id: 'T0', months: 0, gain: 0 },
  { id: 'T1', months: 6, gain: 0.4 },
  { id: 'T2', months: 12, gain: 0.8 },
] as const;

/**
 * The informants that rate every section of 1.1.0 (`child` rates no parenting section, so a body
 * from a child could not answer every item). Professionals come first: they fill most grids.
 */
export const BENCH_INFORMANTS = ['social_worker', 'educator', 'psychologist', 'teacher', 'team', 'parent'] as const;

/** Invented, non-identifying notes of the kind operators write; most administrations have none. */
const NOTES = [
  'Colloquio domiciliare con entrambi i genitori; la madre segue con attenzione la routine serale.',
  'Valutazione condivisa in équipe dopo l’incontro con la scuola.',
  'Il padre riprende il lavoro a tempo parziale; la situazione abitativa resta precaria.',
  'Buona collaborazione con l’educatrice domiciliare; frequenza scolastica regolare nel trimestre.',
] as const;

/** `date` plus `months` calendar months (the day clamped to the month's length), as `YYYY-MM-DD`. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** Cases to open before the run: T0 dates in 2024, levels from serious concern to adequate. */
export function makeCaseSeeds(count: number, seed: number): { reference: string; birthYearMonth: string; sex: 'F' | 'M'; start: string; level: number }[] {
  const random = mulberry32(seed);
  return Array.from({ length: count }, (_, i) => {
    const birthYear = 2010 + Math.floor(random() * 12);
    const birthMonth = 1 + Math.floor(random() * 12);
    const startMonth = 1 + Math.floor(random() * 12);
    const startDay = 1 + Math.floor(random() * 28);
    return {
      reference: `BENCH-${String(i + 1).padStart(3, '0')}`,
      birthYearMonth: `${birthYear}-${String(birthMonth).padStart(2, '0')}`,
      sex: random() < 0.5 ? 'F' : 'M',
      start: `2024-${String(startMonth).padStart(2, '0')}-${String(startDay).padStart(2, '0')}`,
      level: 2 + random() * 3,
    };
  });
}

/**
 * `count` administration bodies for `grid` (every item answered with a value of its scale, status
 * `submitted`): each picks a case, an occasion and an informant at random; item values scatter
 * around the case's level, which rises from T0 to T2, with a little disagreement per informant;
 * reversed items (intensity of a difficulty) mirror it.
 */
export function makeAdministrationRequests(grid: Grid, cases: readonly BenchCase[], options: { count: number; seed: number }): BenchRequest[] {
  if (cases.length === 0) throw new Error('makeAdministrationRequests needs at least one case');
  const random = mulberry32(options.seed);
  const items = itemsOf(grid).map(({ item }) => {
    // The benchmark answers one value per item, so it takes grids of plain items only.
    if (item.facets !== undefined || item.when !== undefined) throw new Error(`item ${item.id} has facets or a condition; the benchmark answers one value per item`);
    const scale = item.scale === undefined ? undefined : grid.scales[item.scale];
    if (scale === undefined) throw new Error(`item ${item.id} has no known scale`);
    const values = scale.options.map((o) => o.value).sort((a, b) => a - b);
    return { id: item.id, min: values[0]!, max: values[values.length - 1]!, values: new Set(values), reverse: item.reverse === true };
  });
  const requests: BenchRequest[] = [];
  for (let n = 0; n < options.count; n++) {
    const record = cases[Math.floor(random() * cases.length)]!;
    const occasion = OCCASIONS[Math.floor(random() * OCCASIONS.length)]!;
    const informant = BENCH_INFORMANTS[Math.floor(random() * BENCH_INFORMANTS.length)]!;
    const bias = (random() - 0.5) * 0.8;
    const responses: Record<string, number> = {};
    for (const item of items) {
      const noise = (random() + random() + random() - 1.5) * 1.6;
      const wanted = Math.round(record.level + occasion.gain + bias + noise);
      let value = Math.min(item.max, Math.max(item.min, wanted));
      // A reversed item (an intensity of difficulty) is rated high where the family does badly.
      if (item.reverse) value = item.min + item.max - value;
      // A scale with gaps: the nearest value below that the scale has.
      while (!item.values.has(value) && value > item.min) value--;
      responses[item.id] = value;
    }
    const body: Record<string, unknown> = {
      grid: grid.id,
      version: grid.version,
      occasion: occasion.id,
      date: addMonths(record.start, occasion.months),
      informant,
      livingSituation: random() < 0.85 ? 'family' : 'kinship_care',
      responses,
      status: 'submitted',
    };
    if (random() < 0.3) body['notes'] = NOTES[Math.floor(random() * NOTES.length)]!;
    requests.push({ path: `/api/v1/cases/${record.id}/administrations`, body: JSON.stringify(body) });
  }
  return requests;
}
