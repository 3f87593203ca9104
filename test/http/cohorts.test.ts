// Response bodies are untyped JSON; the assertions check their shape.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { cohortRoutes } from '../../src/http/routes/cohorts.ts';
import { trajectoryRoutes } from '../../src/http/routes/trajectory.ts';
import type { Harness, TokenName } from './fixtures.ts';
import { administrationBody, createHarness, GRID, openCaseFor } from './fixtures.ts';
import type { Requester } from './statistics-app.ts';
import { appWith } from './statistics-app.ts';

const PATH = `/api/v1/cohorts/effectiveness?grid=${GRID}&from=T0&to=T2`;

describe('GET /api/v1/cohorts/effectiveness', () => {
  let h: Harness;
  let get: Requester;
  const ids: string[] = [];
  const references: string[] = [];
  /** Cases with both occasions: team A 4, team B 2, team C 3. */
  const SIZES = { A: 4, B: 2, C: 3 } as const;

  beforeAll(async () => {
    h = await createHarness();
    get = appWith(h, [cohortRoutes]);
    for (const team of ['A', 'B', 'C'] as const) {
      for (let i = 0; i < SIZES[team]; i++) {
        const reference = `coorte-${team}-${i}`;
        const id = await openCaseFor(h, team, reference);
        ids.push(id);
        references.push(reference);
        const post = (body: Record<string, unknown>) =>
          h.request('POST', `/api/v1/cases/${id}/administrations`, { token: h.tokens[`operator${team}`], body: administrationBody(body) });
        expect((await post({ occasion: 'T0', responses: { salute: 1 + (i % 2), gioco: 2, cura: { current: 2, potential: 3 } } })).status).toBe(201);
        expect((await post({ occasion: 'T2', date: '2026-01-15', livingSituation: i === 0 ? 'foster_family' : 'family', responses: { salute: 3, gioco: 2 + (i % 3), cura: { current: 3, potential: 3 } } })).status).toBe(201);
      }
    }
  });
  afterAll(async () => {
    expect(h.errors).toEqual([]);
    await h.close();
  });

  const cases = async (query: string, token: string | null): Promise<{ status: number; body: any }> => {
    const res = await get(`${PATH}${query}`, token);
    return { status: res.status, body: res.status === 200 ? await res.json() : null };
  };

  test('operators see their team only; another team or zone answers 404', async () => {
    const own = await cases('', h.tokens.operatorA);
    expect(own.status).toBe(200);
    expect(own.body.cases).toEqual({ value: SIZES.A, suppressed: false });
    expect(own.body.filter).toEqual({ team: 'team-a' });
    expect(own.body.scores.map((s: { score: string }) => s.score)).toEqual(['bambino', 'cura_attuale']);
    expect(own.body.scores[0].n.value).toBe(SIZES.A);
    expect(own.body.disclosure.applied).toBe(false);
    expect((await cases('&team=team-a', h.tokens.operatorA)).body.cases.value).toBe(SIZES.A);
    expect((await cases('&team=team-b', h.tokens.operatorA)).status).toBe(404);
    expect((await cases('&zone=zone-2', h.tokens.operatorA)).status).toBe(404);
    expect((await cases('', h.tokens.operatorC)).body.cases.value).toBe(SIZES.C);
  });

  test('coordinators see their zone, and any team of it; another zone answers 404', async () => {
    expect((await cases('', h.tokens.coordinatorA)).body.cases.value).toBe(SIZES.A + SIZES.B);
    expect((await cases('&team=team-b', h.tokens.coordinatorA)).body.cases.value).toBe(SIZES.B);
    expect((await cases('&zone=zone-1', h.tokens.coordinatorA)).body.filter).toEqual({ zone: 'zone-1' });
    expect((await cases('&zone=zone-2', h.tokens.coordinatorA)).status).toBe(404);
    expect((await cases('&team=team-c', h.tokens.coordinatorA)).status).toBe(404);
    expect((await cases('&team=no-such-team', h.tokens.coordinatorA)).status).toBe(404);
  });

  test('methodologists and admins are refused; no valid token is 401', async () => {
    const expected: Partial<Record<TokenName | 'none', number>> = { methodologist: 403, admin: 403, none: 401, revoked: 401, expired: 401 };
    for (const [caller, status] of Object.entries(expected)) {
      expect((await get(PATH, caller === 'none' ? null : h.tokens[caller as TokenName])).status, caller).toBe(status);
    }
  });

  test('researchers get every case, anonymous: under the threshold the figures are suppressed and no case id or reference appears', async () => {
    const res = await get(PATH, h.tokens.researcher);
    expect(res.status).toBe(200);
    const text = await res.text();
    for (const id of ids) expect(text).not.toContain(id);
    for (const reference of references) expect(text).not.toContain(reference);
    const body = JSON.parse(text);
    // 9 cases < 10: everything withheld.
    expect(body.disclosure).toMatchObject({ applied: true, threshold: 10 });
    expect(body.cases).toEqual({ value: null, suppressed: true, reason: 'below_disclosure_threshold' });
    expect(body.livingAtTo.shareWithFamily).toMatchObject({ value: null, suppressed: true });
    for (const score of body.scores) {
      expect(score.n).toMatchObject({ value: null, suppressed: true });
      expect(score.occasions.from.mean).toMatchObject({ value: null, suppressed: true });
      expect(score.change.mean).toMatchObject({ value: null, suppressed: true });
      expect(score.dz).toMatchObject({ value: null, suppressed: true });
      expect(score.disclosure.applied).toBe(true);
    }
    // A threshold below the configured one is not applied; a higher one is.
    expect((await cases('&threshold=3', h.tokens.researcher)).body.disclosure.threshold).toBe(10);
    expect((await cases('&threshold=25', h.tokens.researcher)).body.disclosure.threshold).toBe(25);
    // Filters work for researchers too, and a team cohort of 2 stays suppressed.
    expect((await cases('&team=team-b', h.tokens.researcher)).body.scores[0].n.suppressed).toBe(true);
  });

  test('the same cohort is shown in full to a coordinator, with the share living with the family', async () => {
    const { body } = await cases('', h.tokens.coordinatorA);
    // Zone 1: 6 cases; the first case of each team lives in foster care at T2.
    expect(body.livingAtTo.counts.family.value).toBe(4);
    expect(body.livingAtTo.counts.foster_family.value).toBe(2);
    expect(body.livingAtTo.shareWithFamily.value).toBeCloseTo(4 / 6, 12);
    expect(body.scores[0].reliableChange).toEqual({ value: null, reason: 'reliability_not_declared' });
    expect(body.scores[0].transitions.bands).toEqual(['concern', 'adequate']);
  });

  test('is audited as cohort.read with the filter applied, never a case id', async () => {
    expect((await get(`${PATH}&intervention=410&informant=social_worker`, h.tokens.coordinatorA)).status).toBe(200);
    const entry = (await h.repo.queryAudit({ action: 'cohort.read' })).at(-1)!;
    expect(entry.records).toEqual([]);
    expect(entry.detail).toMatchObject({ grid: GRID, from: 'T0', to: 'T2', zone: 'zone-1', intervention: '410', informant: 'social_worker' });
  });

  test('bad query parameters answer 400 naming the parameter', async () => {
    for (const [query, parameter] of [
      [`/api/v1/cohorts/effectiveness?grid=${GRID}&to=T2`, 'from'],
      [`/api/v1/cohorts/effectiveness?grid=${GRID}&from=T0`, 'to'],
      [`/api/v1/cohorts/effectiveness?from=T0&to=T2`, 'grid'],
      [`${PATH}&threshold=-1`, 'threshold'],
      [`${PATH}&informant=Team!`, 'informant'],
    ] as const) {
      const res = await get(query, h.tokens.operatorA);
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as any).errors[0].parameter).toBe(parameter);
    }
    expect((await get(`/api/v1/cohorts/effectiveness?grid=nessuna&from=T0&to=T2`, h.tokens.operatorA)).status).toBe(404);
  });

  test('both statistics routes are documented in a valid OpenAPI document', async () => {
    const doc: any = await (await appWith(h, [trajectoryRoutes, cohortRoutes])('/api/v1/openapi.json', null)).json();
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(doc.paths['/api/v1/cohorts/effectiveness'].get.operationId).toBe('getCohortEffectiveness');
    expect(doc.paths['/api/v1/cases/{caseId}/trajectory'].get.operationId).toBe('getCaseTrajectory');
    expect(doc.paths['/api/v1/cohorts/effectiveness'].get.description).toContain('researcher (all)');
  });
});
