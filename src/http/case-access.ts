import { ForbiddenError, NotFoundError } from '../errors.ts';
import { mayAccessCase, mayAttempt } from '../service/index.ts';
import type { Action } from '../service/index.ts';
import type { AdministrationWithHistory, CaseRecord, Principal, Repository } from '../storage/repository.ts';

/**
 * The case if `principal` may do `action` on it. A role that never touches cases gets 403 before
 * any lookup; a case outside the principal's scope answers 404 exactly like a missing one.
 */
export async function caseInScope(repo: Repository, principal: Principal, action: Action, caseId: string): Promise<CaseRecord> {
  refuseRole(principal, action);
  const record = await repo.getCase(caseId);
  if (record === null || !mayAccessCase(principal, action, record)) throw new NotFoundError('No such case.');
  return record;
}

/** The administration (with its history) if its case is in scope for `action`; 404 otherwise. */
export async function administrationInScope(
  repo: Repository,
  principal: Principal,
  action: Action,
  id: string,
): Promise<{ administration: AdministrationWithHistory; record: CaseRecord }> {
  refuseRole(principal, action);
  const administration = await repo.getAdministration(id);
  const record = administration === null ? null : await repo.getCase(administration.caseId);
  if (administration === null || record === null || !mayAccessCase(principal, action, record)) {
    throw new NotFoundError('No such administration.');
  }
  return { administration, record };
}

/** 403 when the role may not attempt `action` at all. */
export function refuseRole(principal: Principal, action: Action): void {
  if (!mayAttempt(principal, action)) throw new ForbiddenError('This role may not do this.');
}
