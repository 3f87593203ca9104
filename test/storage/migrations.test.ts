import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ADMIN, newAdministration, openRepo, seed, tempDir } from './fixtures.ts';

describe('opening a database', () => {
  it('creates the folder and the file, and applies every migration', async () => {
    const file = join(tempDir(), 'a', 'b', 'griglie.db');
    const repo = openRepo(file);
    expect(existsSync(file)).toBe(true);
    expect((await repo.health()).ok).toBe(true);
    await repo.close();
    const raw = new Database(file, { readonly: true });
    const tables = raw.prepare("select name from sqlite_master where type = 'table' order by name").pluck().all();
    const triggers = raw.prepare("select name from sqlite_master where type = 'trigger' order by name").pluck().all();
    const journal = raw.pragma('journal_mode', { simple: true });
    raw.close();
    expect(tables).toEqual(
      expect.arrayContaining([
        'administration_revisions',
        'administrations',
        'audit_log',
        'cases',
        'grid_versions',
        'idempotency_keys',
        'interventions',
        'occasions',
        'research_projects',
        'teams',
        'tokens',
      ]),
    );
    expect(triggers).toEqual([
      'administration_revisions_no_delete',
      'administration_revisions_no_update',
      'administrations_no_delete',
      'administrations_no_rewrite',
      'administrations_submitted_stays_submitted',
      'audit_log_no_delete',
      'audit_log_no_update',
      'cases_no_delete',
      'cases_no_update',
      'idempotency_keys_no_delete',
      'idempotency_keys_no_update',
      'interventions_no_delete',
      'interventions_no_update',
      'occasions_no_delete',
      'occasions_no_update',
    ]);
    expect(journal).toBe('wal');
  });

  it('reapplies nothing when reopened, and keeps the data', async () => {
    const file = join(tempDir(), 'griglie.db');
    const first = openRepo(file);
    await first.createTeam({ id: 'em-pisa', zone: 'pisana' }, ADMIN);
    await first.close();
    const countMigrations = () => {
      const raw = new Database(file, { readonly: true });
      const n = raw.prepare('select count(*) from __drizzle_migrations').pluck().get();
      raw.close();
      return n;
    };
    const before = countMigrations();
    const second = openRepo(file);
    expect(await second.getTeam('em-pisa')).toMatchObject({ id: 'em-pisa', zone: 'pisana' });
    await second.close();
    expect(countMigrations()).toBe(before);
    expect(before).toBe(5);
  });
});

describe('append-only history', () => {
  it('the database refuses UPDATE and DELETE on revisions and audit rows from raw SQL', async () => {
    const file = join(tempDir(), 'griglie.db');
    const repo = openRepo(file);
    const { operator, caseId } = await seed(repo);
    await repo.createAdministration(newAdministration(caseId), operator);
    await repo.close();

    const raw = new Database(file);
    const attempts = [
      "update administration_revisions set status = 'void'",
      'delete from administration_revisions',
      "update audit_log set action = 'nothing'",
      'delete from audit_log',
    ];
    for (const statement of attempts) {
      expect(() => raw.prepare(statement).run(), statement).toThrow(/append-only/);
    }
    const revisions = raw.prepare('select count(*) from administration_revisions').pluck().get();
    const audits = raw.prepare("select count(*) from audit_log where action = 'administration.create'").pluck().get();
    raw.close();
    expect(revisions).toBe(1);
    expect(audits).toBe(1);
  });
});
