import { IdempotencyKeyReusedError } from '../errors.ts';
import { canonicalJson, sha256Hex } from '../grid/index.ts';
import type { Actor, AdministrationRecord, AdministrationWithHistory, IdempotentRequest, Repository } from '../storage/repository.ts';

/** What a write a client may retry answers: the administration, and whether it was written before. */
export interface WriteOutcome {
  administration: AdministrationRecord;
  /** True when an earlier request under the same key wrote it and this one wrote nothing. */
  replayed: boolean;
}

/** A write of an administration, told the key it runs under (if any) so that it takes it in its own savepoint. */
export type KeyedWriteRun = (idempotency: IdempotentRequest | undefined) => Promise<AdministrationRecord>;

/**
 * Runs a write a client may send again (after a lost answer, a timeout, a restart) under its
 * `Idempotency-Key`, so that a retry never records twice:
 * - without a key, the write just runs;
 * - a key the token has not used runs the write, which takes the key in its own transaction;
 * - a key the token used for the same request answers that first write's result again (the
 *   revision it wrote, as it was then), before any other check: a retry of a record whose grid
 *   version has since been retired, or of a void, gets its first answer, not a refusal (the
 *   audit log records the replay: it shows the case's data again);
 * - a key the token used for another request is refused (422 `idempotency_key_reused`).
 *
 * The request is fingerprinted by the operation, its target (case or administration id) and the
 * canonical JSON of its body, so that a retry with its fields in another order is the same request.
 * Keys belong to the token that sent them: another token's key never matches.
 */
export async function writeOnce(
  repo: Repository,
  actor: Actor,
  key: string | undefined,
  request: { operation: 'record' | 'amend' | 'void'; target: string; body: unknown },
  write: KeyedWriteRun,
): Promise<WriteOutcome> {
  if (key === undefined || actor.tokenId === null) return { administration: await write(undefined), replayed: false };
  const fingerprint = sha256Hex(canonicalJson(request));
  const earlier = await repo.findKeyedWrite(actor.tokenId, key);
  if (earlier === null) return { administration: await write({ key, fingerprint }), replayed: false };
  if (earlier.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError();
  const history = await repo.getAdministration(earlier.administrationId);
  // The key and its revision are written together and neither is ever deleted.
  if (history === null) throw new Error(`Idempotency key names administration ${earlier.administrationId}, which is not there.`);
  const administration = atRevision(history, earlier.revision);
  // Nothing is written, but the answer shows the case's data again: the log says who got it.
  await repo.audit({ action: 'administration.replay', records: [history.id, history.caseId], detail: { revision: earlier.revision } }, actor);
  return { administration, replayed: true };
}

/** The administration as it stood when `revision` was written. */
function atRevision(history: AdministrationWithHistory, revision: number): AdministrationRecord {
  const current = history.revisions.find((r) => r.revision === revision);
  if (current === undefined) throw new Error(`Administration ${history.id} has no revision ${revision}.`);
  const { revisions: _later, ...header } = history;
  return { ...header, status: current.status, revision, current };
}
