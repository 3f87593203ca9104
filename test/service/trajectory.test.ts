import { afterEach, describe, expect, test } from 'vitest';
import { compileGrid } from '../../src/compiler/index.ts';
import { buildCaseTrajectory } from '../../src/service/index.ts';
import type { CaseChange, CaseScoreTrajectory } from '../../src/service/index.ts';
import type { World } from './statistics-fixtures.ts';
import { instrument, openWorld, statsGrid } from './statistics-fixtures.ts';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const scoreOf = (scores: CaseScoreTrajectory[], id: string): CaseScoreTrajectory => scores.find((s) => s.score === id)!;

describe('trajectory of one case', () => {
  test('values, agreement, RCI, band transition and clinical significance checked by hand; drafts and voided administrations ignored', async () => {
    world = await openWorld([statsGrid()]);
    const c = await world.openCase('a', 'rif-1');
    // T0: two professionals, 1+2+2 = 5 (concern) and 2+2+3 = 7 (adequate).
    await world.record(c, { occasion: 'T0', date: '2025-01-10', informant: 'social_worker', responses: { a: 1, b: 2, c: 2 } });
    await world.record(c, { occasion: 'T0', date: '2025-01-12', informant: 'educator', responses: { a: 2, b: 2, c: 3 } });
    // T2: the team's consensus 3+4+3 = 10; a draft by the educator that must not count.
    await world.record(c, { occasion: 'T2', date: '2026-01-10', informant: 'team', responses: { a: 3, b: 4, c: 3 } });
    await world.record(c, { occasion: 'T2', date: '2026-01-11', informant: 'educator', responses: { a: 1, b: 1 }, status: 'draft' });
    // T1: voided, so no T1 at all.
    const voided = await world.record(c, { occasion: 'T1', date: '2025-07-10', informant: 'team', responses: { a: 1, b: 1, c: 1 } });
    await world.void(voided.id);

    const detail = (await world.repo.getCaseDetail(c.id))!;
    const t = await buildCaseTrajectory(world, detail, 'prova-statistiche');
    expect(t.versions).toEqual(['1.0.0']);
    expect(t.occasions.map((o) => o.occasion)).toEqual(['T0', 'T2']);
    const totale = scoreOf(t.scores, 'totale');
    const [t0, t2] = totale.occasions;
    expect(t0!.points.map((p) => [p.informant, p.value, p.band])).toEqual([
      ['educator', 7, 'adequate'],
      ['social_worker', 5, 'concern'],
    ]);
    expect(t0!.value).toBe(6);
    expect(t0!.valueSource).toBe('mean_of_informants');
    expect(t0!.band).toBe('concern');
    expect(t0!.agreement).toEqual({ values: { educator: 7, social_worker: 5 }, range: 2, sd: Math.SQRT2, sameBand: false });
    expect(t2!.points).toHaveLength(1);
    expect(t2!.value).toBe(10);
    expect(t2!.valueSource).toBe('team');

    const change = totale.changes[0] as Extract<CaseChange, { reliableChange: unknown }>;
    expect(totale.changes).toHaveLength(1);
    expect(change.comparison.comparison).toBe('same_version');
    expect(change.rawChange).toBe(4);
    // S_diff = SD sqrt(2) sqrt(1 - r) = 2 x 1.41421 x 0.44721 = 1.26491; RCI = 4 / 1.26491 = 3.16228.
    expect(change.reliableChange).toMatchObject({ classification: 'reliable_improvement', options: { sd: 2, reliability: 0.8, criterion: 1.96 } });
    const rc = change.reliableChange as { rci: number; sDiff: number };
    expect(rc.sDiff).toBeCloseTo(1.264911, 6);
    expect(rc.rci).toBeCloseTo(3.162278, 6);
    expect(change.bandTransition).toEqual({ from: 'concern', to: 'adequate', changed: true });
    expect(change.clinicallySignificant).toMatchObject({ significant: true, cutoff: 7, startedDysfunctional: true, endedFunctional: true });
    expect(totale.overall).toEqual(change);
    expect(t.options).toMatchObject({ administrations: 'submitted_current_revision', valueRule: 'team_if_present_else_mean_of_informants' });
  });

  test('a case without administrations of the grid has an empty trajectory; an unknown grid is not found', async () => {
    world = await openWorld([statsGrid()]);
    const c = await world.openCase('a', 'rif-2');
    const detail = (await world.repo.getCaseDetail(c.id))!;
    const t = await buildCaseTrajectory(world, detail, 'prova-statistiche');
    expect(t.occasions).toEqual([]);
    expect(scoreOf(t.scores, 'totale').overall).toBeNull();
    await expect(buildCaseTrajectory(world, detail, 'nessuna-griglia')).rejects.toMatchObject({ code: 'not_found' });
  });

  test('mondo-del-bambino 1.0.0 at T0 and 1.1.0 at T2: declared comparable scores compared directly, the others re-scored on shared items', async () => {
    const v100 = instrument('mondo-del-bambino', '1.0.0');
    const v110 = instrument('mondo-del-bambino', '1.1.0');
    world = await openWorld([v100, v110]);
    const c = await world.openCase('a', 'rif-3');
    const t0Responses = v100.examples![0]!.responses;
    const t2Responses = v110.examples![0]!.responses;
    await world.record(c, { version: '1.0.0', occasion: 'T0', date: '2025-01-10', informant: 'team', responses: t0Responses });
    await world.record(c, { version: '1.1.0', occasion: 'T2', date: '2026-01-10', informant: 'team', responses: t2Responses });

    const t = await buildCaseTrajectory(world, (await world.repo.getCaseDetail(c.id))!, 'mondo-del-bambino');
    expect(t.versions).toEqual(['1.0.0', '1.1.0']);
    expect(t.referenceVersion).toBe('1.1.0');

    // Declared comparable: the stored scores of each version (4.58 at both occasions).
    for (const id of ['bisogni', 'risposte']) {
      const s = scoreOf(t.scores, id);
      const change = s.overall as Extract<CaseChange, { reliableChange: unknown }>;
      expect(change.comparison).toMatchObject({ comparison: 'declared_comparable', versions: ['1.0.0', '1.1.0'], referenceVersion: '1.1.0' });
      expect(change.rawChange).toBeCloseTo(s.occasions[1]!.value! - s.occasions[0]!.value!, 10);
      expect(change.compared).toBeUndefined();
    }

    // ambiente: 1.1.0 added lavoro_adulti; both occasions re-scored on the other items.
    const ambiente = scoreOf(t.scores, 'ambiente');
    expect(ambiente.occasions.map((o) => o.value)).toEqual([3.13, 3.22]);
    const change = ambiente.overall as Extract<CaseChange, { reliableChange: unknown }>;
    expect(change.comparison.comparison).toBe('rescored_on_shared_items');
    expect(change.comparison.leftOutItems).toEqual(['lavoro_adulti']);
    expect(change.comparison.sharedItems).toHaveLength(8);
    expect(change.comparison.sharedItems).not.toContain('lavoro_adulti');
    // Independently: 1.1.0's own scorer on the T2 responses without lavoro_adulti, and T0's stored value
    // (1.0.0's ambiente reads exactly the shared items).
    const { lavoro_adulti: _left, ...withoutNewItem } = t2Responses;
    const expectedT2 = compileGrid(v110).score(withoutNewItem).scores['ambiente']!;
    expect(change.compared!.from.value).toBe(3.13);
    expect(change.compared!.to.value).toBe(expectedT2);
    expect(change.rawChange).toBeCloseTo(expectedT2 - 3.13, 10);
    expect(change.reliableChange).toMatchObject({ options: { sd: 0.9, reliability: 0.78 } });

    // totale reads ambiente: re-scored too; fiducia_in_se (renamed autostima) counts as shared.
    const totale = scoreOf(t.scores, 'totale').overall!;
    expect(totale.comparison.comparison).toBe('rescored_on_shared_items');
    expect(totale.comparison.sharedItems).toContain('autostima');
    expect(totale.comparison.leftOutItems).toEqual(['lavoro_adulti']);
  });
});
