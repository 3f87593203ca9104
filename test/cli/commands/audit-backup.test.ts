import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { auditCommand } from '../../../src/cli/commands/audit.ts';
import { backupCommand } from '../../../src/cli/commands/backup.ts';
import { teamCommand } from '../../../src/cli/commands/team.ts';
import { tokenCommand } from '../../../src/cli/commands/token.ts';
import type { EngineError } from '../../../src/errors.ts';
import { openSqliteRepository } from '../../../src/storage/index.ts';
import { runCommand, workDir } from './db-command-io.ts';

async function setup() {
  const cwd = workDir();
  await runCommand(teamCommand, ['create', 'em-arezzo', '--zone', 'aretina'], { cwd });
  const token = await runCommand(tokenCommand, ['create', '--role', 'operator', '--team', 'em-arezzo'], { cwd });
  const secret = token.stdout.trimEnd().split('\n').at(-1)!;
  const repo = openSqliteRepository({ file: join(cwd, 'data', 'griglie.db') });
  const created = await repo.createCase(
    { team: 'em-arezzo', zone: 'aretina', reference: 'AR-7', birthYearMonth: '2019-02', sex: 'M' },
    { tokenId: 1, role: 'operator' },
  );
  await repo.audit({ action: 'case.read', records: [created.id] }, { tokenId: 1, role: 'operator' });
  await repo.close();
  return { cwd, caseId: created.id, secret };
}

describe('griglie audit', () => {
  it('prints every entry, oldest first, never a case reference or a token', async () => {
    const { cwd, secret } = await setup();
    const result = await runCommand(auditCommand, [], { cwd });
    expect(result.status).toBe(0);
    const actions = result.stdout.trim().split('\n').map((line) => line.split('\t')[1]);
    expect(actions).toEqual(['team.create', 'token.create', 'case.create', 'case.read']);
    expect(result.stdout).not.toContain('AR-7');
    expect(result.stdout).not.toContain(secret);
  });

  it('filters by case, token, action and time, and prints JSON lines with --json', async () => {
    const { cwd, caseId } = await setup();
    const json = async (args: string[]) =>
      (await runCommand(auditCommand, [...args, '--json'], { cwd })).stdout
        .trim()
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as { action: string; records: string[] });
    expect((await json(['--case', caseId])).map((e) => e.action)).toEqual(['case.create', 'case.read']);
    expect((await json(['--token', '1'])).map((e) => e.action)).toEqual(['case.create', 'case.read']);
    expect((await json(['--action', 'token.create']))[0]?.records).toEqual(['1']);
    const today = new Date().toISOString().slice(0, 10);
    expect(await json(['--from', today, '--to', today])).toHaveLength(4);
    expect(await json(['--to', '2000-01-01'])).toHaveLength(0);
    expect(await json(['--from', '2999-01-01T00:00:00Z'])).toHaveLength(0);
    expect(await json(['--limit', '1'])).toHaveLength(1);
  });

  it('refuses malformed filters (1) and stray arguments (2)', async () => {
    const cwd = workDir();
    const bad = await runCommand(auditCommand, ['--from', '2026-02-30', '--token', 'x', '--to', 'yesterday'], { cwd });
    expect(bad.status).toBe(1);
    expect((bad.error as EngineError).issues.map((i) => i.path)).toEqual(['/token', '/from', '/to']);
    expect((await runCommand(auditCommand, ['everything'], { cwd })).status).toBe(2);
  });
});

describe('griglie backup', () => {
  it('writes a checked copy holding the same rows; refuses to overwrite without --force', async () => {
    const { cwd } = await setup();
    const result = await runCommand(backupCommand, ['copies/griglie-backup.db'], { cwd });
    expect(result.status).toBe(0);
    const counts = (file: string) => {
      const db = new Database(file, { readonly: true });
      const row = db.prepare('select (select count(*) from cases) as cases, (select count(*) from audit_log) as audit, (select count(*) from tokens) as tokens').get();
      db.close();
      return row;
    };
    expect(counts(join(cwd, 'copies', 'griglie-backup.db'))).toEqual(counts(join(cwd, 'data', 'griglie.db')));

    const again = await runCommand(backupCommand, ['copies/griglie-backup.db'], { cwd });
    expect([again.status, (again.error as EngineError).code]).toEqual([1, 'conflict']);
    writeFileSync(join(cwd, 'junk.db'), 'not a database');
    expect((await runCommand(backupCommand, ['junk.db', '--force'], { cwd })).status).toBe(0);
    expect(counts(join(cwd, 'junk.db'))).toEqual(counts(join(cwd, 'data', 'griglie.db')));
    expect((await runCommand(backupCommand, ['data/griglie.db', '--force'], { cwd })).status).toBe(1);
    expect((await runCommand(backupCommand, [], { cwd })).status).toBe(2);
  });
});
