import { describe, expect, test } from 'vitest';
import {
  classifyChange,
  clinicalCutoffs,
  clinicallySignificantChange,
  isComputed,
  reliableChange,
} from '../../src/stats/index.ts';

describe('reliableChange (Jacobson & Truax 1991)', () => {
  test('published example: x1 = 32, x2 = 53, SD = 7.5, r = .80 gives S_diff = 4.7434, RC = 4.427', () => {
    const rc = reliableChange({ x1: 32, x2: 53, sd: 7.5, reliability: 0.8, direction: 'higher_is_better' });
    if (!isComputed(rc)) throw new Error(rc.reason);
    expect(rc.rawChange).toBe(21);
    expect(rc.standardError).toBeCloseTo(3.3541, 4);
    expect(rc.sDiff).toBeCloseTo(4.7434, 4);
    expect(rc.rci).toBeCloseTo(4.427, 3);
    expect(rc.classification).toBe('reliable_improvement');
    expect(rc.options).toMatchObject({ method: 'jacobson_truax_1991', criterion: 1.96, reliability: 0.8, sd: 7.5 });
  });

  test('the same rise is a deterioration when higher is worse', () => {
    const rc = reliableChange({ x1: 32, x2: 53, sd: 7.5, reliability: 0.8, direction: 'higher_is_worse' });
    expect(rc).toMatchObject({ classification: 'reliable_deterioration' });
  });

  test('|RCI| of exactly 1.96 is not reliable; just above is', () => {
    expect(classifyChange(1.96, 'higher_is_better')).toBe('no_reliable_change');
    expect(classifyChange(-1.96, 'higher_is_better')).toBe('no_reliable_change');
    expect(classifyChange(1.9601, 'higher_is_better')).toBe('reliable_improvement');
    expect(classifyChange(-1.9601, 'higher_is_worse')).toBe('reliable_improvement');
    expect(classifyChange(-2.5, 'higher_is_better')).toBe('reliable_deterioration');
  });

  test('no change is no reliable change', () => {
    expect(reliableChange({ x1: 5, x2: 5, sd: 2, reliability: 0.7, direction: 'higher_is_better' })).toMatchObject({
      rawChange: 0,
      rci: 0,
      classification: 'no_reliable_change',
    });
  });

  test('reliability 1 or SD 0 (S_diff = 0) gives null with a reason, not Infinity', () => {
    for (const ref of [{ sd: 7.5, reliability: 1 }, { sd: 0, reliability: 0.8 }, { sd: -1, reliability: 0.8 }]) {
      const rc = reliableChange({ x1: 1, x2: 3, direction: 'higher_is_better', ...ref });
      expect(rc).toEqual({ value: null, reason: 'invalid_reference' });
    }
  });
});

describe('clinicalCutoffs', () => {
  test('a, b, c follow the polarity; c is the SD-weighted midpoint', () => {
    // M1 = 10 (SD 2) dysfunctional, M0 = 20 (SD 3) functional: c = (3*10 + 2*20) / 5 = 14
    expect(clinicalCutoffs({ m1: 10, sd1: 2, m0: 20, sd0: 3, direction: 'higher_is_better' })).toEqual({ a: 14, b: 14, c: 14 });
    // higher is worse: M1 = 30 (SD 5), M0 = 12 (SD 4): a = 30 - 10 = 20, b = 12 + 8 = 20, c = (4*30 + 5*12) / 9 = 20
    expect(clinicalCutoffs({ m1: 30, sd1: 5, m0: 12, sd0: 4, direction: 'higher_is_worse' })).toEqual({ a: 20, b: 20, c: 20 });
    expect(clinicalCutoffs({ m1: 30, sd1: 0, m0: 12, sd0: 4, direction: 'higher_is_worse' })).toEqual({
      value: null,
      reason: 'invalid_reference',
    });
  });
});

describe('clinicallySignificantChange', () => {
  const ref = { sd: 7.5, reliability: 0.8 };
  test('reliable improvement that crosses the cut-off into the functional side', () => {
    const csc = clinicallySignificantChange({ x1: 32, x2: 53, cutoff: 45, direction: 'higher_is_better', ...ref });
    expect(csc).toMatchObject({ significant: true, startedDysfunctional: true, endedFunctional: true });
  });

  test('reliable improvement that stays on the dysfunctional side is not clinically significant', () => {
    const csc = clinicallySignificantChange({ x1: 32, x2: 53, cutoff: 60, direction: 'higher_is_better', ...ref });
    expect(csc).toMatchObject({ significant: false, endedFunctional: false });
  });

  test('crossing without reliable change, or ending exactly on the cut-off, is not enough', () => {
    expect(clinicallySignificantChange({ x1: 44, x2: 46, cutoff: 45, direction: 'higher_is_better', ...ref })).toMatchObject({
      significant: false,
      endedFunctional: true,
    });
    expect(clinicallySignificantChange({ x1: 32, x2: 45, cutoff: 45, direction: 'higher_is_better', ...ref })).toMatchObject({
      significant: false,
      endedFunctional: false,
    });
  });

  test('higher is worse: falling below the cut-off is the functional side', () => {
    const csc = clinicallySignificantChange({ x1: 53, x2: 32, cutoff: 40, direction: 'higher_is_worse', ...ref });
    expect(csc).toMatchObject({ significant: true, options: { functionalSide: 'below_cutoff' } });
  });
});
