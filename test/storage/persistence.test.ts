import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { newAdministration, openRepo, seed, tempDir } from './fixtures.ts';

describe('persistence', () => {
  it('data persists across close and reopen', async () => {
    const file = join(tempDir(), 'griglie.db');
    const repo = openRepo(file);
    const { operator, caseId } = await seed(repo);
    const administration = await repo.createAdministration(newAdministration(caseId), operator);
    await repo.close();

    const reopened = openRepo(file);
    expect(await reopened.getAdministration(administration.id)).toEqual({ ...administration, revisions: [administration.current] });
    expect((await reopened.getCaseDetail(caseId))?.administrations).toEqual([administration]);
  });

  it('backup gives a database that opens with the same rows', async () => {
    const dir = tempDir();
    const repo = openRepo(join(dir, 'griglie.db'));
    const { operator, caseId } = await seed(repo);
    await repo.createAdministration(newAdministration(caseId), operator);
    const backupFile = join(dir, 'backups', 'copy.db');
    await repo.backup(backupFile);

    const raw = new Database(backupFile, { readonly: true });
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    raw.close();
    const restored = openRepo(backupFile);
    expect(await restored.getCaseDetail(caseId)).toEqual(await repo.getCaseDetail(caseId));
    expect(await restored.queryAudit({})).toEqual(await repo.queryAudit({}));
    expect(await restored.listTokens()).toEqual(await repo.listTokens());
  });
});
