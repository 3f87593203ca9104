import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectCommand } from '../../../src/cli/commands/project.ts';
import { teamCommand } from '../../../src/cli/commands/team.ts';
import { tokenCommand } from '../../../src/cli/commands/token.ts';
import type { EngineError } from '../../../src/errors.ts';
import { hashTokenSecret, verifyToken } from '../../../src/identity/index.ts';
import { openSqliteRepository } from '../../../src/storage/index.ts';
import { runCommand, workDir } from './db-command-io.ts';

async function setup() {
  const cwd = workDir();
  await runCommand(teamCommand, ['create', 'em-lucca', '--zone', 'piana-di-lucca'], { cwd });
  await runCommand(projectCommand, ['create', 'esiti', '--protocol', 'CE-1'], { cwd });
  return cwd;
}

function lastLine(text: string): string {
  return text.trimEnd().split('\n').at(-1) ?? '';
}

describe('griglie token create', () => {
  it('prints the token alone on its last line; it verifies, and only its hash is stored', async () => {
    const cwd = await setup();
    const result = await runCommand(tokenCommand, ['create', '--role', 'operator', '--team', 'em-lucca', '--name', 'educatore', '--expires', '30'], { cwd });
    expect(result.status).toBe(0);
    const secret = lastLine(result.stdout);
    expect(secret).toMatch(/^grg_[A-Za-z0-9_-]{43}$/);
    expect(result.stdout.split(secret).length).toBe(2);

    const repo = openSqliteRepository({ file: join(cwd, 'data', 'griglie.db') });
    const principal = await verifyToken(repo, secret, new Date());
    expect(principal).toMatchObject({ role: 'operator', team: 'em-lucca', zone: 'piana-di-lucca', name: 'educatore' });
    const [token] = await repo.listTokens();
    const days = (Date.parse(token!.expiresAt!) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
    expect(await verifyToken(repo, secret, new Date(Date.now() + 31 * 86_400_000))).toBeNull();
    expect((await repo.findTokenByHash(hashTokenSecret(secret)))?.id).toBe(principal?.tokenId);
    await repo.close();
  });

  it('a researcher token names its project; methodologist and admin tokens neither', async () => {
    const cwd = await setup();
    const researcher = await runCommand(tokenCommand, ['create', '--role', 'researcher', '--project', 'esiti'], { cwd });
    expect(researcher.status).toBe(0);
    const admin = await runCommand(tokenCommand, ['create', '--role', 'admin'], { cwd });
    const repo = openSqliteRepository({ file: join(cwd, 'data', 'griglie.db') });
    expect(await verifyToken(repo, lastLine(researcher.stdout), new Date())).toMatchObject({ role: 'researcher', project: 1, team: null });
    expect(await verifyToken(repo, lastLine(admin.stdout), new Date())).toMatchObject({ role: 'admin', project: null, team: null });
    await repo.close();
  });

  it('wrong combinations are usage mistakes (2); unknown roles, teams and projects are invalid input (1)', async () => {
    const cwd = await setup();
    const status = async (args: string[]) => (await runCommand(tokenCommand, args, { cwd })).status;
    expect(await status(['create'])).toBe(2);
    expect(await status(['create', '--role', 'operator'])).toBe(2);
    expect(await status(['create', '--role', 'researcher'])).toBe(2);
    expect(await status(['create', '--role', 'admin', '--team', 'em-lucca'])).toBe(2);
    expect(await status(['create', '--role', 'methodologist', '--project', 'esiti'])).toBe(2);
    expect(await status(['create', '--role', 'coordinator', '--team', 'em-lucca', '--project', 'esiti'])).toBe(2);
    expect(await status(['list', '--role', 'admin'])).toBe(2);
    const unknownRole = await runCommand(tokenCommand, ['create', '--role', 'superuser'], { cwd });
    expect([unknownRole.status, (unknownRole.error as EngineError).issues[0]?.path]).toEqual([1, '/role']);
    const unknownTeam = await runCommand(tokenCommand, ['create', '--role', 'operator', '--team', 'em-nessuna'], { cwd });
    expect([unknownTeam.status, (unknownTeam.error as EngineError).code]).toEqual([1, 'not_found']);
    expect(await status(['create', '--role', 'researcher', '--project', 'ignoto'])).toBe(1);
    expect(await status(['create', '--role', 'admin', '--expires', '0'])).toBe(1);
    expect(await status(['create', '--role', 'admin', '--expires', 'soon'])).toBe(1);
    expect((await runCommand(tokenCommand, ['list'], { cwd })).stdout.trim().split('\n')).toHaveLength(1);
  });
});

describe('griglie token revoke and list', () => {
  it('lists tokens without secrets or hashes; a revoked token stops verifying; revoking twice exits 1', async () => {
    const cwd = await setup();
    const created = await runCommand(tokenCommand, ['create', '--role', 'coordinator', '--team', 'em-lucca'], { cwd });
    const secret = lastLine(created.stdout);
    const list = await runCommand(tokenCommand, ['list'], { cwd });
    expect(list.stdout).toContain('coordinator\tem-lucca');
    expect(list.stdout).not.toContain(secret);
    expect(list.stdout).not.toContain(hashTokenSecret(secret));

    expect((await runCommand(tokenCommand, ['revoke', '1'], { cwd })).status).toBe(0);
    const again = await runCommand(tokenCommand, ['revoke', '1'], { cwd });
    expect([again.status, (again.error as EngineError).code]).toEqual([1, 'not_found']);
    expect((await runCommand(tokenCommand, ['revoke', 'abc'], { cwd })).status).toBe(2);
    expect((await runCommand(tokenCommand, ['revoke'], { cwd })).status).toBe(2);
    const repo = openSqliteRepository({ file: join(cwd, 'data', 'griglie.db') });
    expect(await verifyToken(repo, secret, new Date())).toBeNull();
    await repo.close();
    const revokedList = await runCommand(tokenCommand, ['list'], { cwd });
    expect(revokedList.stdout.trim().split('\n')[1]?.split('\t')[7]).not.toBe('-');
  });
});
