// Response bodies are untyped JSON; the assertions check their shape.
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { readEngineVersion } from '../../src/service/index.ts';
import type { Harness } from './fixtures.ts';
import { administrationBody, createHarness, GRID, openCaseFor, testGrid } from './fixtures.ts';

describe('administrations', () => {
  let h: Harness;
  let caseId: string;
  const post = (path: string, body: unknown, token = h.tokens.operatorA) => h.request('POST', path, { token, body });
  const get = (path: string, token = h.tokens.operatorA) => h.request('GET', path, { token });

  beforeEach(async () => {
    h = await createHarness();
    caseId = await openCaseFor(h, 'A');
  });
  afterEach(async () => {
    expect(h.errors).toEqual([]);
    await h.close();
  });

  test('a submitted administration answers 201 with scores and bands, stored with version, rule hashes and engine version', async () => {
    const res = await post(`/api/v1/cases/${caseId}/administrations`, administrationBody());
    expect(res.status).toBe(201);
    const body = (await res.json()) as any;
    expect(body).toMatchObject({ status: 'submitted', revision: 1, grid: GRID, version: '1.0.0', scores: { bambino: 7, cura_attuale: 2 }, bands: { bambino: 'adequate' } });
    expect(res.headers.get('location')).toBe(`/api/v1/administrations/${body.id}`);
    // The answer does not echo the responses just sent; the stored revision is at the Location.
    expect(body).not.toHaveProperty('current');
    expect(body).not.toHaveProperty('responses');
    const stored = (await (await get(`/api/v1/administrations/${body.id}`)).json()) as any;
    expect(stored.current.scoring.engineVersion).toBe(readEngineVersion());
    expect(Object.keys(stored.current.scoring.ruleHashes).sort()).toEqual(['bambino', 'cura_attuale']);
    expect(stored.current.scoring.gridSha256).toMatch(/^[0-9a-f]{64}$/);
    const grid = await get(`/api/v1/grids/${GRID}/versions/1.0.0`);
    expect(grid.headers.get('etag')).toBe(`"${stored.current.scoring.gridSha256}"`);
  });

  test('a draft may leave required items out; a score without enough answers is null with its reason', async () => {
    const res = await post(`/api/v1/cases/${caseId}/administrations`, administrationBody({ status: 'draft', responses: { gioco: 'NA' } }));
    expect(res.status).toBe(201);
    const body = (await res.json()) as any;
    expect(body.status).toBe('draft');
    expect(body.scores.bambino).toBeNull();
    expect(body.reasons.bambino).toMatchObject({ reason: 'insufficient_data', answered: 0, required: 1 });
  });

  test('an amendment makes revision 2 with its reason, re-scored; the history stays readable; a draft may become submitted', async () => {
    const created = (await (await post(`/api/v1/cases/${caseId}/administrations`, administrationBody({ status: 'draft', responses: { salute: 2 } }))).json()) as any;
    const amended = await post(`/api/v1/administrations/${created.id}/amendments`, { responses: { salute: 4, gioco: 4 }, reason: 'colloquio completato', status: 'submitted' });
    expect(amended.status).toBe(201);
    expect(await amended.json()).toMatchObject({ id: created.id, revision: 2, status: 'submitted', scores: { bambino: 8 } });
    expect(amended.headers.get('location')).toBe(`/api/v1/administrations/${created.id}`);
    const history = (await (await get(`/api/v1/administrations/${created.id}`)).json()) as any;
    expect(history.revisions.map((r: any) => [r.revision, r.status, r.reason, r.scoring.scores.bambino])).toEqual([
      [1, 'draft', null, 2],
      [2, 'submitted', 'colloquio completato', 8],
    ]);
    const back = await post(`/api/v1/administrations/${created.id}/amendments`, { responses: { salute: 4 }, reason: 'indietro', status: 'draft' });
    expect(back.status).toBe(409);
  });

  test('void keeps the record and its history; a void administration takes no amendment', async () => {
    const created = (await (await post(`/api/v1/cases/${caseId}/administrations`, administrationBody())).json()) as any;
    const voided = await post(`/api/v1/administrations/${created.id}/void`, { reason: 'caso sbagliato' });
    expect(voided.status).toBe(200);
    const history = (await (await get(`/api/v1/administrations/${created.id}`)).json()) as any;
    expect(history.status).toBe('void');
    expect(history.revisions.map((r: any) => r.status)).toEqual(['submitted', 'void']);
    expect(history.current.reason).toBe('caso sbagliato');
    expect((await post(`/api/v1/administrations/${created.id}/amendments`, { responses: { salute: 1 }, reason: 'x' })).status).toBe(409);
    expect((await post(`/api/v1/administrations/${created.id}/void`, { reason: 'ancora' })).status).toBe(409);
  });

  test('the database refuses to rewrite a revision', async () => {
    await post(`/api/v1/cases/${caseId}/administrations`, administrationBody());
    const db = new Database(h.file);
    try {
      expect(() => db.prepare('UPDATE administration_revisions SET status = ?').run('void')).toThrow();
    } finally {
      db.close();
    }
  });

  test('several informants at one occasion', async () => {
    for (const informant of ['social_worker', 'educator']) {
      expect((await post(`/api/v1/cases/${caseId}/administrations`, administrationBody({ informant }))).status).toBe(201);
    }
    expect((await post(`/api/v1/cases/${caseId}/administrations`, administrationBody({ informant: 'parent', responses: { salute: 2 } }))).status).toBe(201);
    const detail = (await (await get(`/api/v1/cases/${caseId}`)).json()) as any;
    expect(detail.occasions.map((o: any) => o.name)).toEqual(['T0']);
    expect(detail.administrations.map((a: any) => a.informant).sort()).toEqual(['educator', 'parent', 'social_worker']);
  });

  test('a retired version takes no new administration but its administrations stay readable and amendable', async () => {
    const created = (await (await post(`/api/v1/cases/${caseId}/administrations`, administrationBody())).json()) as any;
    expect((await post(`/api/v1/grids/${GRID}/versions/1.0.0/retire`, {}, h.tokens.methodologist)).status).toBe(200);
    const refused = await post(`/api/v1/cases/${caseId}/administrations`, administrationBody({ occasion: 'T1', date: '2025-07-15' }));
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as any).code).toBe('version_retired');
    expect((await get(`/api/v1/administrations/${created.id}`)).status).toBe(200);
    expect((await post(`/api/v1/administrations/${created.id}/amendments`, { responses: { salute: 4 }, reason: 'correzione' })).status).toBe(201);
  });

  test('occasion timing: on time, early, late, missed and due against the grid occasions', async () => {
    h.now.value = new Date('2026-07-01T09:00:00Z');
    const other = await openCaseFor(h, 'A', 'rif-tempi');
    await post(`/api/v1/cases/${other}/administrations`, administrationBody({ occasion: 'T0', date: '2025-01-15' }));
    await post(`/api/v1/cases/${other}/administrations`, administrationBody({ occasion: 'T1', date: '2025-05-01' }));
    const early = (await (await get(`/api/v1/cases/${other}`)).json()) as any;
    expect(early.occasionTiming[0].occasions.map((o: any) => [o.occasion, o.status])).toEqual([
      ['T0', 'on_time'],
      ['T1', 'early'],
      ['T2', 'missed'],
    ]);
    await post(`/api/v1/cases/${caseId}/administrations`, administrationBody({ occasion: 'T0', date: '2025-10-01' }));
    await post(`/api/v1/cases/${caseId}/administrations`, administrationBody({ occasion: 'T1', date: '2026-06-20' }));
    const late = (await (await get(`/api/v1/cases/${caseId}`)).json()) as any;
    expect(late.occasionTiming[0].occasions.map((o: any) => [o.occasion, o.status])).toEqual([
      ['T0', 'on_time'],
      ['T1', 'late'],
      ['T2', 'due'],
    ]);
  });

  test('text is stored in Unicode NFC', async () => {
    const decomposed = 'cafe\u0301 n.1';
    const res = await post('/api/v1/cases', { reference: decomposed, birthYearMonth: '2015-09', sex: 'X' });
    expect(res.status).toBe(201);
    const created = (await res.json()) as any;
    const read = (await (await get(`/api/v1/cases/${created.id}`)).json()) as any;
    expect(read.reference).toBe(decomposed.normalize('NFC'));
    expect(read.reference).not.toBe(decomposed);
  });

  test('reading a case is audited as case.read, without the reference', async () => {
    await get(`/api/v1/cases/${caseId}`, h.tokens.coordinatorA);
    const entries = await h.repo.queryAudit({ action: 'case.read' });
    expect(entries.some((e) => e.records.includes(caseId) && e.role === 'coordinator')).toBe(true);
    expect(JSON.stringify(entries)).not.toContain('rif-A');
  });

  test('interventions of the dispositivi list, extendable by configuration', async () => {
    const res = await post(`/api/v1/cases/${caseId}/interventions`, { type: '430', start: '2025-02-01', end: null, notes: 'famiglia d\'appoggio' });
    expect(res.status).toBe(201);
    const detail = (await (await get(`/api/v1/cases/${caseId}`)).json()) as any;
    expect(detail.interventions.map((i: any) => i.type)).toEqual(['430']);
    expect(testGrid().id).toBe(GRID);
  });
});
