import { describe, expect, test } from 'vitest';
import type { Actor } from '../../src/storage/index.ts';
import { ADMIN, newAdministration, openRepo, SCORING, seed } from './fixtures.ts';

describe('reads for cohort statistics', () => {
  test('readCohortRows: submitted current revisions of the grid at the named occasions, scores by json_extract, filters', async () => {
    const repo = openRepo();
    const { operator, caseId } = await seed(repo);
    await repo.createTeam({ id: 'em-prato', zone: 'prato' }, ADMIN);
    const other = await repo.createCase({ team: 'em-prato', zone: 'prato', reference: 'PO-1', birthYearMonth: '2019-01', sex: 'M' }, operator);
    const scoring = (total: number | null, band: string | null) => ({ ...SCORING, scores: { total }, bands: { total: band } });

    const t0 = await repo.createAdministration(newAdministration(caseId, { scoring: scoring(10, 'concern'), informant: 'team' }), operator);
    const t2 = await repo.createAdministration(newAdministration(caseId, { occasion: 'T2', livingSituation: 'foster_family', scoring: scoring(12, 'adequate') }), operator);
    // Amended: the current revision's scores are read.
    await repo.addRevision({ administrationId: t2.id, status: 'submitted', responses: {}, scoring: scoring(14, 'adequate'), reason: 'typo', notes: null }, operator);
    // Not read: a draft, a voided one, another occasion, another grid.
    await repo.createAdministration(newAdministration(caseId, { occasion: 'T2', status: 'draft', informant: 'parent' }), operator);
    const voided = await repo.createAdministration(newAdministration(caseId, { occasion: 'T2', informant: 'psychologist' }), operator);
    await repo.addRevision({ administrationId: voided.id, status: 'void', responses: {}, scoring: SCORING, reason: 'wrong case', notes: null }, operator);
    await repo.createAdministration(newAdministration(caseId, { occasion: 'T1' }), operator);
    const o0 = await repo.createAdministration(newAdministration(other.id, { scoring: scoring(null, null) }), operator);

    const query = { grid: 'mondo-del-bambino', occasions: ['T0', 'T2'], scores: ['total', 'absent'] };
    const rows = await repo.readCohortRows(query);
    const byId = new Map(rows.map((r) => [r.administrationId, r]));
    expect([...byId.keys()].sort()).toEqual([t0.id, t2.id, o0.id].sort());
    expect(byId.get(t0.id)).toEqual({ caseId, administrationId: t0.id, occasion: 'T0', informant: 'team', version: '1.0.0', livingSituation: 'family', values: [10, null], bands: ['concern', null] });
    expect(byId.get(t2.id)).toMatchObject({ occasion: 'T2', livingSituation: 'foster_family', values: [14, null], bands: ['adequate', null] });
    expect(byId.get(o0.id)).toMatchObject({ caseId: other.id, values: [null, null] });

    expect((await repo.readCohortRows({ ...query, zone: 'prato' })).map((r) => r.administrationId)).toEqual([o0.id]);
    expect((await repo.readCohortRows({ ...query, team: 'em-firenze' })).length).toBe(2);
    expect((await repo.readCohortRows({ ...query, informant: 'team' })).map((r) => r.administrationId)).toEqual([t0.id]);
    expect(await repo.readCohortRows({ ...query, intervention: '410' })).toEqual([]);
    await repo.addIntervention(other.id, { type: '410', start: '2026-01-01', end: null, notes: null }, operator);
    expect((await repo.readCohortRows({ ...query, intervention: '410' })).map((r) => r.administrationId)).toEqual([o0.id]);
    expect(await repo.readCohortRows({ ...query, grid: 'altra' })).toEqual([]);
  });

  test('readCurrentResponses: the current revision of each id asked for, unknown ids left out', async () => {
    const repo = openRepo();
    const { operator, caseId }: { operator: Actor; caseId: string } = await seed(repo);
    const a = await repo.createAdministration(newAdministration(caseId, { responses: { x: 1 } }), operator);
    await repo.addRevision({ administrationId: a.id, status: 'submitted', responses: { x: 2 }, scoring: SCORING, reason: 'fix', notes: null }, operator);
    const b = await repo.createAdministration(newAdministration(caseId, { occasion: 'T2', responses: { y: 'NA' } }), operator);
    const out = await repo.readCurrentResponses([a.id, b.id, 'no-such-id']);
    expect(out).toEqual(new Map([[a.id, { x: 2 }], [b.id, { y: 'NA' }]]));
    expect(await repo.readCurrentResponses([])).toEqual(new Map());
  });
});
