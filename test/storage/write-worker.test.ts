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

  it('a refusal keeps its underlying SQLite error as its cause across the thread', async () => {
    const repo = openSqliteRepository({ file: join(tempDir(), 'griglie.db'), writes: 'worker' });
    try {
      await seed(repo);
      // The fixture's token hash again: the table's UNIQUE constraint refuses it inside SQLite.
      const twice = await repo
        .createToken({ hash: 'c'.repeat(64), role: 'admin', name: null, team: null, project: null, expiresAt: null }, ADMIN)
        .catch((error: unknown) => error);
      expect(twice).toBeInstanceOf(ConflictError);
      expect((twice as Error).cause).toMatchObject({ name: 'SqliteError', code: 'SQLITE_CONSTRAINT_UNIQUE' });
      expect(String(((twice as Error).cause as Error).stack)).toContain('thrown on the write worker thread');
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

  it('a write whose arguments cannot cross to the worker is refused alone; the others of its turn commit', async () => {
    const repo = openSqliteRepository({ file: join(tempDir(), 'griglie.db'), writes: 'worker' });
    try {
      await repo.ready();
      const [team, audit] = await Promise.allSettled([
        repo.createTeam({ id: 'em-a', zone: 'z' }, ADMIN),
        repo.audit({ action: 'case.read', records: [], detail: { notData: () => 1 } }, ADMIN),
      ]);
      expect(team.status).toBe('fulfilled');
      expect(audit.status).toBe('rejected');
      expect(String((audit as PromiseRejectedResult).reason)).toMatch(/cannot be sent/);
      expect(await repo.getTeam('em-a')).not.toBeNull();
      expect(await repo.queryAudit({ action: 'case.read' })).toEqual([]);
    } finally {
      await repo.close();
    }
  });

  it('a backup taken while writes keep coming finishes, and holds every write resolved before it', async () => {
    const dir = tempDir();
    const repo = openSqliteRepository({ file: join(dir, 'griglie.db'), writes: 'worker' });
    try {
      await repo.ready();
      const before = Array.from({ length: 10 }, (_, i) => repo.createTeam({ id: `em-${i}`, zone: 'z' }, ADMIN));
      let drained = false;
      // backup() drains first: a backup taken after a write resolved holds it.
      const backup = repo.backup(join(dir, 'copy.db')).then(() => (drained = true));
      // Keep writing until the backup is done (or 20,000 writes): a write in every turn of the
      // loop, at most 200 in flight so that the worker is never far behind.
      const after: Promise<unknown>[] = [];
      let inFlight = 0;
      await new Promise<void>((done) => {
        const pump = (): void => {
          if (drained || after.length >= 20_000) {
            done();
            return;
          }
          if (inFlight < 200) {
            inFlight++;
            after.push(repo.createTeam({ id: `em-late-${after.length}`, zone: 'z' }, ADMIN).finally(() => inFlight--));
          }
          setImmediate(pump);
        };
        pump();
      });
      expect(drained).toBe(true);
      expect(after.length).toBeLessThan(20_000);
      await Promise.all([backup, ...before, ...after]);
      const copy = new Database(join(dir, 'copy.db'), { readonly: true });
      try {
        expect(copy.prepare("select count(*) from teams where id not like 'em-late-%'").pluck().get()).toBe(10);
      } finally {
        copy.close();
      }
    } finally {
      await repo.close();
    }
  });

  it('close() with writes in flight commits them and returns, in a process with nothing else to do', () => {
    const dir = tempDir();
    const file = join(dir, 'griglie.db');
    const script = join(dir, 'write-then-close.mts');
    const storage = new URL('../../src/storage/index.ts', import.meta.url).href;
    writeFileSync(
      script,
      `import { openSqliteRepository } from ${JSON.stringify(storage)};\n` +
        `const repo = openSqliteRepository({ file: ${JSON.stringify(file)}, writes: 'worker' });\n` +
        `void repo.createTeam({ id: 'em-in-flight', zone: 'z' }, { tokenId: null, role: 'admin' });\n` +
        `await repo.close();\n` +
        `console.log('closed');\n`,
    );
    const runTs = new URL('../../bin/run-ts.js', import.meta.url).pathname;
    const run = spawnSync(process.execPath, [runTs, script], { encoding: 'utf8', timeout: 20_000 });
    expect(run.error).toBeUndefined();
    expect([run.status, run.stdout.trim(), run.stderr]).toEqual([0, 'closed', '']);
    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.prepare('select count(*) from teams').pluck().get()).toBe(1);
    } finally {
      raw.close();
    }
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
