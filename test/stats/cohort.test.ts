import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { cohortEffectiveness, effectiveThreshold, type CohortPair, type ScoreMeta } from '../../src/stats/index.ts';

const score: ScoreMeta = {
  id: 'cura',
  label: { it: 'Cura' },
  direction: 'higher_is_better',
  bands: [
    { id: 'low', label: { it: 'Basso' }, min: 0, max: 8.5 },
    { id: 'high', label: { it: 'Alto' }, min: 8.5, max: 11 },
  ],
  reference: { reliability: { kind: 'alpha', value: 0.8, source: 'illustrative' }, norm: { sd: 1, source: 'illustrative' } },
};
const band = (v: number): string => (v < 8.5 ? 'low' : 'high');
const pair = (a: number, b: number): CohortPair => ({ from: { value: a, band: band(a) }, to: { value: b, band: band(b) } });

// Lakens (2013): x1 = m2, x2 = m1 so that the change is positive.
const m1 = [9, 7, 8, 9, 8, 9, 9, 10, 9, 9];
const m2 = [9, 6, 7, 8, 7, 9, 8, 8, 8, 7];
const lakens = m1.map((v, i) => pair(m2[i]!, v));

describe('cohortEffectiveness (no disclosure control)', () => {
  const r = cohortEffectiveness({ pairs: lakens, score, role: 'methodologist' });

  test('n, means, SDs, effect sizes with their options', () => {
    expect(r.n).toEqual({ value: 10, suppressed: false });
    expect(r.occasions.from.mean.value).toBeCloseTo(7.7, 10);
    expect(r.occasions.to.mean.value).toBeCloseTo(8.7, 10);
    expect(r.change.mean.value).toBeCloseTo(1, 10);
    expect(r.dz).toMatchObject({ value: expect.closeTo(1.5, 2), options: { ciMethod: 'noncentral_t_inversion' } });
    expect(r.gav).toMatchObject({ value: expect.closeTo(1.08, 2), options: { hedgesCorrection: 'lakens_2013_1_minus_3_over_4(n1+n2)-9' } });
    expect(r.tTest).toMatchObject({ t: expect.closeTo(4.74, 2), df: 9, p: expect.closeTo(0.001, 3) });
    expect(r.disclosure).toMatchObject({ applied: false, threshold: 10, suppressed: [] });
  });

  test('Wilcoxon on to - from: zeros dropped, ties, so the normal approximation', () => {
    // differences 0,1,1,1,1,0,1,2,1,2: two zeros dropped, n = 8, ties
    expect(r.wilcoxon).toMatchObject({ statistic: 36, n: { value: 8 }, zerosDropped: { value: 2 }, method: 'normal_approximation' });
  });

  test('reliable change shares and the transition table with McNemar', () => {
    // S_diff = sqrt(2) * 1 * sqrt(0.2) = 0.6325: a change of 1 (RCI 1.58) is not reliable, 2 (3.16) is
    expect(r.reliableChange).toMatchObject({
      counts: { reliable_improvement: { value: 2 }, no_reliable_change: { value: 8 }, reliable_deterioration: { value: 0 } },
      shares: { reliable_improvement: { value: 0.2 }, no_reliable_change: { value: 0.8 } },
    });
    // from (m2): 8 low (< 8.5), 2 high; to (m1): 3 low, 7 high; low->low 3, low->high 5, high->high 2
    expect(r.transitions).toMatchObject({
      bands: ['low', 'high'],
      cells: [[{ value: 3 }, { value: 5 }], [{ value: 0 }, { value: 2 }]],
      rowTotals: [{ value: 8 }, { value: 2 }],
      columnTotals: [{ value: 3 }, { value: 7 }],
      // (|5 - 0| - 1)^2 / 5 = 3.2
      test: { test: 'mcnemar', statistic: 3.2, df: 1, options: { continuityCorrection: true } },
    });
  });
});

describe('cohortEffectiveness disclosure control', () => {
  test('threshold defaults to 10 and is never below 3', () => {
    expect(effectiveThreshold(undefined)).toBe(10);
    expect(effectiveThreshold(1)).toBe(3);
    expect(effectiveThreshold(5)).toBe(5);
    expect(cohortEffectiveness({ pairs: lakens, score, role: 'researcher', threshold: 0 }).disclosure.threshold).toBe(3);
  });

  test('a cohort smaller than the threshold shows the researcher nothing, n included', () => {
    const r = cohortEffectiveness({ pairs: lakens.slice(0, 5), score, role: 'researcher' });
    expect(r.n).toMatchObject({ value: null, suppressed: true });
    for (const s of [r.occasions.from.mean, r.occasions.from.sd, r.occasions.to.mean, r.change.mean, r.change.sd]) {
      expect(s).toMatchObject({ value: null, suppressed: true });
    }
    for (const s of [r.dz, r.gav, r.tTest, r.wilcoxon, r.reliableChange, r.transitions]) {
      expect(s).toMatchObject({ value: null, suppressed: true, reason: 'below_disclosure_threshold' });
    }
    expect(r.disclosure.suppressed).toContain('/n');
    // the same cohort is visible to a coordinator
    expect(cohortEffectiveness({ pairs: lakens.slice(0, 5), score, role: 'coordinator' }).n.value).toBe(5);
  });

  test('small cells are suppressed and cannot be recovered from totals (Lakens cohort, threshold 4)', () => {
    const r = cohortEffectiveness({ pairs: lakens, score, role: 'researcher', threshold: 4 });
    const t = r.transitions as { cells: { value: number | null }[][]; rowTotals: { value: number | null }[]; columnTotals: { value: number | null }[]; test: unknown };
    // low->low 3 and high->high 2 are below 4: suppressed; the zero beside them is withheld too (a
    // shown zero would tell that the withheld ones are at least 1), then what would pin them; one
    // label for every withheld count, small or protecting
    expect(t.cells[1]![0]).toMatchObject({ value: null, suppressed: true, reason: 'below_disclosure_threshold' });
    expect(t.cells[0]![1]).toMatchObject({ value: null, reason: 'below_disclosure_threshold' });
    expect(t.cells[0]![0]).toMatchObject({ value: null, suppressed: true, reason: 'below_disclosure_threshold' });
    const rowHidden = [t.rowTotals[0]!, ...t.cells[0]!].filter((c) => c.value === null).length;
    const colHidden = [t.columnTotals[0]!, t.cells[0]![0]!, t.cells[1]![0]!].filter((c) => c.value === null).length;
    expect(rowHidden).toBeGreaterThanOrEqual(2);
    expect(colHidden).toBeGreaterThanOrEqual(2);
    expect(t.test).toMatchObject({ value: null, suppressed: true });
    // RCI: 2 improved (suppressed), 8 no change, 0 deteriorated: 10 - 8 - 0 would give 2 back
    const rc = r.reliableChange as { counts: Record<string, { value: number | null }>; shares: Record<string, { value: number | null }> };
    expect(rc.counts.reliable_improvement!.value).toBeNull();
    expect(Object.values(rc.counts).filter((c) => c.value === null).length).toBeGreaterThanOrEqual(2);
    expect(rc.shares.reliable_improvement!.value).toBeNull();
    // Wilcoxon zeros dropped (2) suppressed, and the ranked n (8 = 10 - 2) with it
    expect(r.wilcoxon).toMatchObject({ zerosDropped: { value: null, suppressed: true }, n: { value: null, suppressed: true } });
    // figures resting on all ten cases stay visible
    expect(r.n.value).toBe(10);
    expect(r.dz).toMatchObject({ value: expect.closeTo(1.5, 2) });
  });

  test('property: a researcher never sees a count from 1 to threshold - 1, and no line gives one back', () => {
    const bandsOf = (k: number): ScoreMeta => ({
      id: 's',
      label: { it: 'S' },
      direction: 'higher_is_worse',
      bands: Array.from({ length: k }, (_, i) => ({ id: `b${i}`, label: { it: `b${i}` }, min: i, max: i + 1 })),
      reference: { reliability: { kind: 'test_retest', value: 0.7, source: 'x' }, norm: { sd: 0.5, source: 'x' } },
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 4 }),
        fc.integer({ min: 3, max: 12 }),
        fc.array(fc.tuple(fc.nat(99), fc.nat(99)), { minLength: 1, maxLength: 60 }),
        (k, threshold, raw) => {
          const meta = bandsOf(k);
          const pairs = raw.map(([a, b]) => {
            const x = (a % k) + 0.5;
            const y = (b % k) + 0.5;
            return { from: { value: x, band: `b${Math.floor(x)}` }, to: { value: y, band: `b${Math.floor(y)}` } };
          });
          const r = cohortEffectiveness({ pairs, score: meta, role: 'researcher', threshold });
          const visible = (c: { value: number | null }): boolean => c.value !== null;
          if (pairs.length < threshold) {
            expect(r.n.value).toBeNull();
            expect(r.transitions).toMatchObject({ suppressed: true });
            return;
          }
          const t = r.transitions as { cells: { value: number | null }[][]; rowTotals: { value: number | null }[]; columnTotals: { value: number | null }[] };
          const all = [...t.cells.flat(), ...t.rowTotals, ...t.columnTotals];
          for (const c of all) if (visible(c)) expect(c.value === 0 || c.value! >= threshold).toBe(true);
          const lines = [
            ...t.cells.map((row, i) => [t.rowTotals[i]!, ...row]),
            ...t.columnTotals.map((total, j) => [total, ...t.cells.map((row) => row[j]!)]),
            t.rowTotals,
            t.columnTotals,
          ];
          for (const line of lines) expect(line.filter((c) => !visible(c)).length).not.toBe(1);
          const rc = r.reliableChange as { counts: Record<string, { value: number | null }> };
          const counts = Object.values(rc.counts);
          for (const c of counts) if (visible(c)) expect(c.value === 0 || c.value! >= threshold).toBe(true);
          expect(counts.filter((c) => !visible(c)).length).not.toBe(1);
        },
      ),
      { numRuns: 60 },
    );
  });
});
