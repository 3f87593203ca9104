// Response bodies are untyped JSON; the assertions check their shape.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { trajectoryRoutes } from '../../src/http/routes/trajectory.ts';
import type { Harness, TokenName } from './fixtures.ts';
import { administrationBody, createHarness, GRID, openCaseFor } from './fixtures.ts';
import type { Requester } from './statistics-app.ts';
import { appWith } from './statistics-app.ts';

describe('GET /api/v1/cases/{caseId}/trajectory', () => {
  let h: Harness;
  let get: Requester;
  const cases = {} as Record<'A' | 'B' | 'C', string>;

  beforeAll(async () => {
    h = await createHarness();
    get = appWith(h, [trajectoryRoutes]);
    for (const team of ['A', 'B', 'C'] as const) {
      cases[team] = await openCaseFor(h, team);
      const post = (body: Record<string, unknown>) =>
        h.request('POST', `/api/v1/cases/${cases[team]}/administrations`, { token: h.tokens[`operator${team}`], body: administrationBody(body) });
      expect((await post({ occasion: 'T0', date: '2025-01-15', responses: { salute: 1, gioco: 2, cura: { current: 2, potential: 3 } } })).status).toBe(201);
      expect((await post({ occasion: 'T0', date: '2025-01-16', informant: 'educator', responses: { salute: 2, gioco: 2, cura: { current: 1, potential: 3 } } })).status).toBe(201);
      expect((await post({ occasion: 'T2', date: '2026-01-15', responses: { salute: 4, gioco: 3, cura: { current: 3, potential: 4 } } })).status).toBe(201);
      expect((await post({ occasion: 'T2', date: '2026-01-16', informant: 'educator', status: 'draft', responses: { salute: 1 } })).status).toBe(201);
    }
  });
  afterAll(async () => {
    expect(h.errors).toEqual([]);
    await h.close();
  });

  test('the operator of the team sees every score across occasions with its changes and informants', async () => {
    const res = await get(`/api/v1/cases/${cases.A}/trajectory?grid=${GRID}`, h.tokens.operatorA);
    expect(res.status).toBe(200);
    const body: any = await res.json();
    expect(body.caseId).toBe(cases.A);
    expect(body.versions).toEqual(['1.0.0']);
    expect(body.occasions.map((o: { occasion: string }) => o.occasion)).toEqual(['T0', 'T2']);
    const bambino = body.scores.find((s: any) => s.score === 'bambino');
    // T0: social worker 1 + 2 = 3, educator 2 + 2 = 4, mean 3.5 (concern); T2: 7 (the draft ignored).
    expect(bambino.occasions[0].points.map((p: { informant: string; value: number }) => [p.informant, p.value])).toEqual([['educator', 4], ['social_worker', 3]]);
    expect(bambino.occasions[0]).toMatchObject({ value: 3.5, band: 'concern', valueSource: 'mean_of_informants', agreement: { range: 1, sameBand: true } });
    expect(bambino.occasions[1]).toMatchObject({ value: 7, band: 'adequate', valueSource: 'single_informant' });
    expect(bambino.overall).toMatchObject({ rawChange: 3.5, bandTransition: { from: 'concern', to: 'adequate', changed: true }, comparison: { comparison: 'same_version' } });
    // The test grid declares no reference values: RCI and clinical significance say why they are missing.
    expect(bambino.overall.reliableChange).toEqual({ value: null, reason: 'reliability_not_declared' });
    expect(bambino.overall.clinicallySignificant).toEqual({ value: null, reason: 'cutoff_not_declared' });
    expect(body.options.administrations).toBe('submitted_current_revision');
  });

  test('is audited as a read of the case', async () => {
    const before = (await h.repo.queryAudit({ action: 'case.read', caseId: cases.B })).length;
    expect((await get(`/api/v1/cases/${cases.B}/trajectory?grid=${GRID}`, h.tokens.operatorB)).status).toBe(200);
    const entries = await h.repo.queryAudit({ action: 'case.read', caseId: cases.B });
    expect(entries.length).toBe(before + 1);
    expect(entries.at(-1)).toMatchObject({ records: [cases.B], detail: { view: 'trajectory', grid: GRID } });
  });

  const EXPECT: Record<Exclude<TokenName, 'operatorB' | 'operatorC'> | 'none', Record<'A' | 'B' | 'C', number>> = {
    operatorA: { A: 200, B: 404, C: 404 },
    coordinatorA: { A: 200, B: 200, C: 404 },
    methodologist: { A: 403, B: 403, C: 403 },
    researcher: { A: 403, B: 403, C: 403 },
    admin: { A: 403, B: 403, C: 403 },
    none: { A: 401, B: 401, C: 401 },
    revoked: { A: 401, B: 401, C: 401 },
    expired: { A: 401, B: 401, C: 401 },
  };
  for (const [caller, byTeam] of Object.entries(EXPECT)) {
    test(`${caller}: own team, other team of the zone, other zone`, async () => {
      for (const team of ['A', 'B', 'C'] as const) {
        const token = caller === 'none' ? null : h.tokens[caller as TokenName];
        const res = await get(`/api/v1/cases/${cases[team]}/trajectory?grid=${GRID}`, token);
        expect(res.status, `${caller} on team ${team}`).toBe(byTeam[team]);
      }
    });
  }

  test('an unknown case answers 404; a missing or malformed grid 400 naming the parameter; an unknown grid 404', async () => {
    expect((await get(`/api/v1/cases/00000000-0000-7000-8000-000000000000/trajectory?grid=${GRID}`, h.tokens.operatorA)).status).toBe(404);
    const missing = await get(`/api/v1/cases/${cases.A}/trajectory`, h.tokens.operatorA);
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as any).errors).toEqual([expect.objectContaining({ parameter: 'grid', code: 'required' })]);
    expect((await get(`/api/v1/cases/${cases.A}/trajectory?grid=Not_A_Slug`, h.tokens.operatorA)).status).toBe(400);
    expect((await get(`/api/v1/cases/${cases.A}/trajectory?grid=nessuna`, h.tokens.operatorA)).status).toBe(404);
    // Out of scope stays 404 whatever the query says.
    expect((await get(`/api/v1/cases/${cases.B}/trajectory`, h.tokens.operatorA)).status).toBe(404);
  });
});
