import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { occasionValue, prepareScoreExport, rowValueSource } from '../../src/export/index.ts';
import type { ExportAdministration, ExportCase, Repository, ScoreExportSource } from '../../src/storage/index.ts';
import type { ExportWorld } from './fixtures.ts';
import { createExportWorld, GRID, parseCsv } from './fixtures.ts';

let w: ExportWorld;
beforeEach(async () => {
  w = await createExportWorld();
});
afterEach(async () => {
  await w.close();
});

const T0 = '2025-06-10';
const T1 = '2026-03-01';
/** The test grid's bands of `bambino`: concern [2, 5), adequate [5, 8]. */
const BANDS = [
  { id: 'concern', label: { it: 'Preoccupazione' }, min: 2, max: 5 },
  { id: 'adequate', label: { it: 'Adeguato' }, min: 5, max: 8 },
];

type Administration = Parameters<ExportWorld['addCase']>[0]['administrations'][number];

/**
 * Five girls of zone-1 aged 8 at T0 (one combination of k = 5: nothing generalized), rated by
 * several informants:
 * - 0: three informants at T0, no team (4, 4, 7: mean 5, banded `adequate` though two said `concern`), one at T1;
 * - 1: three informants and the team at T0;
 * - 2: T0, then T1, then another T0 rating recorded after T1;
 * - 3: the team left `bambino` uncomputed at T0, so it comes from the social worker and `cura_attuale` from the team;
 * - 4: one informant at T0 and T1.
 */
const SEEDS: Administration[][] = [
  [
    { occasion: 'T0', date: T0, informant: 'social_worker', bambino: 4, band: 'concern', cura: 1 },
    { occasion: 'T0', date: T0, informant: 'educator', bambino: 4, band: 'concern', cura: 2 },
    { occasion: 'T0', date: T0, informant: 'psychologist', bambino: 7, band: 'adequate', cura: 6 },
    { occasion: 'T1', date: T1, informant: 'social_worker', bambino: 6, band: 'adequate', cura: 3 },
  ],
  [
    { occasion: 'T0', date: T0, informant: 'social_worker', bambino: 2, band: 'concern', cura: 1 },
    { occasion: 'T0', date: T0, informant: 'team', bambino: 5.5, band: 'adequate', cura: 4 },
    { occasion: 'T0', date: T0, informant: 'educator', bambino: 3, band: 'concern', cura: 1 },
    { occasion: 'T0', date: T0, informant: 'psychologist', bambino: 2.5, band: 'concern', cura: 2 },
  ],
  [
    { occasion: 'T0', date: T0, informant: 'social_worker', bambino: 3, band: 'concern', cura: 2 },
    { occasion: 'T1', date: T1, informant: 'social_worker', bambino: 7, band: 'adequate', cura: 5 },
    { occasion: 'T0', date: T0, informant: 'educator', bambino: 6, band: 'adequate', cura: 4 },
  ],
  [
    { occasion: 'T0', date: T0, informant: 'social_worker', bambino: 4, band: 'concern', cura: 1 },
    { occasion: 'T0', date: T0, informant: 'team', bambino: null, band: null, cura: 2 },
  ],
  [
    { occasion: 'T0', date: T0, informant: 'social_worker', bambino: 3, band: 'concern', cura: 3 },
    { occasion: 'T1', date: T1, informant: 'social_worker', bambino: 5, band: 'adequate', cura: 3 },
  ],
];

async function seed(): Promise<string[]> {
  const pseudonyms: string[] = [];
  const key = (): Buffer => readFileSync(join(w.keysDir, `project-${w.projects.first.id}.key`));
  const ids: string[] = [];
  for (const [i, administrations] of SEEDS.entries()) {
    ids.push((await w.addCase({ reference: `FI-W-${i}`, birthYearMonth: `2017-0${i + 1}`, sex: 'F', administrations })).id);
  }
  // The key exists once a first export was made.
  await (await w.request(`/api/v1/exports/scores?part=metadata&layout=wide&grid=${GRID}`, 'researcher')).arrayBuffer();
  for (const id of ids) pseudonyms.push(createHmac('sha256', key()).update(id).digest('hex'));
  return pseudonyms;
}

async function wideCsv(): Promise<Record<string, string>[]> {
  const res = await w.request(`/api/v1/exports/scores?format=csv&layout=wide&grid=${GRID}`, 'researcher');
  expect(res.status).toBe(200);
  return parseCsv(await res.text());
}

describe('wide layout over HTTP: one row per case and occasion', () => {
  test('row count is the number of (case, occasion) pairs, each pair once, occasions in date order', async () => {
    const p = await seed();
    const rows = await wideCsv();
    const pairs = new Set(SEEDS.flatMap((administrations, i) => administrations.map((a) => `${p[i]}/${a.occasion}`)));
    expect(pairs.size).toBe(8);
    expect(rows).toHaveLength(pairs.size);
    expect(new Set(rows.map((r) => `${r['pseudonym']}/${r['occasion']}`))).toEqual(pairs);
    // Case 2: the T0 rating recorded after T1 joins the T0 row, which still comes first.
    expect(rows.filter((r) => r['pseudonym'] === p[2]).map((r) => [r['occasion'], r['informants'], r['value_source'], r['score.bambino'], r['band.bambino']])).toEqual([
      ['T0', '2', 'mean_of_n', '4.5', 'concern'],
      ['T1', '1', 'single', '7', 'adequate'],
    ]);
  });

  test('three informants at T0 and no team: the mean, its band recomputed from the grid, mean_of_n', async () => {
    const p = await seed();
    const rows = (await wideCsv()).filter((r) => r['pseudonym'] === p[0]);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      versions: '1.0.0',
      occasion: 'T0',
      days_since_first: '0',
      age: '8',
      informants: '3',
      value_source: 'mean_of_n',
      'score.bambino': '5',
      'band.bambino': 'adequate',
      'score.cura_attuale': '3',
    });
    expect(rows[1]).toMatchObject({ occasion: 'T1', informants: '1', value_source: 'single', 'score.bambino': '6', 'band.bambino': 'adequate', 'score.cura_attuale': '3' });
  });

  test("with a team rating, the team's value and band, whatever the other informants said", async () => {
    const p = await seed();
    const [row, ...more] = (await wideCsv()).filter((r) => r['pseudonym'] === p[1]);
    expect(more).toEqual([]);
    expect(row).toMatchObject({ occasion: 'T0', informants: '4', value_source: 'team', 'score.bambino': '5.5', 'band.bambino': 'adequate', 'score.cura_attuale': '4' });
  });

  test('a score the team left uncomputed comes from the other informants, and the row says mixed', async () => {
    const p = await seed();
    const [row] = (await wideCsv()).filter((r) => r['pseudonym'] === p[3]);
    expect(row).toMatchObject({ informants: '2', value_source: 'mixed', 'score.bambino': '4', 'band.bambino': 'concern', 'score.cura_attuale': '2' });
  });

  test('NDJSON: one "occasion" record per case and occasion, numbers as numbers; the metadata states the rule', async () => {
    const p = await seed();
    const res = await w.request(`/api/v1/exports/scores?format=ndjson&layout=wide&grid=${GRID}`, 'researcher');
    const lines = (await res.text()).trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const [metadata, ...records] = lines;
    expect(metadata).toMatchObject({
      record: 'metadata',
      layout: 'wide',
      cases: 5,
      administrations: 15,
      conventions: { caseValue: { rule: 'team_if_present_else_mean_of_informants', consensusInformant: 'team' } },
    });
    expect(records).toHaveLength(8);
    expect(records.every((r) => r['record'] === 'occasion')).toBe(true);
    expect(records.find((r) => r['pseudonym'] === p[0] && r['occasion'] === 'T0')).toMatchObject({ informants: 3, value_source: 'mean_of_n', 'score.bambino': 5, 'band.bambino': 'adequate' });
  });

  test('the long layout keeps one row per administration and score', async () => {
    const p = await seed();
    const res = await w.request('/api/v1/exports/scores?format=csv&layout=long', 'researcher');
    const rows = parseCsv(await res.text());
    expect(rows).toHaveLength(15 * 2);
    expect(Object.keys(rows[0]!)).toEqual(['pseudonym', 'grid', 'version', 'occasion', 'days_since_first', 'age', 'age_band', 'sex', 'zone', 'zone_level', 'informant', 'score', 'value', 'band']);
    expect(rows.filter((r) => r['pseudonym'] === p[0] && r['occasion'] === 'T0' && r['score'] === 'bambino').map((r) => [r['informant'], r['value'], r['band']])).toEqual([
      ['social_worker', '4', 'concern'],
      ['educator', '4', 'concern'],
      ['psychologist', '7', 'adequate'],
    ]);
    const metadata = (await (await w.request('/api/v1/exports/scores?part=metadata', 'researcher')).json()) as { conventions: Record<string, unknown> };
    expect(metadata.conventions['caseValue']).toBeUndefined();
  });
});

describe('wide layout over a storage cursor', () => {
  const BASE = { zone: 'zone-1', sex: 'F' as const, birthYearMonth: '2017-01', firstOccasionDate: T0 };
  const adm = (caseId: string, occasion: string, informant: string, bambino: number): ExportAdministration => ({
    ...BASE,
    caseId,
    occasion,
    occasionDate: occasion === 'T0' ? T0 : T1,
    grid: GRID,
    version: '1.0.0',
    informant,
    scores: { bambino, cura_attuale: null },
    bands: { bambino: bambino < 5 ? 'concern' : 'adequate', cura_attuale: null },
  });

  /** A source handing over exactly the given batches. */
  function stubRepo(batches: ExportAdministration[][]): { repo: Repository; closed: () => boolean } {
    const ids = [...new Set(batches.flat().map((a) => a.caseId))];
    const cases: ExportCase[] = ids.map((caseId) => ({ ...BASE, caseId, administrations: batches.flat().filter((a) => a.caseId === caseId).length }));
    let closed = false;
    const source: ScoreExportSource = {
      // eslint-disable-next-line @typescript-eslint/require-await -- the contract's async iterable
      async *cases() {
        yield cases;
      },
      // eslint-disable-next-line @typescript-eslint/require-await -- the contract's async iterable
      async *administrations() {
        for (const batch of batches) yield batch;
      },
      close() {
        closed = true;
        return Promise.resolve();
      },
    };
    return { repo: { openScoreExport: () => Promise.resolve(source) } as unknown as Repository, closed: () => closed };
  }

  test('a case split across batches gives one row per occasion, written once its last batch came', async () => {
    const batches = [
      [adm('c1', 'T0', 'social_worker', 4), adm('c1', 'T1', 'social_worker', 6)],
      [adm('c1', 'T0', 'educator', 7)],
      [adm('c2', 'T0', 'social_worker', 3), adm('c3', 'T0', 'team', 5), adm('c4', 'T0', 'educator', 2), adm('c5', 'T0', 'educator', 2)],
    ];
    const { repo, closed } = stubRepo(batches);
    const prepared = await prepareScoreExport({ repo, grids: w.grids, keys: w.keys }, w.projects.first, { format: 'csv', layout: 'wide', grid: GRID, k: 5 }, (n) => `/${n}`);
    const chunks: string[] = [];
    for await (const chunk of prepared.chunks()) chunks.push(chunk);
    // Header; nothing for the first two batches (case c1 may go on); c1..c4 with the third; c5 at the end.
    expect(chunks).toHaveLength(3);
    const rows = parseCsv(chunks.join(''));
    expect(rows.map((r) => [r['occasion'], r['informants'], r['value_source'], r['score.bambino'], r['band.bambino']])).toEqual([
      ['T0', '2', 'mean_of_n', '5.5', 'adequate'],
      ['T1', '1', 'single', '6', 'adequate'],
      ['T0', '1', 'single', '3', 'concern'],
      ['T0', '1', 'team', '5', 'adequate'],
      ['T0', '1', 'single', '2', 'concern'],
      ['T0', '1', 'single', '2', 'concern'],
    ]);
    expect(rows[0]!['days_since_first']).toBe('0');
    expect(rows[1]!['days_since_first']).toBe('264');
    expect(closed()).toBe(true);
  });
});

describe('occasionValue: the trajectory rule', () => {
  test('team first, else the only value, else the mean banded from the grid; null when nobody has a value', () => {
    expect(occasionValue([{ informant: 'educator', value: 2, band: 'concern' }, { informant: 'team', value: 6, band: 'adequate' }], BANDS)).toEqual({ value: 6, band: 'adequate', source: 'team', contributors: 1 });
    expect(occasionValue([{ informant: 'team', value: null, band: null }, { informant: 'educator', value: 4.5, band: 'concern' }], BANDS)).toEqual({ value: 4.5, band: 'concern', source: 'single', contributors: 1 });
    expect(
      occasionValue(
        [
          { informant: 'educator', value: 4, band: 'concern' },
          { informant: 'parent', value: null, band: null },
          { informant: 'social_worker', value: 6, band: 'adequate' },
        ],
        BANDS,
      ),
    ).toEqual({ value: 5, band: 'adequate', source: 'mean_of_n', contributors: 2 });
    expect(occasionValue([{ informant: 'educator', value: 4, band: null }, { informant: 'social_worker', value: 6, band: null }], undefined)).toMatchObject({ band: null, source: 'mean_of_n' });
    expect(occasionValue([{ informant: 'educator', value: null, band: null }], BANDS)).toBeNull();
    expect(occasionValue([], BANDS)).toBeNull();
  });

  test("the row's source: the common one, mixed when they differ, null when no score has a value", () => {
    expect(rowValueSource(['team', null, 'team'])).toBe('team');
    expect(rowValueSource(['team', 'single'])).toBe('mixed');
    expect(rowValueSource([null, null])).toBeNull();
  });
});
