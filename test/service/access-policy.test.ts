import { describe, expect, test } from 'vitest';
import { ACCESS_POLICY, caseListScope, mayAccessCase, mayAttempt } from '../../src/service/index.ts';
import type { Principal } from '../../src/storage/index.ts';
import { readEnv } from '../../src/env.ts';

const principal = (role: Principal['role'], team: string | null, zone: string | null): Principal => ({ tokenId: 1, role, name: null, team, zone, project: null });
const CASE = { team: 'team-a', zone: 'zone-1' };

describe('access policy', () => {
  test('scoping fails closed: a principal without a team or zone reaches no case and lists none', () => {
    for (const p of [principal('operator', null, null), principal('coordinator', null, null), principal('coordinator', 'team-a', null)]) {
      expect(mayAccessCase(p, 'case.read', CASE)).toBe(false);
      expect(mayAccessCase(p, 'case.write', CASE)).toBe(false);
      expect(caseListScope(p)).toBeNull();
    }
  });

  test('operators reach their team, coordinators read their zone and write nothing', () => {
    expect(mayAccessCase(principal('operator', 'team-a', 'zone-1'), 'case.write', CASE)).toBe(true);
    expect(mayAccessCase(principal('operator', 'team-b', 'zone-1'), 'case.read', CASE)).toBe(false);
    expect(mayAccessCase(principal('coordinator', 'team-b', 'zone-1'), 'case.read', CASE)).toBe(true);
    expect(mayAccessCase(principal('coordinator', 'team-a', 'zone-1'), 'case.write', CASE)).toBe(false);
    expect(caseListScope(principal('coordinator', 'team-b', 'zone-1'))).toEqual({ zone: 'zone-1' });
  });

  test('methodologists, researchers and admins see no case data', () => {
    for (const role of ['methodologist', 'researcher', 'admin'] as const) {
      for (const action of ['case.list', 'case.read', 'case.create', 'case.write'] as const) {
        expect(mayAttempt(principal(role, 'team-a', 'zone-1'), action)).toBe(false);
        expect(ACCESS_POLICY[action][role]).toBe('none');
      }
    }
  });

  test('env: PORT, HOST and GRIGLIE_DB with their defaults', () => {
    expect(readEnv({})).toEqual({ port: 8080, host: '127.0.0.1', db: './data/griglie.db' });
    expect(readEnv({ PORT: '0', HOST: '0.0.0.0', GRIGLIE_DB: '/srv/g.db' })).toEqual({ port: 0, host: '0.0.0.0', db: '/srv/g.db' });
    expect(readEnv({ PORT: '70000' }).port).toBe(8080);
  });
});
