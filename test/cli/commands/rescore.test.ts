import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, test } from 'vitest';
import { rescoreCommand } from '../../../src/cli/commands/rescore.ts';
import type { RescoreReport } from '../../../src/service/index.ts';
import { openSqliteRepository } from '../../../src/storage/index.ts';
import type { World } from '../../service/statistics-fixtures.ts';
import { openWorld, statsGrid } from '../../service/statistics-fixtures.ts';
import { runCommand, workDir } from './db-command-io.ts';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** A database with one administration scored right and one whose stored `totale` a defective engine got wrong. */
async function seeded(): Promise<{ db: string; wrongId: string }> {
  world = await openWorld([statsGrid()]);
  const child = await world.openCase('a', 'rif-cli-rescore');
  const right = await world.record(child, { occasion: 'T0', date: '2025-01-10', informant: 'team', responses: { a: 1, b: 2, c: 3 } });
  const wrong = await world.repo.createAdministration(
    {
      caseId: child.id, occasion: 'T2', date: '2026-01-10', livingSituation: null, grid: 'prova-statistiche', version: '1.0.0', informant: 'team', status: 'submitted',
      responses: { a: 4, b: 4, c: 4 }, scoring: { ...right.current.scoring, scores: { totale: 3 }, bands: { totale: 'concern' } }, notes: null,
    },
    world.operators.a,
  );
  await world.repo.close();
  return { db: join(world.dir, 'griglie.db'), wrongId: wrong.id };
}

describe('griglie rescore', () => {
  test('--dry-run lists the administration whose scores differ, with before and after, and writes nothing', async () => {
    const { db, wrongId } = await seeded();
    const result = await runCommand(rescoreCommand, ['--dry-run', '--db', db], { cwd: workDir() });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('2 administrations checked');
    expect(result.stdout).toContain('prova-statistiche@1.0.0: 2 checked, 1 with other scores (scores: totale)');
    expect(result.stdout).toContain(`${wrongId} (prova-statistiche@1.0.0, revision 1): totale 3 [concern] -> 12 [adequate]`);
    expect(result.stdout).toContain('dry run: nothing written');
    const repo = openSqliteRepository({ file: db });
    try {
      expect((await repo.getAdministration(wrongId))!.revision).toBe(1);
    } finally {
      await repo.close();
    }
  });

  test('with --reason it writes the new revision and reports it; --json gives the report', async () => {
    const { db, wrongId } = await seeded();
    const result = await runCommand(rescoreCommand, ['--reason', 'somma corretta', '--json', '--db', db], { cwd: workDir() });
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as RescoreReport;
    expect(report).toMatchObject({ dryRun: false, checked: 2, stale: 1, rescored: 1, reason: 'rescore: somma corretta' });
    expect(report.examples[0]).toMatchObject({ administrationId: wrongId, revision: 1, newRevision: 2 });
    const again = await runCommand(rescoreCommand, ['--reason', 'ancora', '--db', db], { cwd: workDir() });
    expect(again.stdout).toContain('unchanged 2; with other scores 0');
  });

  test('a grid version this engine cannot compile is named once on stderr, with the administrations it leaves', async () => {
    const { db } = await seeded();
    const raw = new Database(db);
    try {
      // A stored definition this engine refuses (as after a stricter release).
      raw.prepare(`UPDATE grid_versions SET definition = '{"id":"prova-statistiche","version":"1.0.0"}'`).run();
    } finally {
      raw.close();
    }
    const result = await runCommand(rescoreCommand, ['--dry-run', '--db', db], { cwd: workDir() });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('prova-statistiche@1.0.0: 2 checked, 0 with other scores, does not compile with this engine');
    expect(result.stdout).toContain('not scorable 2');
    expect(result.stderr).toMatch(/^not scorable prova-statistiche@1\.0\.0 \(2 administrations\): /m);
  });

  test('wrong usage exits 2; invalid options exit 1 naming the option', async () => {
    const { db } = await seeded();
    const cwd = workDir();
    expect((await runCommand(rescoreCommand, ['--db', db], { cwd })).status).toBe(2);
    expect((await runCommand(rescoreCommand, ['--dry-run', '--version', '1.0.0', '--db', db], { cwd })).status).toBe(2);
    const bad = await runCommand(rescoreCommand, ['--dry-run', '--grid', 'Non Valida', '--db', db], { cwd });
    expect(bad.status).toBe(1);
    expect(bad.error).toMatchObject({ issues: [{ code: 'invalid_grid', path: '/grid' }] });
    const unknown = await runCommand(rescoreCommand, ['--dry-run', '--grid', 'sdq-refuso', '--db', db], { cwd });
    expect(unknown.status).toBe(1);
    expect(unknown.error).toMatchObject({ issues: [{ code: 'unknown_grid', path: '/grid' }] });
    const blank = await runCommand(rescoreCommand, ['--reason', ' ', '--db', db], { cwd });
    expect(blank.status).toBe(1);
    expect(blank.error).toMatchObject({ issues: [{ code: 'reason_required', path: '/reason' }] });
  });
});
