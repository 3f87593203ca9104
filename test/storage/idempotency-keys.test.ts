import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineError } from '../../src/errors.ts';
import type { Actor, SqliteRepository } from '../../src/storage/index.ts';
import { newAdministration, openRepo, seed, tempDir } from './fixtures.ts';

const FIRST = { key: 'k-1', fingerprint: 'a'.repeat(64) };

describe('idempotency keys in storage', () => {
  let repo: SqliteRepository;
  let file: string;
  let operator: Actor;
  let caseId: string;

  beforeEach(async () => {
    file = join(tempDir(), 'griglie.db');
    repo = openRepo(file);
    ({ operator, caseId } = await seed(repo));
  });
  afterEach(async () => {
    await repo.close();
  });

  const count = (table: string): number => {
    const db = new Database(file, { readonly: true });
    try {
      return db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    } finally {
      db.close();
    }
  };

  it('a write under a key takes it with the revision it wrote; findKeyedWrite gives it back', async () => {
    const created = await repo.createAdministration({ ...newAdministration(caseId), idempotency: FIRST }, operator);
    expect(await repo.findKeyedWrite(operator.tokenId as number, 'k-1')).toEqual({
      fingerprint: FIRST.fingerprint,
      administrationId: created.id,
      revision: 1,
      createdAt: created.createdAt,
    });
    const amended = await repo.addRevision(
      { administrationId: created.id, status: 'submitted', responses: {}, scoring: created.current.scoring, reason: 'r', notes: null, idempotency: { key: 'k-2', fingerprint: 'b'.repeat(64) } },
      operator,
    );
    expect(await repo.findKeyedWrite(operator.tokenId as number, 'k-2')).toMatchObject({ administrationId: created.id, revision: amended.revision });
    // The key is not part of the record.
    expect(created).not.toHaveProperty('idempotency');
  });

  it('keys belong to a token: another token, or no key taken, finds nothing', async () => {
    await repo.createAdministration({ ...newAdministration(caseId), idempotency: FIRST }, operator);
    expect(await repo.findKeyedWrite((operator.tokenId as number) + 1000, 'k-1')).toBeNull();
    expect(await repo.findKeyedWrite(operator.tokenId as number, 'k-other')).toBeNull();
  });

  it('a second write under a taken key writes nothing: 409 in flight for the same request, 422 reused for another', async () => {
    await repo.createAdministration({ ...newAdministration(caseId), idempotency: FIRST }, operator);
    const before = count('administrations');
    const same = await repo.createAdministration({ ...newAdministration(caseId), idempotency: FIRST }, operator).catch((e: unknown) => e);
    expect(same).toBeInstanceOf(EngineError);
    expect(same).toMatchObject({ code: 'conflict', issues: [{ code: 'idempotency_key_in_flight', path: '' }] });
    const other = await repo.createAdministration({ ...newAdministration(caseId), idempotency: { key: 'k-1', fingerprint: 'c'.repeat(64) } }, operator).catch((e: unknown) => e);
    expect(other).toBeInstanceOf(EngineError);
    expect(other).toMatchObject({ code: 'idempotency_key_reused', issues: [{ code: 'idempotency_key_reused' }] });
    expect(count('administrations')).toBe(before);
    expect(count('administration_revisions')).toBe(before);
    expect(count('idempotency_keys')).toBe(1);
  });

  it('two writes under one key in the same transaction: the first writes, the second is refused alone', async () => {
    const results = await Promise.allSettled([
      repo.createAdministration({ ...newAdministration(caseId), idempotency: FIRST }, operator),
      repo.createAdministration({ ...newAdministration(caseId), idempotency: FIRST }, operator),
      repo.createAdministration(newAdministration(caseId, { informant: 'teacher' }), operator),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ issues: [{ code: 'idempotency_key_in_flight' }] });
    expect(count('administrations')).toBe(2);
  });

  it('a write that fails does not take its key, so that a corrected retry can use it', async () => {
    const refused = await repo.createAdministration({ ...newAdministration('0190f1e2-0000-7000-8000-000000000000'), idempotency: FIRST }, operator).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'not_found' });
    expect(await repo.findKeyedWrite(operator.tokenId as number, 'k-1')).toBeNull();
    await repo.createAdministration({ ...newAdministration(caseId), idempotency: FIRST }, operator);
    expect(count('idempotency_keys')).toBe(1);
  });

  it('the database refuses to change or delete a taken key', async () => {
    await repo.createAdministration({ ...newAdministration(caseId), idempotency: FIRST }, operator);
    const db = new Database(file);
    try {
      expect(() => db.prepare("UPDATE idempotency_keys SET fingerprint = 'x'").run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM idempotency_keys').run()).toThrow(/append-only/);
    } finally {
      db.close();
    }
  });
});
