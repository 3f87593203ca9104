import type { CaseRecord, Principal, Role } from '../storage/repository.ts';

/**
 * The access policy of SPEC 6 as one table: for each action, what each role may do. Routes ask
 * this module and never test a role themselves, so the policy reads (and is reviewed) in one place.
 */

/** What a request wants to do. */
export type Action =
  | 'grid.read'
  | 'grid.publish'
  | 'grid.retire'
  | 'case.list'
  | 'case.create'
  | 'case.read'
  | 'case.write'
  | 'cohort.read'
  | 'export.scores'
  | 'team.read'
  | 'team.create'
  | 'token.read'
  | 'token.create'
  | 'token.revoke';

/**
 * How far a role's permission reaches: `none`; `all` (not about cases); `team` (cases of the
 * principal's own team); `zone` (cases of every team of the principal's zone).
 */
export type Reach = 'none' | 'all' | 'team' | 'zone';

export const ACCESS_POLICY = {
  'grid.read': { operator: 'all', coordinator: 'all', methodologist: 'all', researcher: 'all', admin: 'all' },
  'grid.publish': { operator: 'none', coordinator: 'none', methodologist: 'all', researcher: 'none', admin: 'none' },
  'grid.retire': { operator: 'none', coordinator: 'none', methodologist: 'all', researcher: 'none', admin: 'none' },
  'case.list': { operator: 'team', coordinator: 'zone', methodologist: 'none', researcher: 'none', admin: 'none' },
  'case.create': { operator: 'team', coordinator: 'none', methodologist: 'none', researcher: 'none', admin: 'none' },
  'case.read': { operator: 'team', coordinator: 'zone', methodologist: 'none', researcher: 'none', admin: 'none' },
  'case.write': { operator: 'team', coordinator: 'none', methodologist: 'none', researcher: 'none', admin: 'none' },
  // Cohort statistics: operators their team's cases, coordinators their zone's, researchers every
  // case as an anonymous aggregate under disclosure control.
  'cohort.read': { operator: 'team', coordinator: 'zone', methodologist: 'none', researcher: 'all', admin: 'none' },
  // Record-level research extracts (pseudonymised): researchers of a research project only.
  'export.scores': { operator: 'none', coordinator: 'none', methodologist: 'none', researcher: 'all', admin: 'none' },
  'team.read': { operator: 'none', coordinator: 'none', methodologist: 'none', researcher: 'none', admin: 'all' },
  'team.create': { operator: 'none', coordinator: 'none', methodologist: 'none', researcher: 'none', admin: 'all' },
  'token.read': { operator: 'none', coordinator: 'none', methodologist: 'none', researcher: 'none', admin: 'all' },
  'token.create': { operator: 'none', coordinator: 'none', methodologist: 'none', researcher: 'none', admin: 'all' },
  'token.revoke': { operator: 'none', coordinator: 'none', methodologist: 'none', researcher: 'none', admin: 'all' },
} as const satisfies Record<Action, Record<Role, Reach>>;

/** The reach of `principal` for `action`. */
export function reachOf(principal: Principal, action: Action): Reach {
  return ACCESS_POLICY[action][principal.role];
}

/** Whether the role may attempt `action` at all (before looking at any record). */
export function mayAttempt(principal: Principal, action: Action): boolean {
  return reachOf(principal, action) !== 'none';
}

/**
 * Whether `principal` may do `action` on this case. Fails closed: a principal without a team (or
 * zone) reaches no case.
 */
export function mayAccessCase(principal: Principal, action: Action, record: Pick<CaseRecord, 'team' | 'zone'>): boolean {
  const reach = reachOf(principal, action);
  switch (reach) {
    case 'none':
      return false;
    case 'all':
      return false; // No case action reaches every case; a table typo must not open them all.
    case 'team':
      return principal.team !== null && principal.team === record.team;
    case 'zone':
      return principal.zone !== null && principal.zone === record.zone;
  }
}

/** The repository filter of the cases `principal` may list, or null when it may list none. */
export function caseListScope(principal: Principal): { team: string } | { zone: string } | null {
  const reach = reachOf(principal, 'case.list');
  switch (reach) {
    case 'team':
      return principal.team === null ? null : { team: principal.team };
    case 'zone':
      return principal.zone === null ? null : { zone: principal.zone };
    case 'none':
    case 'all':
      return null;
  }
}
