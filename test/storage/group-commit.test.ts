import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { EngineError } from '../../src/errors.ts';
import { openSqliteRepository } from '../../src/storage/index.ts';
import { ADMIN, newAdministration, openRepo, repoOptions, seed, tempDir } from './fixtures.ts';

describe('group commit', () => {
  it('200 concurrent administrations all resolve, are all stored, in far fewer transactions than writes', async () => {
    const file = join(tempDir(), 'griglie.db');
    const repo = openRepo(file);
    const { operator, caseId } = await seed(repo);
    const before = repo.stats();
    const created = await Promise.all(
      Array.from({ length: 200 }, (_, i) => repo.createAdministration(newAdministration(caseId, { occasion: `T${i % 3}`, informant: `educator-${i}` }), operator)),
    );
    const after = repo.stats();
    expect(new Set(created.map((a) => a.id)).size).toBe(200);
    expect(after.writes - before.writes).toBe(200);
    expect(after.transactions - before.transactions).toBeLessThanOrEqual(5);
    await repo.close();

    // Read back through another connection: committed, not merely cached.
    const raw = new Database(file, { readonly: true });
    expect(raw.prepare('select count(*) from administrations').pluck().get()).toBe(200);
    expect(raw.prepare('select count(*) from administration_revisions').pluck().get()).toBe(200);
    expect(raw.prepare('select count(*) from occasions').pluck().get()).toBe(3);
    expect(raw.prepare("select count(*) from audit_log where action = 'administration.create'").pluck().get()).toBe(200);
    raw.close();
  });

  it('a failing write in a batch rejects alone and leaves nothing behind, while the others commit', async () => {
    const repo = openRepo();
    const before = repo.stats();
    const results = await Promise.allSettled([
      repo.createTeam({ id: 'em-a', zone: 'z' }, ADMIN),
      repo.createTeam({ id: 'em-b', zone: 'z' }, ADMIN),
      repo.createTeam({ id: 'em-a', zone: 'other' }, ADMIN),
      repo.createTeam({ id: 'em-c', zone: 'z' }, ADMIN),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(((results[2] as PromiseRejectedResult).reason as EngineError).code).toBe('conflict');
    expect(repo.stats().transactions - before.transactions).toBe(1);
    expect((await repo.listTeams()).map((t) => [t.id, t.zone])).toEqual([
      ['em-a', 'z'],
      ['em-b', 'z'],
      ['em-c', 'z'],
    ]);
    expect(await repo.queryAudit({ action: 'team.create' })).toHaveLength(3);
  });

  it('a write has committed when its promise resolves: another connection sees it at once', async () => {
    const file = join(tempDir(), 'griglie.db');
    const repo = openRepo(file);
    const other = new Database(file, { readonly: true });
    try {
      await repo.createTeam({ id: 'em-seen', zone: 'z' }, ADMIN);
      expect(other.prepare("select zone from teams where id = 'em-seen'").pluck().get()).toBe('z');
      expect(other.prepare("select count(*) from audit_log where action = 'team.create'").pluck().get()).toBe(1);
    } finally {
      other.close();
    }
  });

  it('writes queued before close() are committed by it', async () => {
    const file = join(tempDir(), 'griglie.db');
    const repo = openRepo(file);
    const pending = repo.createTeam({ id: 'em-late', zone: 'z' }, ADMIN);
    await repo.close();
    await expect(pending).resolves.toMatchObject({ id: 'em-late' });
    const reopened = openRepo(file);
    expect(await reopened.getTeam('em-late')).not.toBeNull();
  });

  it('a database locked by another writer past the busy timeout refuses with busy, and writes nothing', async () => {
    const file = join(tempDir(), 'griglie.db');
    const repo = openSqliteRepository(repoOptions(file, { busyTimeoutMs: 20 }));
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    try {
      const error = await repo.createTeam({ id: 'em-busy', zone: 'z' }, ADMIN).catch((e: unknown) => e as EngineError);
      expect((error as EngineError).code).toBe('busy');
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(await repo.getTeam('em-busy')).toBeNull();
    await repo.createTeam({ id: 'em-busy', zone: 'z' }, ADMIN);
    expect(await repo.getTeam('em-busy')).not.toBeNull();
    await repo.close();
  });
});
