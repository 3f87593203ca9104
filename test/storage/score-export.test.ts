import { expect, test } from 'vitest';
import type { ExportAdministration, ExportCase, SqliteRepository } from '../../src/storage/index.ts';
import { ADMIN, newAdministration, openRepo, SCORING, seed } from './fixtures.ts';

async function all<T>(batches: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const batch of batches) out.push(...batch);
  return out;
}

async function secondCase(repo: SqliteRepository, operator: Parameters<SqliteRepository['createCase']>[1], zone = 'firenze'): Promise<string> {
  if (zone !== 'firenze') await repo.createTeam({ id: `em-${zone}`, zone }, ADMIN);
  const created = await repo.createCase({ team: zone === 'firenze' ? 'em-firenze' : `em-${zone}`, zone, reference: `R-${zone}-${Math.random()}`, birthYearMonth: '2015-09', sex: 'M' }, operator);
  return created.id;
}

test('getProject finds a research project by id', async () => {
  const repo = openRepo();
  const project = await repo.createProject({ name: 'studio', protocol: 'CE-1' }, ADMIN);
  expect(await repo.getProject(project.id)).toEqual(project);
  expect(await repo.getProject(project.id + 1)).toBeNull();
});

test('openScoreExport: submitted, non-void administrations with their current scores, grouped by case, with the first occasion date', async () => {
  const repo = openRepo();
  const { operator, caseId } = await seed(repo);
  await repo.createAdministration(newAdministration(caseId, { occasion: 'T0', date: '2026-01-15' }), operator);
  const t1 = await repo.createAdministration(newAdministration(caseId, { occasion: 'T1', date: '2026-07-15' }), operator);
  await repo.createAdministration(newAdministration(caseId, { occasion: 'T2', date: '2027-01-15', status: 'draft' }), operator);
  const voided = await repo.createAdministration(newAdministration(caseId, { occasion: 'T2', date: '2027-01-20', informant: 'parent' }), operator);
  await repo.addRevision({ administrationId: voided.id, status: 'void', responses: {}, scoring: SCORING, reason: 'errore', notes: null }, operator);
  await repo.addRevision({ administrationId: t1.id, status: 'submitted', responses: {}, scoring: { ...SCORING, scores: { total: 20 } }, reason: 'correzione', notes: null }, operator);
  // An occasion before the others, recorded only as a draft: still the case's first occasion.
  await repo.createAdministration(newAdministration(caseId, { occasion: 'PRE', date: '2025-12-01', status: 'draft' }), operator);

  const source = await repo.openScoreExport({});
  const cases = await all<ExportCase>(source.cases());
  const rows = await all<ExportAdministration>(source.administrations());
  await source.close();
  expect(cases).toEqual([{ caseId, zone: 'firenze', sex: 'F', birthYearMonth: '2018-04', firstOccasionDate: '2025-12-01', administrations: 2 }]);
  expect(rows.map((r) => [r.occasion, r.occasionDate, r.scores['total'], r.firstOccasionDate])).toEqual([
    ['T0', '2026-01-15', 12, '2025-12-01'],
    ['T1', '2026-07-15', 20, '2025-12-01'],
  ]);
  expect(Object.keys(rows[0]!).sort()).toEqual(
    ['bands', 'birthYearMonth', 'caseId', 'firstOccasionDate', 'grid', 'informant', 'occasion', 'occasionDate', 'scores', 'sex', 'version', 'zone'].sort(),
  );
});

test('openScoreExport filters by grid and zone', async () => {
  const repo = openRepo();
  const { operator, caseId } = await seed(repo);
  const other = await secondCase(repo, operator, 'pisa');
  await repo.createAdministration(newAdministration(caseId), operator);
  await repo.createAdministration(newAdministration(other), operator);
  const count = async (filter: Parameters<SqliteRepository['openScoreExport']>[0]): Promise<number> => {
    const source = await repo.openScoreExport(filter);
    const rows = await all(source.administrations());
    await source.close();
    return rows.length;
  };
  expect(await count({})).toBe(2);
  expect(await count({ zone: 'pisa' })).toBe(1);
  expect(await count({ grid: 'mondo-del-bambino' })).toBe(2);
  expect(await count({ grid: 'other' })).toBe(0);
});

test('an open export reads one snapshot and never blocks writes', async () => {
  const repo = openRepo();
  const { operator, caseId } = await seed(repo);
  for (let i = 0; i < 600; i++) await secondCase(repo, operator).then((id) => repo.createAdministration(newAdministration(id), operator));
  await repo.createAdministration(newAdministration(caseId), operator);
  const source = await repo.openScoreExport({});
  const cases = await all(source.cases());
  const iterator = source.administrations()[Symbol.asyncIterator]();
  const first = await iterator.next();
  expect(first.done).toBe(false);
  // Mid-stream (cursor open and paused), the service writes: it must succeed...
  const late = await secondCase(repo, operator);
  await repo.createAdministration(newAdministration(late), operator);
  let rows = first.done === true ? 0 : first.value.length;
  for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) rows += next.value.length;
  await source.close();
  // ...and the export still sees the data as it was when it opened.
  expect(cases).toHaveLength(601);
  expect(rows).toBe(601);
});

test('scores and bands are read whatever the stored key order, even for a score named reasons', async () => {
  const repo = openRepo();
  const { operator, caseId } = await seed(repo);
  const scoring = { ...SCORING, scores: { total: 3, reasons: 4 }, bands: { total: 'low', reasons: null } };
  await repo.createAdministration(newAdministration(caseId, { scoring }), operator);
  const source = await repo.openScoreExport({});
  const [row] = await all(source.administrations());
  await source.close();
  expect(row).toMatchObject({ scores: { total: 3, reasons: 4 }, bands: { total: 'low', reasons: null } });
});
