import { createHmac } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { SeededCase, ExportWorld } from './fixtures.ts';
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
const NOTE = 'Nota riservata: la madre lavora al bar Centrale';

/**
 * Five girls of zone-1 aged 8 at T0 (born January..May 2017): one combination of k = 5, so nothing
 * is generalized and ages are released. At T1 (2026-03-01) those born in January..March are 9.
 * Case 1 also has an educator at T1, a draft, and an amended administration; case 2 a voided one.
 */
async function seedFiveGirls(): Promise<SeededCase[]> {
  const cases: SeededCase[] = [];
  for (let i = 1; i <= 5; i++) {
    cases.push(
      await w.addCase({
        reference: `FI-2025-00${i}`,
        birthYearMonth: `2017-0${i}`,
        sex: 'F',
        note: NOTE,
        administrations: [
          { occasion: 'T0', date: T0, bambino: 3 + i / 10, band: 'concern', cura: i },
          { occasion: 'T1', date: T1, bambino: 6, band: 'adequate', cura: null },
        ],
      }),
    );
  }
  return cases;
}

async function text(path: string, caller: Parameters<ExportWorld['request']>[1] = 'researcher'): Promise<string> {
  const res = await w.request(path, caller);
  expect(res.status).toBe(200);
  return res.text();
}

function pseudonymFor(caseId: string, projectId: number): string {
  const key = readFileSync(join(w.keysDir, `project-${projectId}.key`));
  return createHmac('sha256', key).update(caseId).digest('hex');
}

describe('pseudonyms', () => {
  test('stable within a project, different between projects, HMAC-SHA-256 under the project key', async () => {
    const cases = await seedFiveGirls();
    const first = parseCsv(await text('/api/v1/exports/scores?format=csv&layout=long'));
    const again = parseCsv(await text('/api/v1/exports/scores?format=csv&layout=long'));
    const other = parseCsv(await text('/api/v1/exports/scores?format=csv&layout=long', 'researcher2'));
    const set = (rows: Record<string, string>[]) => new Set(rows.map((r) => r['pseudonym']));
    expect(set(again)).toEqual(set(first));
    expect(set(first).size).toBe(5);
    expect([...set(first)].filter((p) => set(other).has(p))).toEqual([]);
    expect(set(first)).toEqual(new Set(cases.map((c) => pseudonymFor(c.id, w.projects.first.id))));
    expect(set(other)).toEqual(new Set(cases.map((c) => pseudonymFor(c.id, w.projects.second.id))));
  });

  test('each project key is 32 bytes in a file of mode 0600, created on first use', async () => {
    await seedFiveGirls();
    await text('/api/v1/exports/scores');
    const file = join(w.keysDir, `project-${w.projects.first.id}.key`);
    expect(readFileSync(file)).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(() => statSync(join(w.keysDir, `project-${w.projects.second.id}.key`))).toThrow();
  });
});

describe('what never leaves', () => {
  test('no case reference, note, birth month or calendar date in any output', async () => {
    const cases = await seedFiveGirls();
    const outputs = await Promise.all(
      [
        'format=csv&layout=long',
        `format=csv&layout=wide&grid=${GRID}`,
        'format=ndjson&layout=long',
        `format=ndjson&layout=wide&grid=${GRID}`,
        'part=metadata',
      ].map((q) => text(`/api/v1/exports/scores?${q}`)),
    );
    for (const output of outputs) {
      expect(output).not.toContain(NOTE.slice(0, 20));
      for (const c of cases) {
        expect(output).not.toContain(c.reference);
        expect(output).not.toContain(c.id);
        expect(output).not.toContain(c.birthYearMonth);
        for (const date of c.dates) {
          expect(output).not.toContain(date);
          expect(output).not.toContain(date.replaceAll('-', ''));
        }
      }
      expect(output).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    }
  });
});

describe('rows', () => {
  test('long CSV: one row per submitted administration and score, ages and days computed', async () => {
    const cases = await seedFiveGirls();
    const rows = parseCsv(await text('/api/v1/exports/scores?format=csv&layout=long'));
    expect(rows).toHaveLength(5 * 2 * 2);
    const p1 = pseudonymFor(cases[0]!.id, w.projects.first.id);
    expect(rows.filter((r) => r['pseudonym'] === p1)).toEqual([
      { pseudonym: p1, grid: GRID, version: '1.0.0', occasion: 'T0', days_since_first: '0', age: '8', age_band: '6-10', sex: 'F', zone: 'zone-1', zone_level: 'zone', informant: 'social_worker', score: 'bambino', value: '3.1', band: 'concern' },
      { pseudonym: p1, grid: GRID, version: '1.0.0', occasion: 'T0', days_since_first: '0', age: '8', age_band: '6-10', sex: 'F', zone: 'zone-1', zone_level: 'zone', informant: 'social_worker', score: 'cura_attuale', value: '1', band: '' },
      { pseudonym: p1, grid: GRID, version: '1.0.0', occasion: 'T1', days_since_first: '264', age: '9', age_band: '6-10', sex: 'F', zone: 'zone-1', zone_level: 'zone', informant: 'social_worker', score: 'bambino', value: '6', band: 'adequate' },
      { pseudonym: p1, grid: GRID, version: '1.0.0', occasion: 'T1', days_since_first: '264', age: '9', age_band: '6-10', sex: 'F', zone: 'zone-1', zone_level: 'zone', informant: 'social_worker', score: 'cura_attuale', value: '', band: '' },
    ]);
    // Born in April and May 2017: still 8 on 2026-03-01; born in March: 9 from 2026-03-01.
    const ageAtT1 = cases.map((c) => rows.find((r) => r['pseudonym'] === pseudonymFor(c.id, w.projects.first.id) && r['occasion'] === 'T1')!['age']);
    expect(ageAtT1).toEqual(['9', '9', '9', '8', '8']);
  });

  test('only submitted, non-void administrations, their current revision', async () => {
    const cases = await seedFiveGirls();
    const author = { tokenId: 3, role: 'operator' as const };
    const caseDetail = await w.repo.getCaseDetail(cases[0]!.id);
    const t0 = caseDetail!.administrations.find((a) => a.occasion === 'T0')!;
    await w.repo.addRevision(
      { administrationId: t0.id, status: 'submitted', responses: {}, scoring: { ...t0.current.scoring, scores: { bambino: 7.5, cura_attuale: 4 }, bands: { bambino: 'adequate', cura_attuale: null } }, reason: 'correzione', notes: null },
      author,
    );
    const second = await w.repo.getCaseDetail(cases[1]!.id);
    const voided = second!.administrations.find((a) => a.occasion === 'T1')!;
    await w.repo.addRevision({ administrationId: voided.id, status: 'void', responses: {}, scoring: voided.current.scoring, reason: 'errore', notes: null }, author);
    await w.addCase({ reference: 'FI-draft', birthYearMonth: '2017-01', sex: 'F', administrations: [{ occasion: 'T0', date: T0, bambino: 1, status: 'draft' }] });

    const rows = parseCsv(await text(`/api/v1/exports/scores?format=csv&layout=wide&grid=${GRID}`));
    expect(rows).toHaveLength(9);
    const p1 = pseudonymFor(cases[0]!.id, w.projects.first.id);
    expect(rows.find((r) => r['pseudonym'] === p1 && r['occasion'] === 'T0')).toMatchObject({ 'score.bambino': '7.5', 'band.bambino': 'adequate', 'score.cura_attuale': '4' });
    const p2 = pseudonymFor(cases[1]!.id, w.projects.first.id);
    expect(rows.filter((r) => r['pseudonym'] === p2).map((r) => r['occasion'])).toEqual(['T0']);
  });

  test('wide CSV: one row per case and occasion, score.<id> and band.<id> as the codebook names them', async () => {
    const cases = await seedFiveGirls();
    const body = await text(`/api/v1/exports/scores?format=csv&layout=wide&grid=${GRID}`);
    expect(body.split('\r\n')[0]).toBe(
      'pseudonym,grid,versions,occasion,days_since_first,age,age_band,sex,zone,zone_level,informants,value_source,score.bambino,band.bambino,score.cura_attuale',
    );
    const rows = parseCsv(body);
    expect(rows).toHaveLength(10);
    const p5 = pseudonymFor(cases[4]!.id, w.projects.first.id);
    expect(rows.filter((r) => r['pseudonym'] === p5).map((r) => [r['versions'], r['occasion'], r['days_since_first'], r['age'], r['informants'], r['value_source'], r['score.bambino'], r['band.bambino'], r['score.cura_attuale']])).toEqual([
      ['1.0.0', 'T0', '0', '8', '1', 'single', '3.5', 'concern', '5'],
      ['1.0.0', 'T1', '264', '8', '1', 'single', '6', 'adequate', ''],
    ]);
    const codebook = (await (await w.request(`/api/v1/exports/scores?part=codebook&layout=wide&grid=${GRID}`, 'researcher')).json()) as { variables: { name: string }[]; grids: { variables: { name: string }[] }[] };
    const names = codebook.grids.flatMap((g) => g.variables.map((v) => v.name));
    for (const column of ['score.bambino', 'band.bambino', 'score.cura_attuale']) expect(names).toContain(column);
    const own = codebook.variables.map((v) => v.name);
    for (const column of ['versions', 'informants', 'value_source']) expect(own).toContain(column);
    expect(own).not.toContain('informant');
  });

  test('NDJSON: the metadata line first, then one object per row with the same columns', async () => {
    const cases = await seedFiveGirls();
    const lines = (await text('/api/v1/exports/scores?format=ndjson&layout=long')).trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ record: 'metadata', kind: 'record_level_extract', cases: 5, administrations: 10, project: { name: 'esiti-2026' } });
    expect(String(lines[0]!['legalStatus'])).toMatch(/pseudonymised personal data/i);
    expect(lines).toHaveLength(1 + 20);
    const p3 = pseudonymFor(cases[2]!.id, w.projects.first.id);
    expect(lines.find((l) => l['pseudonym'] === p3 && l['occasion'] === 'T0' && l['score'] === 'bambino')).toEqual({
      record: 'score', pseudonym: p3, grid: GRID, version: '1.0.0', occasion: 'T0', days_since_first: 0, age: 8, age_band: '6-10', sex: 'F', zone: 'zone-1', zone_level: 'zone', informant: 'social_worker', score: 'bambino', value: 3.3, band: 'concern',
    });
  });

  test('filters: grid and zone', async () => {
    await seedFiveGirls();
    await w.addCase({ reference: 'SI-1', birthYearMonth: '2012-05', sex: 'M', team: 'team-c', administrations: [{ occasion: 'T0', date: T0, bambino: 4 }] });
    const zone2 = parseCsv(await text('/api/v1/exports/scores?zone=zone-2'));
    expect(new Set(zone2.map((r) => r['pseudonym'])).size).toBe(1);
    const zone1 = parseCsv(await text(`/api/v1/exports/scores?zone=zone-1&grid=${GRID}`));
    expect(new Set(zone1.map((r) => r['pseudonym'])).size).toBe(5);
    const res = await w.request('/api/v1/exports/scores?grid=no-such-grid', 'researcher');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: [{ parameter: 'grid', code: 'unknown_grid' }] });
  });
});

describe('k-anonymity in the output', () => {
  /** Cases per combination of the released quasi-identifiers, over rows not suppressed. */
  function groups(rows: Record<string, string>[]): Map<string, Set<string>> {
    const out = new Map<string, Set<string>>();
    for (const r of rows) {
      if (r['zone_level'] === 'suppressed') continue;
      const key = JSON.stringify([r['zone'], r['zone_level'], r['age_band'], r['sex']]);
      if (!out.has(key)) out.set(key, new Set());
      out.get(key)!.add(r['pseudonym']!);
    }
    return out;
  }

  test('every released combination holds k cases; the metadata says what was generalized and suppressed', async () => {
    await seedFiveGirls();
    // Zone-2 boys of various ages, a Florentine 15-year-old with sex X, and zone-2 girls aged 8.
    for (const [i, birth] of ['2021-02', '2020-07', '2013-01', '2019-11', '2012-03', '2010-09'].entries()) {
      await w.addCase({ reference: `C-${i}`, birthYearMonth: birth, sex: 'M', team: 'team-c', administrations: [{ occasion: 'T0', date: T0, bambino: 4 }] });
    }
    await w.addCase({ reference: 'F-X', birthYearMonth: '2010-01', sex: 'X', team: 'team-f', administrations: [{ occasion: 'T0', date: T0, bambino: 4 }] });
    for (let i = 0; i < 4; i++) {
      await w.addCase({ reference: `G-${i}`, birthYearMonth: '2017-02', sex: 'F', team: 'team-c', administrations: [{ occasion: 'T0', date: T0, bambino: 4 }] });
    }

    const res = await w.request('/api/v1/exports/scores?part=metadata', 'researcher');
    const metadata = (await res.json()) as {
      cases: number;
      anonymization: { k: number; generalized: { attribute: string }[]; suppression: { cases: number }; quasiIdentifiers: Record<string, { level: string }> };
    };
    expect(metadata.cases).toBe(16);
    expect(metadata.anonymization.k).toBe(5);
    expect(metadata.anonymization.generalized.length).toBeGreaterThan(0);

    const rows = parseCsv(await text('/api/v1/exports/scores?format=csv&layout=long'));
    for (const cases of groups(rows).values()) expect(cases.size).toBeGreaterThanOrEqual(5);
    const suppressed = new Set(rows.filter((r) => r['zone_level'] === 'suppressed').map((r) => r['pseudonym']));
    expect(suppressed.size).toBe(metadata.anonymization.suppression.cases);
    for (const r of rows.filter((row) => row['zone_level'] === 'suppressed')) {
      expect([r['zone'], r['sex'], r['age_band'], r['age']]).toEqual(['', '', '', '']);
    }
    // The levels in the rows are the ones the metadata states.
    const released = rows.filter((r) => r['zone_level'] !== 'suppressed');
    expect(new Set(released.map((r) => r['zone_level']))).toEqual(new Set([metadata.anonymization.quasiIdentifiers['zone']!.level]));
    if (metadata.anonymization.quasiIdentifiers['age']!.level !== 'years') expect(released.every((r) => r['age'] === '')).toBe(true);

    // A raised k holds too.
    const k8 = parseCsv(await text('/api/v1/exports/scores?format=csv&layout=long&k=8'));
    for (const cases of groups(k8).values()) expect(cases.size).toBeGreaterThanOrEqual(8);
  });
});
