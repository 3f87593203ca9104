import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Harness, TokenName } from './fixtures.ts';
import { administrationBody, createHarness, GRID, openCaseFor, TEAMS, testGrid } from './fixtures.ts';

/**
 * Every route x every role (and no token, a revoked token, an expired token) x own team / other
 * team of the same zone / other zone, each cell asserted. The expectations are the data below.
 */

type Caller = Exclude<TokenName, 'operatorB' | 'operatorC'> | 'none';
type Target = 'own' | 'otherTeam' | 'otherZone';
const CALLERS: Caller[] = ['operatorA', 'coordinatorA', 'methodologist', 'researcher', 'admin', 'none', 'revoked', 'expired'];
const TARGETS: Target[] = ['own', 'otherTeam', 'otherZone'];
const TEAM_OF: Record<Target, 'A' | 'B' | 'C'> = { own: 'A', otherTeam: 'B', otherZone: 'C' };

interface World {
  h: Harness;
  cases: Record<Target, string>;
  administrations: Record<Target, string>;
  counter: { n: number };
}

interface Req {
  method: string;
  path: string;
  body?: unknown;
}

interface Row {
  route: string;
  /** Whether the route is about a case (then it is tried on each target). */
  scoped: boolean;
  /** Builds the request for one cell (fresh records where a write would spoil later cells). */
  request(w: World, target: Target): Req | Promise<Req>;
  /** Status per caller (and per target for scoped routes). */
  expect: Partial<Record<Caller, number | Record<Target, number>>>;
  /** What a successful read may show to this caller. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each row reads its own body shape
  check?(body: any, caller: Caller, target: Target, w: World): void;
}

const UNAUTHENTICATED = { none: 401, revoked: 401, expired: 401 } as const;
const NO_CASES = { methodologist: 403, researcher: 403, admin: 403 } as const;
const CASE_READ = { operatorA: { own: 200, otherTeam: 404, otherZone: 404 }, coordinatorA: { own: 200, otherTeam: 200, otherZone: 404 }, ...NO_CASES, ...UNAUTHENTICATED };
const CASE_WRITE = (ok: number) => ({ operatorA: { own: ok, otherTeam: 404, otherZone: 404 }, coordinatorA: 403, ...NO_CASES, ...UNAUTHENTICATED });
const EVERY_ROLE = (ok: number) => ({ operatorA: ok, coordinatorA: ok, methodologist: ok, researcher: ok, admin: ok, ...UNAUTHENTICATED });
const ONLY = (role: Caller, ok: number) => ({ ...Object.fromEntries(CALLERS.map((c) => [c, 403])), ...UNAUTHENTICATED, [role]: ok });

async function freshAdministration(w: World, target: Target): Promise<string> {
  const team = TEAM_OF[target];
  const res = await w.h.request('POST', `/api/v1/cases/${w.cases[target]}/administrations`, {
    token: w.h.tokens[`operator${team}`],
    body: administrationBody({ status: 'draft' }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

const ROWS: Row[] = [
  { route: 'GET /health', scoped: false, request: () => ({ method: 'GET', path: '/api/v1/health' }), expect: { ...EVERY_ROLE(200), none: 200, revoked: 200, expired: 200 } },
  { route: 'GET /openapi.json', scoped: false, request: () => ({ method: 'GET', path: '/api/v1/openapi.json' }), expect: { ...EVERY_ROLE(200), none: 200, revoked: 200, expired: 200 } },
  { route: 'GET /grids', scoped: false, request: () => ({ method: 'GET', path: '/api/v1/grids' }), expect: EVERY_ROLE(200) },
  { route: 'GET /grids/{id}/versions/{version}', scoped: false, request: () => ({ method: 'GET', path: `/api/v1/grids/${GRID}/versions/1.0.0` }), expect: EVERY_ROLE(200) },
  { route: 'GET .../schema', scoped: false, request: () => ({ method: 'GET', path: `/api/v1/grids/${GRID}/versions/1.0.0/schema` }), expect: EVERY_ROLE(200) },
  { route: 'GET .../form', scoped: false, request: () => ({ method: 'GET', path: `/api/v1/grids/${GRID}/versions/1.0.0/form?lang=en` }), expect: EVERY_ROLE(200) },
  { route: 'GET .../codebook', scoped: false, request: () => ({ method: 'GET', path: `/api/v1/grids/${GRID}/versions/1.0.0/codebook` }), expect: EVERY_ROLE(200) },
  { route: 'GET /grids/{id}/diff', scoped: false, request: () => ({ method: 'GET', path: `/api/v1/grids/${GRID}/diff?from=1.0.0&to=1.0.1` }), expect: EVERY_ROLE(200) },
  { route: 'POST /grids', scoped: false, request: () => ({ method: 'POST', path: '/api/v1/grids', body: testGrid() }), expect: ONLY('methodologist', 200) },
  { route: 'POST .../retire', scoped: false, request: () => ({ method: 'POST', path: `/api/v1/grids/${GRID}/versions/1.0.1/retire` }), expect: ONLY('methodologist', 200) },
  {
    route: 'GET /cases',
    scoped: false,
    request: () => ({ method: 'GET', path: '/api/v1/cases' }),
    expect: { operatorA: 200, coordinatorA: 200, ...NO_CASES, ...UNAUTHENTICATED },
    check(body: { cases: { team: string }[] }, caller) {
      const teams = new Set(body.cases.map((c) => c.team));
      expect([...teams].sort()).toEqual(caller === 'operatorA' ? [TEAMS.A.id] : [TEAMS.A.id, TEAMS.B.id]);
    },
  },
  {
    route: 'POST /cases',
    scoped: false,
    request: () => ({ method: 'POST', path: '/api/v1/cases', body: { reference: 'nuovo', birthYearMonth: '2019-01', sex: 'M' } }),
    expect: { operatorA: 201, coordinatorA: 403, ...NO_CASES, ...UNAUTHENTICATED },
  },
  {
    route: 'GET /cases/{caseId}',
    scoped: true,
    request: (w, t) => ({ method: 'GET', path: `/api/v1/cases/${w.cases[t]}` }),
    expect: CASE_READ,
    check(body: { id: string; team: string; administrations: unknown[] }, _caller, target, w) {
      expect(body.id).toBe(w.cases[target]);
      expect(body.team).toBe(TEAMS[TEAM_OF[target]].id);
      expect(body.administrations.length).toBeGreaterThan(0);
    },
  },
  {
    route: 'POST /cases/{caseId}/interventions',
    scoped: true,
    request: (w, t) => ({ method: 'POST', path: `/api/v1/cases/${w.cases[t]}/interventions`, body: { type: '410', start: '2025-02-01' } }),
    expect: CASE_WRITE(201),
  },
  {
    route: 'POST /cases/{caseId}/administrations',
    scoped: true,
    request: (w, t) => ({ method: 'POST', path: `/api/v1/cases/${w.cases[t]}/administrations`, body: administrationBody({ informant: 'educator' }) }),
    expect: CASE_WRITE(201),
  },
  {
    route: 'GET /administrations/{id}',
    scoped: true,
    request: (w, t) => ({ method: 'GET', path: `/api/v1/administrations/${w.administrations[t]}` }),
    expect: CASE_READ,
    check(body: { id: string; revisions: unknown[] }, _caller, target, w) {
      expect(body.id).toBe(w.administrations[target]);
      expect(body.revisions.length).toBeGreaterThan(0);
    },
  },
  {
    route: 'POST /administrations/{id}/amendments',
    scoped: true,
    request: async (w, t) => ({
      method: 'POST',
      path: `/api/v1/administrations/${await freshAdministration(w, t)}/amendments`,
      body: { responses: { salute: 2 }, reason: 'correzione' },
    }),
    expect: CASE_WRITE(201),
  },
  {
    route: 'POST /administrations/{id}/void',
    scoped: true,
    request: async (w, t) => ({ method: 'POST', path: `/api/v1/administrations/${await freshAdministration(w, t)}/void`, body: { reason: 'registrata per errore' } }),
    expect: CASE_WRITE(200),
  },
  {
    route: 'GET /cases/{caseId}/trajectory',
    scoped: true,
    request: (w, target) => ({ method: 'GET', path: `/api/v1/cases/${w.cases[target]}/trajectory?grid=${GRID}` }),
    expect: CASE_READ,
  },
  {
    route: 'GET /cohorts/effectiveness',
    scoped: false,
    request: () => ({ method: 'GET', path: `/api/v1/cohorts/effectiveness?grid=${GRID}&from=T0&to=T1` }),
    expect: { operatorA: 200, coordinatorA: 200, researcher: 200, methodologist: 403, admin: 403, ...UNAUTHENTICATED },
    // Aggregates only: no case reference, whoever asks.
    check: (body) => {
      for (const t of TARGETS) expect(JSON.stringify(body)).not.toContain(`rif-${TEAM_OF[t]}`);
    },
  },
  {
    route: 'GET /exports/scores',
    scoped: false,
    request: () => ({ method: 'GET', path: `/api/v1/exports/scores?format=ndjson&layout=long&grid=${GRID}` }),
    expect: ONLY('researcher', 200),
    // Pseudonymised records: no case reference, no case id.
    check: (text: string, _caller, _target, w) => {
      expect(text.split('\n').filter(Boolean).length).toBeGreaterThan(0);
      for (const t of TARGETS) {
        expect(text).not.toContain(`rif-${TEAM_OF[t]}`);
        expect(text).not.toContain(w.cases[t]);
      }
    },
  },
  { route: 'GET /teams', scoped: false, request: () => ({ method: 'GET', path: '/api/v1/teams' }), expect: ONLY('admin', 200) },
  {
    route: 'POST /teams',
    scoped: false,
    request: (w) => ({ method: 'POST', path: '/api/v1/teams', body: { id: `team-new-${++w.counter.n}`, zone: 'zone-9' } }),
    expect: ONLY('admin', 201),
  },
  { route: 'GET /tokens', scoped: false, request: () => ({ method: 'GET', path: '/api/v1/tokens' }), expect: ONLY('admin', 200) },
  {
    route: 'POST /tokens',
    scoped: false,
    request: () => ({ method: 'POST', path: '/api/v1/tokens', body: { role: 'operator', team: TEAMS.A.id, name: 'nuovo' } }),
    expect: ONLY('admin', 201),
  },
  {
    route: 'POST /tokens/{id}/revoke',
    scoped: false,
    request: async (w) => {
      const created = await w.h.request('POST', '/api/v1/tokens', { token: w.h.tokens.admin, body: { role: 'methodologist' } });
      const { token } = (await created.json()) as { token: { id: number } };
      return { method: 'POST', path: `/api/v1/tokens/${token.id}/revoke` };
    },
    expect: ONLY('admin', 200),
  },
];

const cells = ROWS.flatMap((row) =>
  CALLERS.flatMap((caller) =>
    (row.scoped ? TARGETS : (['own'] as Target[])).map((target) => {
      const spec = row.expect[caller];
      const status = typeof spec === 'number' ? spec : spec?.[target];
      if (status === undefined) throw new Error(`no expectation for ${row.route} / ${caller} / ${target}`);
      return { name: `${row.route} as ${caller}${row.scoped ? ` on ${target}` : ''} -> ${status}`, row, caller, target, status };
    }),
  ),
);

describe('access matrix', () => {
  let world: World;

  beforeAll(async () => {
    const h = await createHarness();
    const published = await h.request('POST', '/api/v1/grids', {
      token: h.tokens.methodologist,
      body: { ...testGrid('1.0.1'), previous: { version: '1.0.0' }, title: { it: 'Griglia di prova API (rivista)', en: 'API test grid (revised)' } },
    });
    expect(published.status).toBe(201);
    const cases = { own: await openCaseFor(h, 'A'), otherTeam: await openCaseFor(h, 'B'), otherZone: await openCaseFor(h, 'C') };
    const world0: World = { h, cases, administrations: { own: '', otherTeam: '', otherZone: '' }, counter: { n: 0 } };
    for (const t of TARGETS) world0.administrations[t] = await freshAdministration(world0, t);
    world = world0;
  });

  afterAll(async () => {
    expect(world.h.errors).toEqual([]);
    await world.h.close();
  });

  test.each(cells.map((cell, i) => ({ ...cell, address: `198.51.${i >> 8}.${i & 255}` })))('$name', async ({ row, caller, target, status, address }) => {
    const { method, path, body } = await row.request(world, target);
    const token = caller === 'none' ? null : world.h.tokens[caller];
    // One client address per cell, so the failed-authentication limit (tested elsewhere) stays out of the way.
    const res = await world.h.request(method, path, { token, body, address });
    expect(res.status).toBe(status);
    const text = await res.text();
    if (status >= 400) {
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      // A refusal never shows what the caller may not see.
      for (const t of TARGETS) expect(text).not.toContain(`rif-${TEAM_OF[t]}`);
    } else if (row.check) {
      const json = (res.headers.get('content-type') ?? '').startsWith('application/json');
      row.check(json ? JSON.parse(text) : text, caller, target, world);
    }
  });

  test('the table covers every route the app serves', () => {
    const served = new Set(world.h.app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`));
    const tried = ROWS.length;
    expect(served.size).toBe(tried);
  });
});
