import { describe, expect, it } from 'vitest';
import { validateGrid, itemsOf } from '../../src/grid/index.ts';
import { compileGrid } from '../../src/compiler/index.ts';
import type { Responses } from '../../src/compiler/index.ts';
import { loadBenchGrid } from '../../bench/scoring/grid.ts';
import { scoreHandWritten } from '../../bench/scoring/hand-written.ts';
import { createSurveyJsScorer } from '../../bench/scoring/surveyjs.ts';
import { fhirPathOverResponses } from '../../bench/scoring/fhirpath.ts';
import { mulberry32 } from '../../bench/benchmark.ts';
import { generateResponseLines, makeDataSet } from '../../bench/scoring/data.ts';
import { assertAgreement, ScorerDisagreement } from '../../bench/scoring/check.ts';

const grid = loadBenchGrid();
const ids = itemsOf(grid).map(({ item }) => item);

/** Every item at 4, reversed items at 3 (which also count as 4). */
function allFours(): Record<string, number | string> {
  return Object.fromEntries(ids.map((item) => [item.id, item.reverse === true ? 3 : 4]));
}

describe('the benchmark grid', () => {
  it('is a valid grid with 40 single-facet items in 5 sections, 8 reversed, and 6 scores', () => {
    const check = validateGrid(grid);
    expect(check.ok ? [] : check.issues).toEqual([]);
    expect(grid.sections).toHaveLength(5);
    expect(ids).toHaveLength(40);
    expect(ids.filter((item) => item.reverse === true)).toHaveLength(8);
    expect(ids.every((item) => item.facets === undefined)).toBe(true);
    expect(grid.scores.map((s) => s.method)).toEqual(['mean', 'mean', 'mean', 'mean', 'mean', 'sum']);
  });

  it('compiles, worked examples included', () => {
    expect(() => compileGrid(grid)).not.toThrow();
  });
});

describe('the hand-written scorer follows docs/scoring.md', () => {
  it('counts a reversed item as 7 - v', () => {
    const out = scoreHandWritten({ ...allFours(), trascuratezza: 6, assenze_sanitarie: 6 });
    // cura: six 4s and two reversed 6s (counted as 1): 26 / 8 = 3.25.
    expect(out.scores.media_cura).toBe(3.25);
    expect(out.bands.media_cura).toBe('concern');
  });

  it('rounds a mean half away from zero to 2 decimals', () => {
    const out = scoreHandWritten({ ...allFours(), alimentazione: 1, igiene: 2, sonno: 3, salute: 4, abbigliamento: 5, routine: 6, trascuratezza: 6, assenze_sanitarie: 4 });
    expect(out.scores.media_cura).toBe(3.13);
  });

  it('gives null with the reason when fewer than ceil(0.75 x 8) items have a value, whether absent or coded', () => {
    const r = allFours();
    delete r.alimentazione;
    r.igiene = 'NA';
    r.sonno = 'NK';
    const out = scoreHandWritten(r);
    expect(out.scores.media_cura).toBeNull();
    expect(out.bands.media_cura).toBeNull();
    expect(out.reasons.media_cura).toEqual({ reason: 'insufficient_data', answered: 5, required: 6 });
    expect(out.reasons.media_sicurezza).toBeUndefined();
  });

  it('prorates the total when at least 30 of 40 items have a value, and nulls it below', () => {
    const r = allFours();
    for (const id of ['vigilanza', 'calore', 'motivazione']) r[id] = 'NA';
    r.abitazione = 6;
    // 37 answered: 36 fours and one 6 = 150, prorated to 150 x 40 / 37.
    expect(scoreHandWritten(r as Responses).scores.totale).toBe((150 * 40) / 37);

    const sparse: Record<string, number> = {};
    for (const item of ids.slice(0, 29)) sparse[item.id] = item.reverse === true ? 3 : 4;
    const out = scoreHandWritten(sparse);
    expect(out.scores.totale).toBeNull();
    expect(out.reasons.totale).toEqual({ reason: 'insufficient_data', answered: 29, required: 30 });
  });

  it('puts a band maximum in the highest band', () => {
    const r = Object.fromEntries(ids.map((item) => [item.id, item.reverse === true ? 1 : 6]));
    const out = scoreHandWritten(r);
    expect(out.scores.totale).toBe(240);
    expect(out.bands.totale).toBe('strength');
    expect(out.scores.media_ambiente).toBe(6);
  });
});

describe('the response sets', () => {
  it('are the same for the same seed', () => {
    const a = generateResponseLines(grid, { count: 50, seed: 3, leftOut: 0.15 });
    const b = generateResponseLines(grid, { count: 50, seed: 3, leftOut: 0.15 });
    expect(a).toEqual(b);
    expect(mulberry32(1)()).toBe(mulberry32(1)());
  });

  it('answer every item in the complete set', () => {
    const set = makeDataSet(grid, 'complete', { count: 200, seed: 1, leftOut: 0 });
    expect(set.responses.every((r) => ids.every((item) => typeof r[item.id] === 'number'))).toBe(true);
  });

  it('leave out about 15% of items, half as absent keys and half as NA/NK', () => {
    const set = makeDataSet(grid, 'missing', { count: 2000, seed: 2, leftOut: 0.15 });
    let absent = 0;
    let coded = 0;
    for (const r of set.responses) {
      for (const item of ids) {
        if (!(item.id in r)) absent++;
        else if (r[item.id] === 'NA' || r[item.id] === 'NK') coded++;
      }
    }
    expect(absent).toBe(set.stats.absent);
    expect(coded).toBe(set.stats.missingCodes);
    const total = set.responses.length * ids.length;
    expect((absent + coded) / total).toBeGreaterThan(0.14);
    expect((absent + coded) / total).toBeLessThan(0.16);
    expect(absent / (absent + coded)).toBeGreaterThan(0.45);
    expect(absent / (absent + coded)).toBeLessThan(0.55);
  });
});

describe('every scorer agrees with the hand-written one', () => {
  const sets = [
    makeDataSet(grid, 'complete', { count: 300, seed: 11, leftOut: 0 }),
    makeDataSet(grid, 'missing', { count: 300, seed: 12, leftOut: 0.15 }),
  ];

  it('the generated scorer', () => {
    const generated = compileGrid(grid).score;
    for (const set of sets) expect(assertAgreement('generated', scoreHandWritten, generated, set.responses)).toBe(300);
  });

  it('the SurveyJS expressions', () => {
    const surveyJs = createSurveyJsScorer(grid);
    for (const set of sets) expect(assertAgreement('SurveyJS', scoreHandWritten, surveyJs, set.responses)).toBe(300);
  });

  it('the fhirpath.js expressions', () => {
    const fhir = fhirPathOverResponses(grid);
    for (const set of sets) expect(assertAgreement('fhirpath', scoreHandWritten, fhir, set.responses, 60)).toBe(60);
  });

  it('and the check catches a scorer that disagrees', () => {
    const wrong = (r: Responses) => {
      const out = scoreHandWritten(r);
      return { ...out, scores: { ...out.scores, totale: 0 } };
    };
    expect(() => assertAgreement('wrong', scoreHandWritten, wrong, sets[0]!.responses)).toThrow(ScorerDisagreement);
  });
});
