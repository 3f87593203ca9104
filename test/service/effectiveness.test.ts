import { afterEach, describe, expect, test } from 'vitest';
import { compileGrid } from '../../src/compiler/index.ts';
import { buildTrajectory, cohortEffectiveness } from '../../src/stats/index.ts';
import type { CohortPair, TrajectoryAdministration } from '../../src/stats/index.ts';
import { caseValue, cohortEffectivenessReport, scoreMetaOf } from '../../src/service/index.ts';
import type { EffectivenessReport } from '../../src/service/index.ts';
import type { AdministrationRecord, CohortRow, LivingSituation } from '../../src/storage/index.ts';
import type { World } from './statistics-fixtures.ts';
import { instrument, openWorld, statsGrid } from './statistics-fixtures.ts';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** Numbers equal to 12 significant places, everything else equal, recursively. */
function expectClose(actual: unknown, expected: unknown, path = ''): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    expect(Math.abs(actual - expected), path).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)));
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual), path).toBe(true);
    expect((actual as unknown[]).length, path).toBe(expected.length);
    expected.forEach((e, i) => expectClose((actual as unknown[])[i], e, `${path}/${i}`));
  } else if (typeof expected === 'object' && expected !== null) {
    expect(Object.keys(actual as object).sort(), path).toEqual(Object.keys(expected).sort());
    for (const [k, e] of Object.entries(expected)) expectClose((actual as Record<string, unknown>)[k], e, `${path}/${k}`);
  } else expect(actual, path).toEqual(expected);
}

/** A deterministic pseudo-random stream (tests must not depend on Math.random). */
function stream(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

const rate = (next: () => number, shift: number): Record<string, number> =>
  Object.fromEntries(['a', 'b', 'c'].map((id) => [id, Math.min(4, Math.max(1, Math.floor(next() * 3) + 1 + shift))]));

interface Seeded {
  /** Administrations recorded per case, by team. */
  byCase: Map<string, { team: 'a' | 'b' | 'c'; administrations: AdministrationRecord[]; intervention: boolean }>;
}

/** 14 cases in team-a (3 of which took intervention 410), 4 in team-b, 3 in team-c, 1 with T0 only. */
async function seedCohort(w: World): Promise<Seeded> {
  const next = stream(42);
  const byCase: Seeded['byCase'] = new Map();
  const plan: ['a' | 'b' | 'c', number][] = [['a', 14], ['b', 4], ['c', 3]];
  const situations: (LivingSituation | null)[] = ['family', 'family', 'family', 'foster_family', null, 'kinship_care', 'family'];
  let k = 0;
  for (const [team, count] of plan) {
    for (let i = 0; i < count; i++, k++) {
      const c = await w.openCase(team, `rif-${team}-${i}`);
      const administrations: AdministrationRecord[] = [];
      if (k % 4 === 1) {
        // Two professionals at T0 (the case's value is their mean), the team at T2.
        administrations.push(await w.record(c, { occasion: 'T0', date: '2025-01-10', informant: 'social_worker', responses: rate(next, 0) }));
        administrations.push(await w.record(c, { occasion: 'T0', date: '2025-01-11', informant: 'educator', responses: rate(next, 0) }));
      } else {
        administrations.push(await w.record(c, { occasion: 'T0', date: '2025-01-10', informant: 'team', responses: rate(next, 0) }));
        // A second informant beside the team: the team's rating wins.
        if (k % 5 === 0) administrations.push(await w.record(c, { occasion: 'T0', date: '2025-01-10', informant: 'educator', responses: rate(next, 0) }));
      }
      administrations.push(
        await w.record(c, { occasion: 'T2', date: '2026-01-10', informant: 'team', responses: rate(next, 1), livingSituation: situations[k % situations.length]! }),
      );
      // A draft never counts.
      await w.record(c, { occasion: 'T2', date: '2026-01-12', informant: 'educator', responses: { a: 4, b: 4, c: 4 }, status: 'draft' });
      const intervention = team === 'a' && i < 3;
      if (intervention) await w.repo.addIntervention(c.id, { type: '410', start: '2025-02-01', end: null, notes: null }, w.operators.a);
      byCase.set(c.id, { team, administrations, intervention });
    }
  }
  const lone = await w.openCase('a', 'rif-solo-t0');
  await w.record(lone, { occasion: 'T0', date: '2025-01-10', informant: 'team', responses: { a: 1, b: 1, c: 1 } });
  return { byCase };
}

/** The pairs computed independently, through buildTrajectory on each case's administrations. */
function pairsOf(seeded: Seeded, keep: (entry: { team: string; intervention: boolean }) => boolean, informant?: string): CohortPair[] {
  const meta = scoreMetaOf(statsGrid())[0]!;
  const pairs: CohortPair[] = [];
  for (const entry of seeded.byCase.values()) {
    if (!keep(entry)) continue;
    const administrations: TrajectoryAdministration[] = entry.administrations
      .filter((a) => informant === undefined || a.informant === informant)
      .map((a) => ({ occasion: a.occasion, date: a.date, informant: a.informant, version: a.version, scores: a.current.scoring.scores, bands: a.current.scoring.bands }));
    const occasions = buildTrajectory({ administrations, scores: [meta] }).scores[0]!.occasions;
    const from = occasions.find((o) => o.occasion === 'T0');
    const to = occasions.find((o) => o.occasion === 'T2');
    if (from?.value == null || to?.value == null) continue;
    pairs.push({ from: { value: from.value, band: from.band }, to: { value: to.value, band: to.band } });
  }
  return pairs;
}

const statsOnly = (report: EffectivenessReport) => {
  const { label: _label, comparisons: _comparisons, ...rest } = report.scores[0]!;
  return rest;
};

describe('cohort effectiveness', () => {
  test('figures equal cohortEffectiveness on the pairs computed independently, for the whole cohort and filtered', async () => {
    world = await openWorld([statsGrid()]);
    const seeded = await seedCohort(world);
    const meta = scoreMetaOf(statsGrid())[0]!;
    const base = { grid: 'prova-statistiche', from: 'T0', to: 'T2' };

    const all = await cohortEffectivenessReport(world, base, { role: 'admin' });
    const allPairs = pairsOf(seeded, () => true);
    expect(allPairs).toHaveLength(21);
    expect(all.cases).toEqual({ value: 21, suppressed: false });
    expectClose(statsOnly(all), cohortEffectiveness({ pairs: allPairs, score: meta, role: 'admin' }));
    expect(all.scores[0]!.comparisons.pairs.same_version).toEqual({ value: 21, suppressed: false });
    expect(all.disclosure).toEqual({ applied: false, threshold: 10, suppressed: [] });

    const teamA = await cohortEffectivenessReport(world, { ...base, team: 'team-a' }, { role: 'operator' });
    expectClose(statsOnly(teamA), cohortEffectiveness({ pairs: pairsOf(seeded, (e) => e.team === 'a'), score: meta, role: 'operator' }));

    const zone1 = await cohortEffectivenessReport(world, { ...base, zone: 'zone-1' }, { role: 'coordinator' });
    expect(zone1.cases.value).toBe(18);
    expectClose(statsOnly(zone1), cohortEffectiveness({ pairs: pairsOf(seeded, (e) => e.team !== 'c'), score: meta, role: 'coordinator' }));

    const treated = await cohortEffectivenessReport(world, { ...base, intervention: '410' }, { role: 'admin' });
    expect(treated.cases.value).toBe(3);
    expectClose(statsOnly(treated), cohortEffectiveness({ pairs: pairsOf(seeded, (e) => e.intervention), score: meta, role: 'admin' }));

    // Only the team's ratings: the cases rated by two professionals at T0 drop out.
    const team = await cohortEffectivenessReport(world, { ...base, informant: 'team' }, { role: 'admin' });
    const teamPairs = pairsOf(seeded, () => true, 'team');
    expect(teamPairs.length).toBeLessThan(21);
    expect(team.cases.value).toBe(teamPairs.length);
    expectClose(statsOnly(team), cohortEffectiveness({ pairs: teamPairs, score: meta, role: 'admin' }));
  });

  test('the share living with their family at the second occasion, and its suppression for researchers', async () => {
    world = await openWorld([statsGrid()]);
    const seeded = await seedCohort(world);
    const report = await cohortEffectivenessReport(world, { grid: 'prova-statistiche', from: 'T0', to: 'T2' }, { role: 'admin' });
    // Situations cycle family, family, family, foster, (not recorded), kinship, family over 21 cases.
    const counts = report.livingAtTo.counts;
    expect([counts.family.value, counts.foster_family.value, counts.kinship_care.value, counts.residential_community.value, counts.not_recorded.value]).toEqual([12, 3, 3, 0, 3]);
    expect(report.livingAtTo.shareWithFamily.value).toBeCloseTo(12 / 18, 12);
    expect(seeded.byCase.size).toBe(21);

    const researcher = await cohortEffectivenessReport(world, { grid: 'prova-statistiche', from: 'T0', to: 'T2' }, { role: 'researcher' });
    expect(researcher.cases).toEqual({ value: 21, suppressed: false });
    const r = researcher.livingAtTo.counts;
    expect(r.family).toEqual({ value: 12, suppressed: false });
    // 3, 3 and 3 are below 10; the zero residential count is withheld with them, so that a withheld
    // count may be 0 and the three cannot be told apart from their sum (9 = 21 - 12).
    for (const figure of [r.foster_family, r.kinship_care, r.not_recorded, r.residential_community]) {
      expect(figure).toMatchObject({ value: null, suppressed: true, reason: 'below_disclosure_threshold' });
    }
    expect(researcher.livingAtTo.shareWithFamily).toMatchObject({ value: null, suppressed: true });
    expect(researcher.disclosure.suppressed).toContain('/livingAtTo/shareWithFamily');

    // A cohort under the threshold: everything withheld.
    const small = await cohortEffectivenessReport(world, { grid: 'prova-statistiche', from: 'T0', to: 'T2', team: 'team-b' }, { role: 'researcher' });
    expect(small.cases).toMatchObject({ value: null, suppressed: true });
    expect(small.scores[0]!.n).toMatchObject({ value: null, suppressed: true });
    expect(small.scores[0]!.occasions.from.mean).toMatchObject({ value: null, suppressed: true });
    expect(small.scores[0]!.comparisons.pairs.same_version).toMatchObject({ value: null, suppressed: true });
    expect(small.livingAtTo.shareWithFamily.value).toBeNull();
  });

  test('caseValue follows buildTrajectory: team if present, else the only value, else the mean and its band', () => {
    const meta = scoreMetaOf(statsGrid())[0]!;
    const next = stream(7);
    const informants = ['team', 'social_worker', 'educator', 'parent'];
    for (let round = 0; round < 300; round++) {
      const rows: CohortRow[] = [];
      for (const informant of informants) {
        if (next() < 0.4) continue;
        const value = next() < 0.2 ? null : 3 + Math.floor(next() * 10);
        rows.push({ caseId: 'x', administrationId: informant, occasion: 'T0', informant, version: '1.0.0', livingSituation: null, values: [value], bands: [value === null ? null : value < 7 ? 'concern' : 'adequate'] });
      }
      const mine = caseValue(rows, (row) => ({ value: row.values[0] ?? null, band: row.bands[0] ?? null }), meta.bands);
      const administrations = rows.map((row) => ({ occasion: 'T0', date: '2025-01-01', informant: row.informant, version: '1.0.0', scores: { totale: row.values[0] ?? null }, bands: { totale: row.bands[0] ?? null } }));
      const occasion = buildTrajectory({ administrations, scores: [meta] }).scores[0]!.occasions[0];
      expect(mine === null ? null : mine, JSON.stringify(rows)).toEqual(occasion?.value == null ? null : { value: occasion.value, band: occasion.band });
    }
  });

  test('across versions: pairs compared as declared or re-scored on shared items, counted by method', async () => {
    const v100 = instrument('mondo-del-bambino', '1.0.0');
    const v110 = instrument('mondo-del-bambino', '1.1.0');
    world = await openWorld([v100, v110]);
    const examples = { '1.0.0': v100.examples!, '1.1.0': v110.examples! };
    // Two cases 1.0.0 -> 1.1.0, one 1.1.0 -> 1.1.0.
    for (const [i, [from, to]] of ([['1.0.0', '1.1.0'], ['1.0.0', '1.1.0'], ['1.1.0', '1.1.0']] as const).entries()) {
      const c = await world.openCase('a', `rif-${i}`);
      await world.record(c, { grid: 'mondo-del-bambino', version: from, occasion: 'T0', date: '2025-01-10', informant: 'team', responses: examples[from][i % 2 === 0 ? 1 : 0]!.responses });
      await world.record(c, { grid: 'mondo-del-bambino', version: to, occasion: 'T2', date: '2026-01-10', informant: 'team', responses: examples[to][0]!.responses });
    }
    const report = await cohortEffectivenessReport(world, { grid: 'mondo-del-bambino', from: 'T0', to: 'T2' }, { role: 'admin' });
    expect(report.versions).toEqual(['1.0.0', '1.1.0']);
    const byScore = Object.fromEntries(report.scores.map((s) => [s.score, s]));
    expect(byScore['bisogni']!.comparisons.pairs).toEqual({
      same_version: { value: 1, suppressed: false },
      declared_comparable: { value: 2, suppressed: false },
      rescored_on_shared_items: { value: 0, suppressed: false },
    });
    expect(byScore['ambiente']!.comparisons.pairs.rescored_on_shared_items).toEqual({ value: 2, suppressed: false });
    // The re-scored means: 1.1.0's example without lavoro_adulti at T2 for the two 1.0.0 cases.
    const { lavoro_adulti: _left, ...shared } = examples['1.1.0'][0]!.responses;
    const rescoredT2 = compileGrid(v110).score(shared).scores['ambiente']!;
    expect(rescoredT2).not.toBe(3.22);
    expect(byScore['ambiente']!.n.value).toBe(3);
    expect(byScore['ambiente']!.occasions.to.mean.value).toBeCloseTo((2 * rescoredT2 + 3.22) / 3, 12);
  });
});
