import { describe, expect, test } from 'vitest';
import { buildTrajectory, type ScoreMeta, type TrajectoryAdministration } from '../../src/stats/index.ts';

const bands = [
  { id: 'concern', label: { it: 'Preoccupazione' }, min: 0, max: 45 },
  { id: 'adequate', label: { it: 'Adeguato' }, min: 45, max: 80 },
];
const withReference: ScoreMeta = {
  id: 'cura',
  label: { it: 'Cura' },
  direction: 'higher_is_better',
  bands,
  reference: {
    reliability: { kind: 'alpha', value: 0.8, source: 'illustrative' },
    norm: { sd: 7.5, source: 'illustrative' },
    cutoff: { value: 45, source: 'illustrative' },
  },
};
const bare: ScoreMeta = { id: 'rete', label: { it: 'Rete' }, direction: 'higher_is_worse' };

function adm(occasion: string, date: string, informant: string, cura: number | null, rete: number | null, version = '1.0.0'): TrajectoryAdministration {
  const band = cura === null ? null : cura < 45 ? 'concern' : 'adequate';
  return { occasion, date, informant, version, scores: { cura, rete }, bands: { cura: band, rete: null } };
}

// Given out of order: T2 first.
const administrations = [
  adm('T2', '2025-06-01', 'team', 53, 4),
  adm('T2', '2025-06-01', 'parent', 60, 3),
  adm('T0', '2024-06-01', 'team', 32, 6),
  adm('T1', '2024-12-01', 'social_worker', 40, 5),
  adm('T1', '2024-12-01', 'educator', 46, null),
];

describe('buildTrajectory', () => {
  const trajectory = buildTrajectory({ administrations, scores: [withReference, bare] });
  const cura = trajectory.scores[0]!;
  const rete = trajectory.scores[1]!;

  test('occasions are ordered by date, informants listed side by side', () => {
    expect(cura.occasions.map((o) => o.occasion)).toEqual(['T0', 'T1', 'T2']);
    expect(cura.occasions[1]!.points.map((p) => [p.informant, p.value])).toEqual([
      ['educator', 46],
      ['social_worker', 40],
    ]);
  });

  test('the team rating is the case value when present, else the mean of informants (and it says so)', () => {
    expect(cura.valueRule).toBe('team_if_present_else_mean_of_informants');
    expect(cura.occasions[2]).toMatchObject({ value: 53, valueSource: 'team', band: 'adequate' });
    // mean of 40 and 46 = 43, band recomputed from the score's bands
    expect(cura.occasions[1]).toMatchObject({ value: 43, valueSource: 'mean_of_informants', band: 'concern' });
    expect(cura.occasions[0]).toMatchObject({ value: 32, valueSource: 'team' });
    // null values are left out of the mean; one value left is a single informant's
    expect(rete.occasions[1]).toMatchObject({ value: 5, valueSource: 'single_informant' });
  });

  test('agreement among informants: values, range, SD, same band', () => {
    expect(cura.occasions[1]!.agreement).toEqual({
      values: { educator: 46, social_worker: 40 },
      range: 6,
      sd: Math.sqrt(18),
      sameBand: false,
    });
    expect(cura.occasions[2]!.agreement).toMatchObject({ range: 7, sameBand: true });
    expect(cura.occasions[0]!.agreement).toBeNull();
  });

  test('consecutive changes and first-to-last change with RCI and clinical significance', () => {
    expect(cura.changes.map((c) => [c.from, c.to, c.rawChange])).toEqual([
      ['T0', 'T1', 11],
      ['T1', 'T2', 10],
    ]);
    const overall = cura.overall!;
    expect(overall).toMatchObject({ from: 'T0', to: 'T2', rawChange: 21, versionsDiffer: false });
    expect(overall.reliableChange).toMatchObject({ classification: 'reliable_improvement', sDiff: expect.closeTo(4.7434, 4), rci: expect.closeTo(4.427, 3) });
    expect(overall.clinicallySignificant).toMatchObject({ significant: true, cutoff: 45, source: 'illustrative' });
    expect(overall.bandTransition).toEqual({ from: 'concern', to: 'adequate', changed: true });
    // 11 / 4.7434 = 2.32 > 1.96, but 43 stays below the cut-off
    expect(cura.changes[0]!.clinicallySignificant).toMatchObject({ significant: false, endedFunctional: false });
  });

  test('without reference values or bands: null with a reason', () => {
    const c = rete.overall!;
    expect(c.rawChange).toBe(-2);
    expect(c.reliableChange).toEqual({ value: null, reason: 'reliability_not_declared' });
    expect(c.clinicallySignificant).toEqual({ value: null, reason: 'cutoff_not_declared' });
    expect(c.bandTransition).toEqual({ value: null, reason: 'bands_not_declared' });
  });

  test('a missing value at an occasion gives null change with a reason; one occasion has no change', () => {
    const t = buildTrajectory({ administrations: [adm('T0', '2024-01-01', 'team', null, 1), adm('T1', '2024-06-01', 'team', 50, 1, '2.0.0')], scores: [withReference] });
    expect(t.scores[0]!.changes[0]).toMatchObject({ rawChange: null, reliableChange: { value: null, reason: 'missing_value' }, versionsDiffer: true });
    const single = buildTrajectory({ administrations: [adm('T0', '2024-01-01', 'team', 30, 1)], scores: [withReference] });
    expect(single.scores[0]).toMatchObject({ changes: [], overall: null });
  });

  test('does not mutate its input', () => {
    const copy = structuredClone(administrations);
    buildTrajectory({ administrations, scores: [withReference] });
    expect(administrations).toEqual(copy);
  });
});
