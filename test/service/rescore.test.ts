import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { GridInvalidError } from '../../src/errors.ts';
import { rescoreAdministrations } from '../../src/service/index.ts';
import type { RescoreDeps } from '../../src/service/index.ts';
import { COMMAND_LINE_ACTOR } from '../../src/storage/index.ts';
import type { AdministrationRecord, CaseRecord, StoredScores } from '../../src/storage/index.ts';
import type { World } from './statistics-fixtures.ts';
import { openWorld, statsGrid } from './statistics-fixtures.ts';

const ENGINE = '9.9.9';

describe('re-scoring stored administrations (griglie rescore)', () => {
  let world: World;
  let deps: RescoreDeps;
  let child: CaseRecord;

  beforeEach(async () => {
    world = await openWorld([statsGrid()]);
    deps = { repo: world.repo, grids: world.grids, engineVersion: ENGINE };
    child = await world.openCase('a', 'rif-rescore');
  });
  afterEach(async () => {
    await world.close();
  });

  /** An administration whose stored scores came from a defective engine: `totale` 99 instead of the sum. */
  async function defective(responses: Record<string, unknown>, status: 'draft' | 'submitted' = 'submitted'): Promise<AdministrationRecord> {
    const right = await world.record(child, { occasion: 'T9', date: '2025-01-10', informant: 'team', responses, status });
    const wrong: StoredScores = { ...right.current.scoring, scores: { totale: 99 }, bands: { totale: 'adequate' }, engineVersion: '0.0.1-defect' };
    return world.repo.createAdministration(
      { caseId: child.id, occasion: 'T0', date: '2025-01-10', livingSituation: null, grid: 'prova-statistiche', version: '1.0.0', informant: 'team', status, responses, scoring: wrong, notes: 'nota' },
      world.operators.a,
    );
  }

  const rows = (table: string): number => {
    const db = new Database(join(world.dir, 'griglie.db'), { readonly: true });
    try {
      return db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    } finally {
      db.close();
    }
  };

  test('a dry run reports the administrations whose stored scores differ, with before and after, and writes nothing', async () => {
    const bad = await defective({ a: 1, b: 2, c: 2 });
    const before = { revisions: rows('administration_revisions'), audit: rows('audit_log'), tokens: rows('tokens') };
    const report = await rescoreAdministrations(deps, { dryRun: true }, COMMAND_LINE_ACTOR);
    // Two administrations per defective() call: the right one (scored by the engine under test) and the wrong one.
    expect(report).toMatchObject({ dryRun: true, checked: 2, unchanged: 1, stale: 1, rescored: 0, skipped: [], failed: [] });
    expect(report.versions).toEqual([{ grid: 'prova-statistiche', version: '1.0.0', checked: 2, stale: 1, scores: ['totale'], unscorable: 0, notCompiled: null }]);
    expect(report.examples).toEqual([
      {
        administrationId: bad.id,
        grid: 'prova-statistiche',
        version: '1.0.0',
        revision: 1,
        changes: [{ score: 'totale', before: { value: 99, band: 'adequate', reason: null }, after: { value: 5, band: 'concern', reason: null } }],
      },
    ]);
    expect({ revisions: rows('administration_revisions'), audit: rows('audit_log'), tokens: rows('tokens') }).toEqual(before);
  });

  test('a run appends a revision with the new scores beside the old, same responses, status and notes, authored by a revoked system token, audited', async () => {
    const bad = await defective({ a: 4, b: 4, c: 'NA' }, 'draft');
    const report = await rescoreAdministrations(deps, { dryRun: false, reason: 'difetto della somma corretto' }, COMMAND_LINE_ACTOR);
    expect(report).toMatchObject({ stale: 1, rescored: 1, reason: 'rescore: difetto della somma corretto' });
    expect(report.examples[0]).toMatchObject({ administrationId: bad.id, revision: 1, newRevision: 2 });

    const history = (await world.repo.getAdministration(bad.id))!;
    expect(history.revision).toBe(2);
    expect(history.status).toBe('draft');
    const [old, fresh] = history.revisions;
    expect(old!.scoring.scores).toEqual({ totale: 99 });
    expect(fresh).toMatchObject({ revision: 2, status: 'draft', reason: 'rescore: difetto della somma corretto', notes: 'nota', responses: old!.responses });
    expect(fresh!.scoring).toMatchObject({ scores: { totale: 8 }, bands: { totale: 'adequate' }, engineVersion: ENGINE });

    const author = (await world.repo.listTokens()).find((t) => t.id === fresh!.authorTokenId)!;
    expect(author).toMatchObject({ name: 'griglie rescore', role: 'admin', team: null });
    expect(author.revokedAt).not.toBeNull();
    expect((await world.repo.queryAudit({ caseId: child.id })).map((e) => e.action)).toContain('scores.rescore');

    const audit = await world.repo.queryAudit({ action: 'scores.rescore' });
    expect(audit).toHaveLength(1);
    // The entry names the case too, as every administration write does: `griglie audit --case` finds it.
    expect(audit[0]).toMatchObject({ tokenId: null, role: 'admin', records: [bad.id, child.id], detail: { reason: 'rescore: difetto della somma corretto', rescored: 1, skipped: 0, engineVersion: ENGINE } });
  });

  test('running it again finds nothing to do; a second batch reuses the system token', async () => {
    await defective({ a: 1, b: 1, c: 1 });
    await rescoreAdministrations(deps, { dryRun: false, reason: 'prima correzione' }, COMMAND_LINE_ACTOR);
    const tokens = rows('tokens');
    const again = await rescoreAdministrations(deps, { dryRun: false, reason: 'seconda' }, COMMAND_LINE_ACTOR);
    expect(again).toMatchObject({ checked: 2, unchanged: 2, stale: 0, rescored: 0 });
    await defective({ a: 2, b: 2, c: 2 });
    await rescoreAdministrations(deps, { dryRun: false, reason: 'terza' }, COMMAND_LINE_ACTOR);
    expect(rows('tokens')).toBe(tokens);
  });

  test('scores computed by another engine version but equal are left alone', async () => {
    const right = await world.record(child, { occasion: 'T0', date: '2025-01-10', informant: 'team', responses: { a: 2, b: 3, c: 4 } });
    expect(right.current.scoring.engineVersion).toBe('test');
    const report = await rescoreAdministrations(deps, { dryRun: false, reason: 'nuovo motore' }, COMMAND_LINE_ACTOR);
    expect(report).toMatchObject({ checked: 1, unchanged: 1, rescored: 0 });
    expect((await world.repo.getAdministration(right.id))!.revision).toBe(1);
  });

  test('void administrations are left out; an administration amended after it was read is skipped, not overwritten', async () => {
    const voided = await defective({ a: 1, b: 1, c: 1 });
    await world.void(voided.id);
    const amendedMeanwhile = await defective({ a: 3, b: 3, c: 3 });
    const report = await rescoreAdministrations(deps, { dryRun: true }, COMMAND_LINE_ACTOR);
    expect(report.examples.map((e) => e.administrationId)).toEqual([amendedMeanwhile.id]);

    // Between the read and the write an operator amends it: the batch written from the old read skips it.
    await world.repo.addRevision(
      { administrationId: amendedMeanwhile.id, status: 'submitted', responses: { a: 4, b: 4, c: 4 }, scoring: amendedMeanwhile.current.scoring, reason: 'colloquio', notes: null },
      world.operators.a,
    );
    const outcome = await world.repo.rescoreAdministrations(
      { reason: 'rescore: x', items: [{ administrationId: amendedMeanwhile.id, revision: 1, scoring: amendedMeanwhile.current.scoring }, { administrationId: voided.id, revision: 2, scoring: voided.current.scoring }] },
      COMMAND_LINE_ACTOR,
    );
    expect(outcome).toEqual({ rescored: [], skipped: [{ administrationId: amendedMeanwhile.id, reason: 'changed' }, { administrationId: voided.id, reason: 'void' }] });
    expect((await world.repo.getAdministration(amendedMeanwhile.id))!.revision).toBe(2);
  });

  test('pages: more administrations than a page are all checked, each page written in its own batch', async () => {
    for (let i = 0; i < 5; i++) await defective({ a: 1 + (i % 4), b: 2, c: 3 });
    const report = await rescoreAdministrations(deps, { dryRun: false, reason: 'pagine', pageSize: 3, examples: 2 }, COMMAND_LINE_ACTOR);
    expect(report).toMatchObject({ checked: 10, stale: 5, rescored: 5 });
    expect(report.examples).toHaveLength(2);
    const batches = await world.repo.queryAudit({ action: 'scores.rescore' });
    expect(batches.length).toBeGreaterThanOrEqual(2);
    // Each batch names its administrations and their case; together they are the five re-scored.
    const named = new Set(batches.flatMap((b) => b.records));
    const rescoredIds = (await world.repo.listCurrentRevisions({ limit: 100 })).filter((r) => r.revision === 2).map((r) => r.id);
    expect(rescoredIds).toHaveLength(5);
    expect([...named].sort()).toEqual([...rescoredIds, child.id].sort());
  });

  test('--grid and --version narrow what is read; an unknown grid or version, a version without its grid, or a run without a reason, is refused', async () => {
    await defective({ a: 1, b: 1, c: 1 });
    await expect(rescoreAdministrations(deps, { dryRun: true, grid: 'altra-griglia' }, COMMAND_LINE_ACTOR)).rejects.toMatchObject({ code: 'not_found', issues: [{ code: 'unknown_grid', path: '/grid' }] });
    await expect(rescoreAdministrations(deps, { dryRun: true, grid: 'prova-statistiche', version: '2.0.0' }, COMMAND_LINE_ACTOR)).rejects.toMatchObject({
      code: 'not_found',
      issues: [{ code: 'unknown_grid_version', path: '/version' }],
    });
    expect(await rescoreAdministrations(deps, { dryRun: true, grid: 'prova-statistiche', version: '1.0.0' }, COMMAND_LINE_ACTOR)).toMatchObject({ checked: 2, stale: 1 });
    await expect(rescoreAdministrations(deps, { dryRun: true, version: '1.0.0' }, COMMAND_LINE_ACTOR)).rejects.toMatchObject({ code: 'request_invalid', issues: [{ code: 'grid_required' }] });
    await expect(rescoreAdministrations(deps, { dryRun: false, reason: '  ' }, COMMAND_LINE_ACTOR)).rejects.toMatchObject({ issues: [{ code: 'reason_required' }] });
  });

  test('scores stored by a newer engine are never rewritten by an older one', async () => {
    const child2 = await world.openCase('a', 'rif-newer');
    const right = await world.record(child2, { occasion: 'T0', date: '2025-01-10', informant: 'team', responses: { a: 1, b: 1, c: 1 } });
    const newer = await world.repo.createAdministration(
      { caseId: child2.id, occasion: 'T1', date: '2025-07-10', livingSituation: null, grid: 'prova-statistiche', version: '1.0.0', informant: 'team', status: 'submitted', responses: { a: 1, b: 1, c: 1 }, scoring: { ...right.current.scoring, scores: { totale: 4 }, engineVersion: '10.0.0' }, notes: null },
      world.operators.a,
    );
    const report = await rescoreAdministrations(deps, { dryRun: false, reason: 'vecchia installazione' }, COMMAND_LINE_ACTOR);
    expect(report.failed).toEqual([{ administrationId: newer.id, grid: 'prova-statistiche', version: '1.0.0', issues: [expect.objectContaining({ code: 'scored_by_newer_engine' })] }]);
    expect(report.rescored).toBe(0);
    expect((await world.repo.getAdministration(newer.id))!.revision).toBe(1);
  });

  test('an administration the engine trips over is reported and the run goes on', async () => {
    await defective({ a: 1, b: 1, c: 1 });
    await defective({ a: 2, b: 2, c: 2 });
    let calls = 0;
    // A scorer that throws on its second administration, as an engine defect on odd stored responses would.
    const grids: RescoreDeps['grids'] = {
      ...world.grids,
      async compiled(grid, version) {
        const found = await world.grids.compiled(grid, version);
        const shape: typeof found.compiled.shape = (responses) => {
          if (++calls === 2) throw new TypeError('cannot read properties of undefined');
          return found.compiled.shape(responses);
        };
        return { ...found, compiled: { ...found.compiled, shape } };
      },
    };
    const report = await rescoreAdministrations({ ...deps, grids }, { dryRun: false, reason: 'x' }, COMMAND_LINE_ACTOR);
    expect(report.checked).toBe(4);
    expect(report.failed).toEqual([expect.objectContaining({ issues: [expect.objectContaining({ code: 'engine_error' })] })]);
    expect(report.unchanged + report.stale).toBe(3);
  });

  test('a grid version this engine no longer compiles is reported once, with how many administrations it leaves as they are', async () => {
    await defective({ a: 1, b: 1, c: 1 });
    const grids: RescoreDeps['grids'] = {
      ...world.grids,
      compiled: () => Promise.reject(new GridInvalidError('no longer valid', [{ code: 'unknown_method', path: '/scores/0/method', message: 'm' }])),
    };
    const report = await rescoreAdministrations({ ...deps, grids }, { dryRun: false, reason: 'x' }, COMMAND_LINE_ACTOR);
    expect(report.failed).toEqual([]);
    expect(report.versions).toEqual([
      expect.objectContaining({ grid: 'prova-statistiche', version: '1.0.0', checked: 2, unscorable: 2, notCompiled: [expect.objectContaining({ code: 'unknown_method' })] }),
    ]);
    expect(report.rescored).toBe(0);
  });

  test('responses this engine no longer accepts are reported as not scorable and left as they are', async () => {
    // Stored by an older engine that let an unknown item through.
    const odd = await world.repo.createAdministration(
      { caseId: child.id, occasion: 'T0', date: '2025-01-10', livingSituation: null, grid: 'prova-statistiche', version: '1.0.0', informant: 'team', status: 'submitted', responses: { a: 1, b: 1, zeta: 3 }, scoring: { scores: { totale: 2 }, bands: { totale: 'concern' }, reasons: {}, ruleHashes: {}, gridSha256: 'x', engineVersion: '0.0.1' }, notes: null },
      world.operators.a,
    );
    const report = await rescoreAdministrations(deps, { dryRun: false, reason: 'x' }, COMMAND_LINE_ACTOR);
    expect(report.failed).toEqual([{ administrationId: odd.id, grid: 'prova-statistiche', version: '1.0.0', issues: [expect.objectContaining({ path: '/responses/zeta' })] }]);
    expect((await world.repo.getAdministration(odd.id))!.revision).toBe(1);
  });
});
