import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SCORING, newAdministration, openRepo, seed, tempDir } from './fixtures.ts';

/** A database file holding one case with an occasion, an intervention and an administration. */
async function populatedFile(): Promise<{ file: string; caseId: string; administrationId: string }> {
  const file = join(tempDir(), 'griglie.db');
  const repo = openRepo(file);
  const { operator, caseId } = await seed(repo);
  await repo.addIntervention(caseId, { type: 'educativa_domiciliare', start: '2026-01-20', end: null, notes: null }, operator);
  const administration = await repo.createAdministration(newAdministration(caseId), operator);
  await repo.close();
  return { file, caseId, administrationId: administration.id };
}

/** Every row of the four tables, to compare before and after the refused statements. */
function snapshot(raw: Database.Database): Record<string, unknown[]> {
  const tables = ['cases', 'occasions', 'interventions', 'administrations'];
  return Object.fromEntries(tables.map((table) => [table, raw.prepare(`select * from ${table} order by id`).all()]));
}

describe('cases, occasions, interventions and administrations are append-only', () => {
  it('the database refuses raw UPDATE and DELETE that would rewrite them, and the rows stay as they were', async () => {
    const { file } = await populatedFile();
    const raw = new Database(file);
    const before = snapshot(raw);
    expect(before.cases).toHaveLength(1);
    expect(before.occasions).toHaveLength(1);
    expect(before.interventions).toHaveLength(1);
    expect(before.administrations).toHaveLength(1);

    const attempts = [
      "update cases set reference = 'altro'",
      "update cases set sex = 'M'",
      'update cases set id = id',
      'delete from cases',
      "update occasions set date = '2020-01-01'",
      "update occasions set living_situation = 'foster_family'",
      "update occasions set name = 'T9'",
      'delete from occasions',
      "update interventions set \"end\" = '2026-06-30'",
      "update interventions set notes = 'riscritto'",
      'delete from interventions',
      "update administrations set date = '2020-01-01'",
      "update administrations set informant = 'parent'",
      "update administrations set grid = 'altra-griglia', version = '9.9.9'",
      "update administrations set occasion_id = 'x', status = 'void'",
      "update administrations set case_id = 'x'",
      "update administrations set created_at = '2020-01-01T00:00:00.000Z'",
      'update administrations set revision = 0',
      'delete from administrations',
    ];
    for (const statement of attempts) {
      expect(() => raw.prepare(statement).run(), statement).toThrow(/append-only/);
    }
    expect(snapshot(raw)).toEqual(before);
    raw.close();
  });

  it('still lets status and revision of an administration follow a new revision, and keeps a void one void', async () => {
    const { file, administrationId } = await populatedFile();
    const raw = new Database(file);
    raw.prepare("update administrations set status = 'void', revision = revision + 1 where id = ?").run(administrationId);
    expect(raw.prepare('select status, revision from administrations where id = ?').get(administrationId)).toEqual({ status: 'void', revision: 2 });
    expect(() => raw.prepare("update administrations set status = 'submitted' where id = ?").run(administrationId)).toThrow(/append-only/);
    expect(raw.prepare('select status from administrations where id = ?').pluck().get(administrationId)).toBe('void');
    raw.close();
  });

  it('never lets a submitted administration go back to draft, even past the service', async () => {
    const { file, administrationId } = await populatedFile();
    const raw = new Database(file);
    expect(raw.prepare('select status from administrations where id = ?').pluck().get(administrationId)).toBe('submitted');
    expect(() => raw.prepare("update administrations set status = 'draft', revision = revision + 1 where id = ?").run(administrationId)).toThrow(/back to draft/);
    raw.close();

    // The repository (what two racing amendments reach after the service's check) refuses it too,
    // and writes no revision.
    const repo = openRepo(file);
    // The operator token populatedFile() created is the file's first token.
    const operator = { tokenId: 1, role: 'operator' as const };
    const refused = await repo
      .addRevision({ administrationId, status: 'draft', responses: {}, scoring: SCORING, reason: 'riapertura', notes: null }, operator)
      .then(() => null, (error: unknown) => error);
    expect(refused).toMatchObject({ code: 'conflict' });
    expect((await repo.getAdministration(administrationId))?.revisions).toHaveLength(1);
    await repo.close();
  });

  it("keeps the repository's own operations working", async () => {
    const repo = openRepo(join(tempDir(), 'griglie.db'));
    const { operator, caseId } = await seed(repo);
    const intervention = await repo.addIntervention(caseId, { type: 'gruppo_genitori', start: '2026-02-01', end: '2026-05-31', notes: 'nota' }, operator);
    const first = await repo.createAdministration(newAdministration(caseId), operator);
    // A second administration at the same occasion reuses the occasion row; one at T1 adds another.
    await repo.createAdministration(newAdministration(caseId, { informant: 'social_worker', date: '2026-01-20' }), operator);
    await repo.createAdministration(newAdministration(caseId, { occasion: 'T1', date: '2026-07-15' }), operator);

    const amended = await repo.addRevision(
      { administrationId: first.id, status: 'submitted', responses: { 'cura-di-se': { current: 2 } }, scoring: SCORING, reason: 'errore di trascrizione', notes: null },
      operator,
    );
    expect(amended).toMatchObject({ id: first.id, status: 'submitted', revision: 2 });
    const voided = await repo.addRevision(
      { administrationId: first.id, status: 'void', responses: { 'cura-di-se': { current: 2 } }, scoring: SCORING, reason: 'caso sbagliato', notes: null },
      operator,
    );
    expect(voided).toMatchObject({ id: first.id, status: 'void', revision: 3 });

    const history = await repo.getAdministration(first.id);
    expect(history?.revisions.map((revision) => [revision.revision, revision.status])).toEqual([
      [1, 'submitted'],
      [2, 'submitted'],
      [3, 'void'],
    ]);
    const detail = await repo.getCaseDetail(caseId);
    expect(detail?.occasions.map((occasion) => occasion.name).sort()).toEqual(['T0', 'T1']);
    expect(detail?.interventions.map((entry) => entry.id)).toEqual([intervention.id]);
    expect(detail?.administrations).toHaveLength(3);
  });
});
