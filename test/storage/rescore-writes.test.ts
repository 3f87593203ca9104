import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMAND_LINE_ACTOR } from '../../src/storage/index.ts';
import type { Actor, SqliteRepository } from '../../src/storage/index.ts';
import { newAdministration, openRepo, SCORING, seed } from './fixtures.ts';

describe('re-scoring writes in storage', () => {
  let repo: SqliteRepository;
  let operator: Actor;
  let caseId: string;

  beforeEach(async () => {
    repo = openRepo();
    ({ operator, caseId } = await seed(repo));
  });
  afterEach(async () => {
    await repo.close();
  });

  const rescored = { ...SCORING, scores: { ...SCORING.scores, totale: 1.5 }, engineVersion: '2.0.0' };

  it('appends a revision copying status, responses and notes, with the new scoring and reason, and moves the header', async () => {
    const a = await repo.createAdministration(newAdministration(caseId, { status: 'draft', notes: 'visita domiciliare', responses: { 'cura-di-se': { current: 2 } } }), operator);
    const outcome = await repo.rescoreAdministrations({ reason: 'rescore: somma', items: [{ administrationId: a.id, revision: 1, scoring: rescored }] }, COMMAND_LINE_ACTOR);
    expect(outcome).toEqual({ rescored: [{ administrationId: a.id, revision: 2 }], skipped: [] });
    const history = (await repo.getAdministration(a.id))!;
    expect(history).toMatchObject({ status: 'draft', revision: 2 });
    expect(history.revisions[1]).toMatchObject({ status: 'draft', responses: { 'cura-di-se': { current: 2 } }, notes: 'visita domiciliare', reason: 'rescore: somma', scoring: rescored });
    expect(history.revisions[0]!.scoring).toEqual(SCORING);
    const current = await repo.listCurrentRevisions({ limit: 10 });
    expect(current).toEqual([{ id: a.id, grid: a.grid, version: a.version, status: 'draft', revision: 2, responses: { 'cura-di-se': { current: 2 } }, scoring: rescored }]);
  });

  it('skips what changed, was voided or is gone; writes nothing and creates no token for an empty batch', async () => {
    const a = await repo.createAdministration(newAdministration(caseId), operator);
    const tokensBefore = (await repo.listTokens()).length;
    expect(await repo.rescoreAdministrations({ reason: 'r', items: [] }, COMMAND_LINE_ACTOR)).toEqual({ rescored: [], skipped: [] });
    expect(await repo.listTokens()).toHaveLength(tokensBefore);
    const outcome = await repo.rescoreAdministrations(
      { reason: 'r', items: [{ administrationId: a.id, revision: 7, scoring: rescored }, { administrationId: 'nessuno', revision: 1, scoring: rescored }] },
      COMMAND_LINE_ACTOR,
    );
    expect(outcome.skipped).toEqual([{ administrationId: a.id, reason: 'changed' }, { administrationId: 'nessuno', reason: 'missing' }]);
    expect((await repo.getAdministration(a.id))!.revision).toBe(1);
  });

  it('refuses a blank reason', async () => {
    const a = await repo.createAdministration(newAdministration(caseId), operator);
    await expect(repo.rescoreAdministrations({ reason: ' ', items: [{ administrationId: a.id, revision: 1, scoring: rescored }] }, COMMAND_LINE_ACTOR)).rejects.toMatchObject({
      code: 'request_invalid',
      issues: [{ code: 'reason_required', path: '/reason' }],
    });
  });

  it('lists current revisions a page at a time in id order, without void ones, filtered by grid and version', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await repo.createAdministration(newAdministration(caseId, { informant: `informant_${i}` }), operator)).id);
    const first = await repo.listCurrentRevisions({ limit: 2 });
    const second = await repo.listCurrentRevisions({ limit: 2, after: first[1]!.id });
    const third = await repo.listCurrentRevisions({ limit: 2, after: second[1]!.id });
    expect([...first, ...second, ...third].map((r) => r.id)).toEqual([...ids].sort());
    expect(await repo.listCurrentRevisions({ limit: 10, grid: 'mondo-del-bambino', version: '9.9.9' })).toEqual([]);
    expect(await repo.listCurrentRevisions({ limit: 10, grid: 'altra' })).toEqual([]);
    expect(await repo.listCurrentRevisions({ limit: 10, grid: 'mondo-del-bambino', version: '1.0.0' })).toHaveLength(5);
  });
});
