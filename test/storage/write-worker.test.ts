import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ConflictError, EngineError, NotFoundError, RequestInvalidError } from '../../src/errors.ts';
import { openSqliteRepository } from '../../src/storage/index.ts';
import { ADMIN, newAdministration, seed, tempDir } from './fixtures.ts';

// What only the worker channel has to get right; the rest of the storage suite runs on it too
// (vitest.config.ts).
describe('writes on a worker thread', () => {
  it('a refusal arrives as the same class, with its code and the pointers of its issues', async () => {
    const repo = openSqliteRepository({ file: join(tempDir(), 'griglie.db'), writes: 'worker' });
    try {
      const { operator, caseId } = await seed(repo);
      const duplicate = await repo.createTeam({ id: 'em-firenze', zone: 'firenze' }, ADMIN).catch((error: unknown) => error);
      expect(duplicate).toBeInstanceOf(ConflictError);
      expect((duplicate as ConflictError).issues.map((i) => i.path)).toEqual(['/id']);
      const noTeam = await repo
        .createToken({ hash: 'a'.repeat(64), role: 'operator', name: null, team: 'em-nessuna', project: null, expiresAt: null }, ADMIN)
        .catch((error: unknown) => error);
      expect(noTeam).toBeInstanceOf(NotFoundError);
      const noReason = await repo
        .addRevision({ administrationId: (await repo.createAdministration(newAdministration(caseId), operator)).id, status: 'submitted', responses: {}, scoring: newAdministration(caseId).scoring, reason: ' ', notes: null }, operator)
        .catch((error: unknown) => error);
      expect(noReason).toBeInstanceOf(RequestInvalidError);
      expect((noReason as RequestInvalidError).issues[0]?.path).toBe('/reason');
      await repo.setGridVersionStatus('mondo-del-bambino', '1.0.0', 'retired', { tokenId: null, role: 'methodologist' });
      const retired = await repo.createAdministration(newAdministration(caseId), operator).catch((error: unknown) => error);
      expect(retired).toBeInstanceOf(EngineError);
      expect([(retired as EngineError).code, (retired as EngineError).issues[0]?.path]).toEqual(['version_retired', '/version']);
    } finally {
      await repo.close();
    }
  });

  it('a write made busy by another process is refused as busy, and the next one goes through', async () => {
    const file = join(tempDir(), 'griglie.db');
    const repo = openSqliteRepository({ file, writes: 'worker', busyTimeoutMs: 20 });
    const other = new Database(file);
    try {
      await repo.createTeam({ id: 'em-a', zone: 'z' }, ADMIN);
      other.exec('BEGIN IMMEDIATE');
      const busy = await repo.createTeam({ id: 'em-b', zone: 'z' }, ADMIN).catch((error: unknown) => error);
      other.exec('ROLLBACK');
      expect((busy as EngineError).code).toBe('busy');
      await expect(repo.createTeam({ id: 'em-b', zone: 'z' }, ADMIN)).resolves.toMatchObject({ id: 'em-b' });
    } finally {
      other.close();
      await repo.close();
    }
  });

  it('refuses writes after close, and an in-memory database (each connection would have its own)', async () => {
    const repo = openSqliteRepository({ file: join(tempDir(), 'griglie.db'), writes: 'worker' });
    await repo.close();
    await expect(repo.createTeam({ id: 'em-late', zone: 'z' }, ADMIN)).rejects.toThrow(/closed/);
    expect(() => openSqliteRepository({ file: ':memory:', writes: 'worker' })).toThrow(/in-memory/);
  });

  it('keeps a process alive while a write is in flight, and not a moment longer', () => {
    // A script that issues a write and never closes the repository: it must neither exit before
    // the write has committed nor hang once it has.
    const dir = tempDir();
    const file = join(dir, 'griglie.db');
    const script = join(dir, 'write-and-forget.mts');
    const storage = new URL('../../src/storage/index.ts', import.meta.url).href;
    writeFileSync(
      script,
      `import { openSqliteRepository } from ${JSON.stringify(storage)};\n` +
        `const repo = openSqliteRepository({ file: ${JSON.stringify(file)}, writes: 'worker' });\n` +
        `void repo.createTeam({ id: 'em-forgotten', zone: 'z' }, { tokenId: null, role: 'admin' });\n`,
    );
    const runTs = new URL('../../bin/run-ts.js', import.meta.url).pathname;
    const run = spawnSync(process.execPath, [runTs, script], { encoding: 'utf8', timeout: 20_000 });
    expect(run.error).toBeUndefined();
    expect([run.status, run.stderr]).toEqual([0, '']);
    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.prepare("select zone from teams where id = 'em-forgotten'").pluck().get()).toBe('z');
    } finally {
      raw.close();
    }
  });
});
