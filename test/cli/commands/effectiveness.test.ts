import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { effectivenessCommand } from '../../../src/cli/commands/effectiveness.ts';
import { openSqliteRepository } from '../../../src/storage/index.ts';
import type { World } from '../../service/statistics-fixtures.ts';
import { openWorld, statsGrid } from '../../service/statistics-fixtures.ts';
import { runCommand, workDir } from './db-command-io.ts';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** Four cases of team-a (zone-1) and one of team-c (zone-2), each at T0 and T2 rated by the team. */
async function seeded(): Promise<{ db: string; ids: string[] }> {
  world = await openWorld([statsGrid()]);
  const ids: string[] = [];
  const plan: ['a' | 'c', number, number][] = [['a', 5, 9], ['a', 4, 10], ['a', 6, 6], ['a', 7, 11], ['c', 3, 8]];
  for (const [i, [team, t0, t2]] of plan.entries()) {
    const c = await world.openCase(team, `rif-cli-${i}`);
    ids.push(c.id);
    const split = (total: number) => ({ a: Math.ceil(total / 3), b: Math.round(total / 3), c: total - Math.ceil(total / 3) - Math.round(total / 3) });
    await world.record(c, { occasion: 'T0', date: '2025-01-10', informant: 'team', responses: split(t0) });
    await world.record(c, { occasion: 'T2', date: '2026-01-10', informant: 'team', responses: split(t2), livingSituation: i === 2 ? 'foster_family' : 'family' });
  }
  await world.repo.close();
  return { db: join(world.dir, 'griglie.db'), ids };
}

describe('griglie effectiveness', () => {
  test('prints the cohort statistics as JSON, unsuppressed, and audits the read', async () => {
    const { db, ids } = await seeded();
    const result = await runCommand(effectivenessCommand, ['--grid', 'prova-statistiche', '--from', 'T0', '--to', 'T2', '--json', '--db', db], { cwd: workDir() });
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as { cases: { value: number }; scores: { score: string; n: { value: number }; change: { mean: { value: number } } }[]; disclosure: { applied: boolean }; livingAtTo: { shareWithFamily: { value: number } } };
    expect(report.cases.value).toBe(5);
    expect(report.disclosure.applied).toBe(false);
    const totale = report.scores.find((s) => s.score === 'totale')!;
    expect(totale.n.value).toBe(5);
    // Changes 4, 6, 0, 4, 5: mean 3.8.
    expect(totale.change.mean.value).toBeCloseTo(3.8, 12);
    expect(report.livingAtTo.shareWithFamily.value).toBeCloseTo(4 / 5, 12);
    for (const id of ids) expect(result.stdout).not.toContain(id);

    const repo = openSqliteRepository({ file: db });
    try {
      const entries = await repo.queryAudit({ action: 'cohort.read' });
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ role: 'admin', records: [], detail: { grid: 'prova-statistiche', from: 'T0', to: 'T2' } });
    } finally {
      await repo.close();
    }
  });

  test('prints a readable table, filtered by zone', async () => {
    const { db } = await seeded();
    const result = await runCommand(effectivenessCommand, ['--grid', 'prova-statistiche', '--from', 'T0', '--to', 'T2', '--zone', 'zone-1', '--db', db], { cwd: workDir() });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('cases with both occasions: 4');
    expect(result.stdout).toContain('living with their family at T2: 75.0%');
    expect(result.stdout).toMatch(/score totale/);
    expect(result.stdout).toMatch(/change mean \(SD\)\s+3\.50/);
    expect(result.stdout).toMatch(/band transitions \(rows T0, columns T2\)/);
  });

  test('wrong usage exits 2, an invalid filter 1 naming the option, an unknown grid 1', async () => {
    const cwd = workDir();
    expect((await runCommand(effectivenessCommand, ['--grid', 'prova-statistiche', '--from', 'T0'], { cwd })).status).toBe(2);
    expect((await runCommand(effectivenessCommand, ['--grid', 'x', '--from', 'T0', '--to', 'T2', '--bogus'], { cwd })).status).toBe(2);
    const invalid = await runCommand(effectivenessCommand, ['--grid', 'Bad Grid', '--from', 'T0', '--to', 'T2', '--db', join(cwd, 'g.db')], { cwd });
    expect(invalid.status).toBe(1);
    expect(invalid.error).toMatchObject({ code: 'request_invalid', issues: [{ code: 'invalid_grid', path: '/grid' }] });
    const unknown = await runCommand(effectivenessCommand, ['--grid', 'nessuna', '--from', 'T0', '--to', 'T2', '--db', join(cwd, 'g.db')], { cwd });
    expect(unknown.status).toBe(1);
    expect(unknown.error).toMatchObject({ code: 'not_found' });
  });
});
