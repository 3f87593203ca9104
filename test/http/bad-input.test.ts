import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Harness } from './fixtures.ts';
import { administrationBody, createHarness, GRID, openCaseFor, testGrid } from './fixtures.ts';

/**
 * SPEC 12's bad input: each answered 4xx as problem+json naming the field by JSON Pointer, never
 * echoing the submitted value, and writing nothing (every table's row count unchanged).
 */

interface BadInput {
  name: string;
  status: number;
  /** The pointer (or `?parameter`) expected among `errors`. */
  at: string;
  /** Text that was submitted and must not come back. */
  secret: string;
  request(w: { caseId: string; administrationId: string }): { method?: string; path: string; body?: unknown; raw?: string; headers?: Record<string, string>; token?: 'operatorA' | 'methodologist' };
}

const admin = (caseId: string) => `/api/v1/cases/${caseId}/administrations`;
const S = 'SEGRETO-7f3a';
const deep = (levels: number): unknown => {
  let v: unknown = S;
  for (let i = 0; i < levels; i++) v = { x: v };
  return v;
};

const CASES: BadInput[] = [
  { name: 'malformed JSON', status: 400, at: '', secret: S, request: (w) => ({ path: admin(w.caseId), raw: `{"grid": "${S}", ` }) },
  { name: 'a content type other than JSON (415)', status: 415, at: '', secret: S, request: (w) => ({ path: admin(w.caseId), raw: JSON.stringify(administrationBody({ notes: S })), headers: { 'content-type': 'text/plain' } }) },
  { name: 'no content type (415)', status: 415, at: '', secret: S, request: (w) => ({ path: admin(w.caseId), raw: JSON.stringify(administrationBody({ notes: S })), headers: { 'content-type': '' } }) },
  { name: 'a body over 1 MB (413)', status: 413, at: '', secret: S, request: (w) => ({ path: admin(w.caseId), body: administrationBody({ notes: S + 'x'.repeat(1024 * 1024) }) }) },
  { name: 'a date of the wrong type', status: 400, at: '/date', secret: '987654321', request: (w) => ({ path: admin(w.caseId), body: administrationBody({ date: 987654321 }) }) },
  { name: 'responses of the wrong type', status: 400, at: '/responses', secret: S, request: (w) => ({ path: admin(w.caseId), body: administrationBody({ responses: [S] }) }) },
  { name: 'an answer of the wrong type', status: 422, at: '/responses/salute', secret: S, request: (w) => ({ path: admin(w.caseId), body: administrationBody({ responses: { salute: S } }) }) },
  { name: 'a value outside the scale', status: 422, at: '/responses/salute', secret: '987654', request: (w) => ({ path: admin(w.caseId), body: administrationBody({ responses: { salute: 987654 } }) }) },
  { name: 'an unknown item', status: 422, at: '/responses/inventato', secret: '987654', request: (w) => ({ path: admin(w.caseId), body: administrationBody({ responses: { salute: 3, inventato: 987654 } }) }) },
  { name: 'an unknown facet', status: 422, at: '/responses/cura/futuro', secret: '987654', request: (w) => ({ path: admin(w.caseId), body: administrationBody({ responses: { salute: 3, cura: { current: 2, futuro: 987654 } } }) }) },
  { name: 'a required item missing in a submitted administration', status: 422, at: '/responses/salute', secret: S, request: (w) => ({ path: admin(w.caseId), body: administrationBody({ responses: { gioco: 2 }, notes: S }) }) },
  { name: 'nesting deeper than 32', status: 400, at: '/responses' + '/x'.repeat(31), secret: S, request: (w) => ({ path: admin(w.caseId), body: administrationBody({ responses: deep(40) }) }) },
  { name: 'a __proto__ key', status: 400, at: '/__proto__', secret: S, request: (w) => ({ path: admin(w.caseId), raw: `{"__proto__": {"isAdmin": "${S}"}, "grid": "${GRID}"}` }) },
  { name: 'a constructor key', status: 400, at: '/responses/constructor', secret: S, request: (w) => ({ path: admin(w.caseId), body: administrationBody({ responses: { constructor: { prototype: S } } }) }) },
  { name: 'a prototype key', status: 400, at: '/prototype', secret: S, request: (w) => ({ path: admin(w.caseId), body: { ...administrationBody(), prototype: S } }) },
  { name: 'a lone surrogate in text', status: 400, at: '/notes', secret: S, request: (w) => ({ path: admin(w.caseId), raw: JSON.stringify(administrationBody({ notes: S })).replace(S, `${S}\\ud800`) }) },
  { name: 'a control character in text', status: 400, at: '/notes', secret: S, request: (w) => ({ path: admin(w.caseId), body: administrationBody({ notes: `${S}\u0007` }) }) },
  { name: 'an invalid calendar date', status: 400, at: '/date', secret: '2025-02-30', request: (w) => ({ path: admin(w.caseId), body: administrationBody({ date: '2025-02-30' }) }) },
  { name: 'a date before the child was born', status: 400, at: '/date', secret: '1999-12-31', request: (w) => ({ path: admin(w.caseId), body: administrationBody({ date: '1999-12-31' }) }) },
  { name: 'an unknown grid version', status: 404, at: '/version', secret: '97.65.43', request: (w) => ({ path: admin(w.caseId), body: administrationBody({ version: '97.65.43' }) }) },
  { name: 'a retired grid version', status: 409, at: '/version', secret: S, request: (w) => ({ path: admin(w.caseId), body: administrationBody({ version: '1.0.1', notes: S }) }) },
  { name: 'an informant the grid does not list', status: 400, at: '/informant', secret: 'astrologo', request: (w) => ({ path: admin(w.caseId), body: administrationBody({ informant: 'astrologo' }) }) },
  { name: 'an item of a section the informant does not rate', status: 422, at: '/responses/cura', secret: S, request: (w) => ({ path: admin(w.caseId), body: administrationBody({ informant: 'parent', notes: S }) }) },
  { name: 'a server-owned id', status: 400, at: '/id', secret: S, request: (w) => ({ path: admin(w.caseId), body: { ...administrationBody(), id: S } }) },
  { name: 'server-owned scores', status: 400, at: '/scores', secret: '987654', request: (w) => ({ path: admin(w.caseId), body: { ...administrationBody(), scores: { bambino: 987654 } } }) },
  { name: 'a server-owned revision number', status: 400, at: '/revision', secret: '987654', request: (w) => ({ path: admin(w.caseId), body: { ...administrationBody(), revision: 987654 } }) },
  { name: 'a server-owned author', status: 400, at: '/authorTokenId', secret: '987654', request: (w) => ({ path: admin(w.caseId), body: { ...administrationBody(), authorTokenId: 987654 } }) },
  { name: 'a missing status', status: 400, at: '/status', secret: S, request: (w) => ({ path: admin(w.caseId), body: { ...administrationBody({ notes: S }), status: undefined } }) },
  { name: 'a case in another team', status: 403, at: '/team', secret: S, request: () => ({ path: '/api/v1/cases', body: { reference: S, birthYearMonth: '2016-04', sex: 'F', team: 'team-b' } }) },
  { name: 'a case zone not the team\'s', status: 403, at: '/zone', secret: S, request: () => ({ path: '/api/v1/cases', body: { reference: S, birthYearMonth: '2016-04', sex: 'F', zone: 'zone-2' } }) },
  { name: 'an impossible birth month', status: 400, at: '/birthYearMonth', secret: '2016-13', request: () => ({ path: '/api/v1/cases', body: { reference: 'rif', birthYearMonth: '2016-13', sex: 'F' } }) },
  { name: 'a server-owned case createdAt', status: 400, at: '/createdAt', secret: '1999-01-01', request: () => ({ path: '/api/v1/cases', body: { reference: 'rif', birthYearMonth: '2016-04', sex: 'F', createdAt: '1999-01-01' } }) },
  { name: 'an unknown intervention type', status: 400, at: '/type', secret: '98765', request: (w) => ({ path: `/api/v1/cases/${w.caseId}/interventions`, body: { type: '98765', start: '2025-01-01' } }) },
  { name: 'an intervention ending before it starts', status: 400, at: '/end', secret: S, request: (w) => ({ path: `/api/v1/cases/${w.caseId}/interventions`, body: { type: '410', start: '2025-03-01', end: '2025-02-01', notes: S } }) },
  { name: 'an amendment without a reason', status: 400, at: '/reason', secret: '987654', request: (w) => ({ path: `/api/v1/administrations/${w.administrationId}/amendments`, body: { responses: { salute: 987654 } } }) },
  { name: 'an amendment outside the scale', status: 422, at: '/responses/salute', secret: '987654', request: (w) => ({ path: `/api/v1/administrations/${w.administrationId}/amendments`, body: { responses: { salute: 987654 }, reason: 'x' } }) },
  { name: 'a void without a reason', status: 400, at: '/reason', secret: S, request: (w) => ({ path: `/api/v1/administrations/${w.administrationId}/void`, body: { motivo: S } }) },
  { name: 'a token in the query string', status: 400, at: '?access_token', secret: 'grg_', request: (w) => ({ method: 'GET', path: `/api/v1/cases/${w.caseId}?access_token=grg_${'a'.repeat(43)}` }) },
  { name: 'a grid definition that is not an object', status: 400, at: '', secret: S, request: () => ({ path: '/api/v1/grids', raw: JSON.stringify([S]), token: 'methodologist' }) },
  { name: 'a diff without versions', status: 400, at: '?from', secret: S, request: () => ({ method: 'GET', path: `/api/v1/grids/${GRID}/diff?to=1.0.0&x=${S}`, token: 'methodologist' }) },
];

describe('bad input (SPEC 12)', () => {
  let h: Harness;
  let world: { caseId: string; administrationId: string };

  beforeAll(async () => {
    h = await createHarness();
    const retired = await h.request('POST', '/api/v1/grids', { token: h.tokens.methodologist, body: { ...testGrid('1.0.1'), previous: { version: '1.0.0' } } });
    expect(retired.status).toBe(201);
    expect((await h.request('POST', `/api/v1/grids/${GRID}/versions/1.0.1/retire`, { token: h.tokens.methodologist })).status).toBe(200);
    const caseId = await openCaseFor(h, 'A');
    const res = await h.request('POST', admin(caseId), { token: h.tokens.operatorA, body: administrationBody() });
    expect(res.status).toBe(201);
    world = { caseId, administrationId: ((await res.json()) as { id: string }).id };
  });

  afterAll(async () => {
    expect(h.errors).toEqual([]);
    await h.close();
  });

  test.each(CASES)('$name -> $status at $at', async (c) => {
    const before = h.rowCounts();
    const r = c.request(world);
    const res = await h.request(r.method ?? 'POST', r.path, {
      token: h.tokens[r.token ?? 'operatorA'],
      ...(r.body !== undefined ? { body: r.body } : {}),
      ...(r.raw !== undefined ? { raw: r.raw, headers: { 'content-type': 'application/json', ...(r.headers ?? {}) } } : {}),
      ...(r.headers !== undefined && r.raw === undefined ? { headers: r.headers } : {}),
    });
    expect(res.status).toBe(c.status);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const text = await res.text();
    const problem = JSON.parse(text) as { status: number; type: string; title: string; errors?: { pointer?: string; parameter?: string }[] };
    expect(problem.status).toBe(c.status);
    expect(typeof problem.type).toBe('string');
    const places = (problem.errors ?? []).map((e) => e.pointer ?? `?${e.parameter ?? ''}`);
    expect(places).toContain(c.at);
    expect(text).not.toContain(c.secret);
    expect(h.rowCounts()).toEqual(before);
  });
});
