import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EngineError } from '../../src/errors.ts';
import { isUuidV7 } from '../../src/storage/index.ts';
import { ADMIN, SCORING, newAdministration, openRepo, seed, tempDir } from './fixtures.ts';

const METHODOLOGIST = { tokenId: null, role: 'methodologist' as const };

async function rejection(promise: Promise<unknown>): Promise<EngineError> {
  try {
    await promise;
  } catch (error) {
    return error as EngineError;
  }
  throw new Error('expected a rejection');
}

describe('teams and research projects', () => {
  it('creates, reads and lists teams; a second team with the same id conflicts', async () => {
    const repo = openRepo();
    const before = new Date().toISOString();
    const team = await repo.createTeam({ id: 'em-firenze', zone: 'firenze' }, ADMIN);
    expect(team).toEqual({ id: 'em-firenze', zone: 'firenze', createdAt: expect.any(String) as string });
    expect(team.createdAt >= before && team.createdAt <= new Date().toISOString()).toBe(true);
    await repo.createTeam({ id: 'em-empoli', zone: 'empolese' }, ADMIN);
    expect(await repo.getTeam('em-firenze')).toEqual(team);
    expect(await repo.getTeam('nessuno')).toBeNull();
    expect((await repo.listTeams()).map((t) => t.id)).toEqual(['em-empoli', 'em-firenze']);
    const error = await rejection(repo.createTeam({ id: 'em-firenze', zone: 'pisana' }, ADMIN));
    expect(error.code).toBe('conflict');
    expect(error.issues[0]?.path).toBe('/id');
  });

  it('creates research projects, found by name; names are unique', async () => {
    const repo = openRepo();
    const project = await repo.createProject({ name: 'esiti-pippi', protocol: 'CE-2026/14' }, ADMIN);
    expect(project.id).toBeGreaterThan(0);
    expect(await repo.getProjectByName('esiti-pippi')).toEqual(project);
    expect(await repo.getProjectByName('altro')).toBeNull();
    expect((await rejection(repo.createProject({ name: 'esiti-pippi', protocol: 'x' }, ADMIN))).code).toBe('conflict');
  });
});

describe('tokens', () => {
  it('stores a token by its hash, finds it, lists it, and revokes it once', async () => {
    const repo = openRepo();
    await repo.createTeam({ id: 'em-firenze', zone: 'firenze' }, ADMIN);
    const token = await repo.createToken(
      { hash: 'f'.repeat(64), role: 'operator', name: 'assistente sociale', team: 'em-firenze', project: null, expiresAt: '2027-01-01T00:00:00.000Z' },
      ADMIN,
    );
    expect(token).toMatchObject({ role: 'operator', team: 'em-firenze', project: null, revokedAt: null });
    expect(await repo.findTokenByHash('f'.repeat(64))).toEqual({ ...token, hash: 'f'.repeat(64), teamZone: 'firenze' });
    expect(JSON.stringify(await repo.listTokens())).not.toContain('f'.repeat(64));
    expect(await repo.findTokenByHash('0'.repeat(64))).toBeNull();
    expect(await repo.listTokens()).toEqual([token]);
    expect(await repo.revokeToken(token.id, ADMIN)).toBe(true);
    expect(await repo.revokeToken(token.id, ADMIN)).toBe(false);
    expect(await repo.revokeToken(999, ADMIN)).toBe(false);
    const revokedAt = (await repo.findTokenByHash('f'.repeat(64)))?.revokedAt;
    expect(revokedAt !== null && revokedAt !== undefined && revokedAt >= token.createdAt).toBe(true);
  });

  it('sees a revocation made by another connection on the next lookup (the token cache does not outlive it)', async () => {
    const file = join(tempDir(), 'griglie.db');
    const server = openRepo(file);
    const cli = openRepo(file);
    await server.createTeam({ id: 'em-firenze', zone: 'firenze' }, ADMIN);
    const token = await server.createToken({ hash: 'c'.repeat(64), role: 'operator', name: null, team: 'em-firenze', project: null, expiresAt: null }, ADMIN);
    expect((await server.findTokenByHash('c'.repeat(64)))?.revokedAt).toBeNull();
    expect((await server.findTokenByHash('c'.repeat(64)))?.revokedAt).toBeNull();
    expect(await cli.revokeToken(token.id, ADMIN)).toBe(true);
    expect((await server.findTokenByHash('c'.repeat(64)))?.revokedAt).not.toBeNull();
  });

  it('refuses a token whose scope does not fit its role, or names what does not exist', async () => {
    const repo = openRepo();
    await repo.createTeam({ id: 'em-firenze', zone: 'firenze' }, ADMIN);
    const base = { hash: 'a'.repeat(64), name: null, expiresAt: null };
    const noTeam = await rejection(repo.createToken({ ...base, role: 'operator', team: null, project: null }, ADMIN));
    expect([noTeam.code, noTeam.issues[0]?.path]).toEqual(['request_invalid', '/team']);
    const noProject = await rejection(repo.createToken({ ...base, role: 'researcher', team: null, project: null }, ADMIN));
    expect([noProject.code, noProject.issues[0]?.path]).toEqual(['request_invalid', '/project']);
    const adminWithTeam = await rejection(repo.createToken({ ...base, role: 'admin', team: 'em-firenze', project: null }, ADMIN));
    expect(adminWithTeam.code).toBe('request_invalid');
    const unknownTeam = await rejection(repo.createToken({ ...base, role: 'coordinator', team: 'em-nessuna', project: null }, ADMIN));
    expect(unknownTeam.code).toBe('not_found');
    const unknownProject = await rejection(repo.createToken({ ...base, role: 'researcher', team: null, project: 42 }, ADMIN));
    expect(unknownProject.code).toBe('not_found');
    expect(await repo.listTokens()).toEqual([]);
  });
});

describe('grid versions', () => {
  const v1 = { grid: 'mondo-del-bambino', version: '1.0.0', definition: '{"a":1}', sha256: '1'.repeat(64), status: 'published' as const };

  it('publishing the same content again is a no-op; other content under a published version conflicts', async () => {
    const repo = openRepo();
    const first = await repo.putGridVersion(v1, METHODOLOGIST);
    expect(first.created).toBe(true);
    expect(first.record).toMatchObject({ status: 'published', sha256: v1.sha256 });
    expect(first.record.publishedAt).not.toBeNull();
    const again = await repo.putGridVersion(v1, METHODOLOGIST);
    expect(again).toEqual({ record: first.record, created: false });
    const error = await rejection(repo.putGridVersion({ ...v1, definition: '{"a":2}', sha256: '2'.repeat(64) }, METHODOLOGIST));
    expect(error.code).toBe('conflict');
    expect(error.issues[0]?.path).toBe('/version');
    expect((await repo.getGridVersion('mondo-del-bambino', '1.0.0'))?.sha256).toBe(v1.sha256);
    expect(await repo.getGridVersion('mondo-del-bambino', '9.9.9')).toBeNull();
    const publishes = await repo.queryAudit({ action: 'grid.publish' });
    expect(publishes).toHaveLength(1);
  });

  it('a draft may change and then be published; retired versions refuse other content too', async () => {
    const repo = openRepo();
    await repo.putGridVersion({ ...v1, status: 'draft' }, METHODOLOGIST);
    const changed = await repo.putGridVersion({ ...v1, status: 'draft', definition: '{"a":3}', sha256: '3'.repeat(64) }, METHODOLOGIST);
    expect(changed.record).toMatchObject({ status: 'draft', sha256: '3'.repeat(64), publishedAt: null });
    const published = await repo.putGridVersion({ ...v1, definition: '{"a":3}', sha256: '3'.repeat(64) }, METHODOLOGIST);
    expect(published.record.status).toBe('published');
    const retired = await repo.setGridVersionStatus(v1.grid, v1.version, 'retired', METHODOLOGIST);
    expect(retired.status).toBe('retired');
    expect(retired.retiredAt).not.toBeNull();
    expect((await rejection(repo.putGridVersion(v1, METHODOLOGIST))).code).toBe('conflict');
    expect((await rejection(repo.setGridVersionStatus(v1.grid, v1.version, 'draft', METHODOLOGIST))).code).toBe('conflict');
    expect((await rejection(repo.setGridVersionStatus(v1.grid, '7.0.0', 'retired', METHODOLOGIST))).code).toBe('not_found');
    expect((await repo.listGridVersions()).map((g) => [g.grid, g.version, g.status])).toEqual([[v1.grid, v1.version, 'retired']]);
    expect((await repo.queryAudit({ action: 'grid.status' }))[0]?.detail).toEqual({ from: 'published', to: 'retired' });
  });
});

describe('cases', () => {
  it('creates cases with time-ordered ids, reads them, lists them by team and by zone', async () => {
    const repo = openRepo();
    const { operator, caseId } = await seed(repo);
    await repo.createTeam({ id: 'em-prato', zone: 'pratese' }, ADMIN);
    const other = await repo.createCase({ team: 'em-prato', zone: 'pratese', reference: 'PO-1', birthYearMonth: '2015-09', sex: 'M' }, operator);
    expect(isUuidV7(caseId)).toBe(true);
    expect(await repo.getCase(caseId)).toMatchObject({ team: 'em-firenze', zone: 'firenze', reference: 'FI-2026-001', sex: 'F' });
    expect(await repo.getCase('019a0000-0000-7000-8000-000000000000')).toBeNull();
    expect((await repo.listCases({ team: 'em-firenze' })).map((c) => c.id)).toEqual([caseId]);
    expect((await repo.listCases({ zone: 'pratese' })).map((c) => c.id)).toEqual([other.id]);
    expect((await repo.listCases({ team: 'em-firenze', zone: 'pratese' })).length).toBe(0);
    expect((await repo.listCases({})).map((c) => c.id)).toEqual([caseId, other.id]);
  });

  it('refuses an unknown team, a zone other than the team’s, and a reference the team already uses', async () => {
    const repo = openRepo();
    const { operator } = await seed(repo);
    const input = { team: 'em-firenze', zone: 'firenze', reference: 'FI-2026-001', birthYearMonth: '2018-04', sex: 'F' as const };
    const duplicate = await rejection(repo.createCase(input, operator));
    expect([duplicate.code, duplicate.issues[0]?.path]).toEqual(['conflict', '/reference']);
    const zone = await rejection(repo.createCase({ ...input, reference: 'X', zone: 'pisana' }, operator));
    expect([zone.code, zone.issues[0]?.path]).toEqual(['request_invalid', '/zone']);
    const team = await rejection(repo.createCase({ ...input, reference: 'X', team: 'em-nessuna' }, operator));
    expect([team.code, team.issues[0]?.path]).toEqual(['request_invalid', '/team']);
  });

  it('records interventions and returns them with the case detail', async () => {
    const repo = openRepo();
    const { operator, caseId } = await seed(repo);
    const intervention = await repo.addIntervention(caseId, { type: '420', start: '2026-02-01', end: null, notes: 'due volte a settimana' }, operator);
    expect(isUuidV7(intervention.id)).toBe(true);
    const detail = await repo.getCaseDetail(caseId);
    expect(detail?.interventions).toEqual([intervention]);
    expect((await rejection(repo.addIntervention('019a0000-0000-7000-8000-000000000000', { type: '420', start: '2026-02-01', end: null, notes: null }, operator))).code).toBe('not_found');
    expect(await repo.getCaseDetail('019a0000-0000-7000-8000-000000000000')).toBeNull();
  });
});

describe('administrations', () => {
  it('creates the occasion on first use and keeps its first date; the case detail shows both administrations', async () => {
    const repo = openRepo();
    const { operator, caseId } = await seed(repo);
    const first = await repo.createAdministration(newAdministration(caseId, { date: '2026-01-15' }), operator);
    const second = await repo.createAdministration(newAdministration(caseId, { date: '2026-01-20', informant: 'psychologist', livingSituation: null }), operator);
    expect(first).toMatchObject({ caseId, occasion: 'T0', date: '2026-01-15', status: 'submitted', revision: 1 });
    expect(first.current).toMatchObject({ revision: 1, reason: null, authorTokenId: operator.tokenId, scoring: SCORING });
    expect(second.date).toBe('2026-01-20');
    const detail = await repo.getCaseDetail(caseId);
    expect(detail?.occasions).toEqual([expect.objectContaining({ name: 'T0', date: '2026-01-15', livingSituation: 'family' })]);
    expect(detail?.administrations.map((a) => [a.id, a.informant, a.current.revision])).toEqual([
      [first.id, 'educator', 1],
      [second.id, 'psychologist', 1],
    ]);
  });

  it('numbers revisions 1, 2, 3, keeps them all, and the header follows the latest', async () => {
    const repo = openRepo();
    const { operator, caseId } = await seed(repo);
    const created = await repo.createAdministration(newAdministration(caseId, { status: 'draft' }), operator);
    const second = await repo.addRevision(
      { administrationId: created.id, status: 'submitted', responses: { a: 1 }, scoring: SCORING, reason: 'completed', notes: null },
      operator,
    );
    expect([second.revision, second.status, second.current.reason]).toEqual([2, 'submitted', 'completed']);
    const third = await repo.addRevision(
      { administrationId: created.id, status: 'submitted', responses: { a: 2 }, scoring: SCORING, reason: 'typo in item a', notes: 'rivisto' },
      operator,
    );
    expect(third.revision).toBe(3);
    const history = await repo.getAdministration(created.id);
    expect(history?.revisions.map((r) => [r.revision, r.status, r.responses])).toEqual([
      [1, 'draft', { 'cura-di-se': { current: 3 } }],
      [2, 'submitted', { a: 1 }],
      [3, 'submitted', { a: 2 }],
    ]);
    expect(history?.current.revision).toBe(3);
    expect(history?.occasion).toBe('T0');
    expect((await repo.getCaseDetail(caseId))?.administrations[0]?.current.responses).toEqual({ a: 2 });
    expect(await repo.getAdministration('019a0000-0000-7000-8000-000000000000')).toBeNull();
  });

  it('a void administration takes no more revisions', async () => {
    const repo = openRepo();
    const { operator, caseId } = await seed(repo);
    const created = await repo.createAdministration(newAdministration(caseId), operator);
    const voided = await repo.addRevision(
      { administrationId: created.id, status: 'void', responses: {}, scoring: SCORING, reason: 'wrong case', notes: null },
      operator,
    );
    expect(voided.status).toBe('void');
    const error = await rejection(
      repo.addRevision({ administrationId: created.id, status: 'submitted', responses: {}, scoring: SCORING, reason: 'undo', notes: null }, operator),
    );
    expect(error.code).toBe('conflict');
    expect((await repo.getAdministration(created.id))?.revisions).toHaveLength(2);
  });

  it('an amendment without a reason is refused', async () => {
    const repo = openRepo();
    const { operator, caseId } = await seed(repo);
    const created = await repo.createAdministration(newAdministration(caseId), operator);
    const error = await rejection(
      repo.addRevision({ administrationId: created.id, status: 'submitted', responses: {}, scoring: SCORING, reason: '  ', notes: null }, operator),
    );
    expect([error.code, error.issues[0]?.path]).toEqual(['request_invalid', '/reason']);
    expect((await repo.getAdministration(created.id))?.revision).toBe(1);
  });

  it('refuses an unknown case, an unknown or retired grid version, and a write without an author', async () => {
    const repo = openRepo();
    const { operator, caseId } = await seed(repo);
    expect((await rejection(repo.createAdministration(newAdministration('019a0000-0000-7000-8000-000000000000'), operator))).code).toBe('not_found');
    expect((await rejection(repo.createAdministration(newAdministration(caseId, { version: '2.0.0' }), operator))).code).toBe('not_found');
    expect((await rejection(repo.createAdministration(newAdministration(caseId), ADMIN))).code).toBe('forbidden');
    await repo.setGridVersionStatus('mondo-del-bambino', '1.0.0', 'retired', METHODOLOGIST);
    const retired = await rejection(repo.createAdministration(newAdministration(caseId), operator));
    expect([retired.code, retired.issues[0]?.path]).toEqual(['version_retired', '/version']);
    expect((await repo.getCaseDetail(caseId))?.occasions).toEqual([]);
    expect((await rejection(repo.addRevision({ administrationId: 'nope', status: 'submitted', responses: {}, scoring: SCORING, reason: 'x', notes: null }, operator))).code).toBe('not_found');
  });
});

describe('audit', () => {
  it('every write appends its entry, with internal ids only; reads and exports are appended on request', async () => {
    let now = new Date('2026-01-01T00:00:00.000Z');
    const repo = openRepo(undefined, () => now);
    const { operator, caseId } = await seed(repo);
    now = new Date('2026-02-01T00:00:00.000Z');
    const administration = await repo.createAdministration(newAdministration(caseId), operator);
    await repo.addRevision({ administrationId: administration.id, status: 'submitted', responses: {}, scoring: SCORING, reason: 'fix', notes: null }, operator);
    await repo.audit({ action: 'case.read', records: [caseId] }, operator);
    await repo.audit({ action: 'export.scores', records: [], detail: { sha256: 'e'.repeat(64), rows: 3 } }, { tokenId: null, role: 'researcher' });

    const all = await repo.queryAudit({});
    expect(all.map((e) => e.action)).toEqual([
      'team.create',
      'token.create',
      'grid.publish',
      'case.create',
      'administration.create',
      'administration.revise',
      'case.read',
      'export.scores',
    ]);
    const serialized = JSON.stringify(all);
    expect(serialized).not.toContain('FI-2026-001');
    expect(serialized).not.toContain('c'.repeat(64));

    const ofCase = await repo.queryAudit({ caseId });
    expect(ofCase.map((e) => e.action)).toEqual(['case.create', 'administration.create', 'administration.revise', 'case.read']);
    expect((await repo.queryAudit({ tokenId: operator.tokenId! })).length).toBe(4);
    expect((await repo.queryAudit({ from: '2026-01-15T00:00:00.000Z' })).length).toBe(4);
    expect((await repo.queryAudit({ to: '2026-01-15T00:00:00.000Z' })).length).toBe(4);
    expect((await repo.queryAudit({ action: 'export.scores' }))[0]?.detail).toEqual({ sha256: 'e'.repeat(64), rows: 3 });
    expect(await repo.queryAudit({ limit: 2 })).toHaveLength(2);
  });

  it('a write that fails leaves no audit entry', async () => {
    const repo = openRepo();
    await repo.createTeam({ id: 'em-firenze', zone: 'firenze' }, ADMIN);
    await rejection(repo.createTeam({ id: 'em-firenze', zone: 'firenze' }, ADMIN));
    expect(await repo.queryAudit({ action: 'team.create' })).toHaveLength(1);
  });
});

describe('operations', () => {
  it('reports health, and refuses work once closed', async () => {
    const repo = openRepo();
    expect(await repo.health()).toEqual({ ok: true, detail: 'sqlite ok' });
    await repo.close();
    expect((await repo.health()).ok).toBe(false);
    await expect(repo.listTeams()).rejects.toThrow();
    await expect(repo.createTeam({ id: 'x', zone: 'y' }, ADMIN)).rejects.toThrow();
  });
});
