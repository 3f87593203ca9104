import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectCommand } from '../../../src/cli/commands/project.ts';
import { teamCommand } from '../../../src/cli/commands/team.ts';
import type { EngineError } from '../../../src/errors.ts';
import { openSqliteRepository } from '../../../src/storage/index.ts';
import { runCommand, workDir } from './db-command-io.ts';

describe('griglie team', () => {
  it('creates a team in ./data/griglie.db by default and lists it', async () => {
    const cwd = workDir();
    const created = await runCommand(teamCommand, ['create', 'em-firenze-nord', '--zone', 'firenze'], { cwd });
    expect(created.status).toBe(0);
    expect(created.stdout).toContain('em-firenze-nord');
    expect(existsSync(join(cwd, 'data', 'griglie.db'))).toBe(true);
    const listed = await runCommand(teamCommand, ['list'], { cwd });
    expect(listed.stdout.split('\n')[0]?.split('\t').slice(0, 2)).toEqual(['em-firenze-nord', 'firenze']);
  });

  it('uses --db over GRIGLIE_DB, and GRIGLIE_DB over the default', async () => {
    const cwd = workDir();
    await runCommand(teamCommand, ['create', 'em-a', '--zone', 'z'], { cwd, env: { GRIGLIE_DB: 'env.db' } });
    await runCommand(teamCommand, ['create', 'em-b', '--zone', 'z', '--db', 'flag.db'], { cwd, env: { GRIGLIE_DB: 'env.db' } });
    expect(existsSync(join(cwd, 'data', 'griglie.db'))).toBe(false);
    const teamsIn = async (file: string) => {
      const repo = openSqliteRepository({ file: join(cwd, file) });
      const ids = (await repo.listTeams()).map((t) => t.id);
      await repo.close();
      return ids;
    };
    expect(await teamsIn('env.db')).toEqual(['em-a']);
    expect(await teamsIn('flag.db')).toEqual(['em-b']);
  });

  it('usage mistakes exit 2; an invalid or duplicate team exits 1', async () => {
    const cwd = workDir();
    expect((await runCommand(teamCommand, [], { cwd })).status).toBe(2);
    expect((await runCommand(teamCommand, ['create', 'em-a'], { cwd })).status).toBe(2);
    expect((await runCommand(teamCommand, ['create', '--zone', 'z'], { cwd })).status).toBe(2);
    expect((await runCommand(teamCommand, ['rename', 'x'], { cwd })).status).toBe(2);
    expect((await runCommand(teamCommand, ['create', 'em-a', '--zone', 'z', '--colour', 'red'], { cwd })).status).toBe(2);
    const invalid = await runCommand(teamCommand, ['create', 'Em A', '--zone', 'Firenze'], { cwd });
    expect(invalid.status).toBe(1);
    expect((invalid.error as EngineError).issues.map((i) => i.path)).toEqual(['/team', '/zone']);
    await runCommand(teamCommand, ['create', 'em-a', '--zone', 'z'], { cwd });
    const duplicate = await runCommand(teamCommand, ['create', 'em-a', '--zone', 'z'], { cwd });
    expect([duplicate.status, (duplicate.error as EngineError).code]).toEqual([1, 'conflict']);
  });
});

describe('griglie project', () => {
  it('creates a research project with its protocol; a second with the same name exits 1', async () => {
    const cwd = workDir();
    const created = await runCommand(projectCommand, ['create', 'esiti-pippi', '--protocol', 'CE-2026/14'], { cwd });
    expect(created.status).toBe(0);
    expect(created.stdout).toContain('esiti-pippi');
    const repo = openSqliteRepository({ file: join(cwd, 'data', 'griglie.db') });
    expect(await repo.getProjectByName('esiti-pippi')).toMatchObject({ protocol: 'CE-2026/14' });
    await repo.close();
    expect((await runCommand(projectCommand, ['create', 'esiti-pippi', '--protocol', 'x'], { cwd })).status).toBe(1);
    expect((await runCommand(projectCommand, ['create', 'altro'], { cwd })).status).toBe(2);
    expect((await runCommand(projectCommand, ['create', ' ', '--protocol', 'x'], { cwd })).status).toBe(1);
  });
});
