/**
 * Reliable and clinically significant change of one case between two occasions (Jacobson & Truax).
 */
import type { Direction } from '../grid/index.ts';
import { isComputed, notComputed, type NotComputed } from './not-computed.ts';

export type ChangeClassification = 'reliable_improvement' | 'no_reliable_change' | 'reliable_deterioration';

/** The criterion |RCI| > 1.96: the two-sided 5% point of the standard normal distribution. */
export const RCI_CRITERION = 1.96;

export interface ReliableChangeInput {
  /** Value at the earlier occasion. */
  x1: number;
  /** Value at the later occasion. */
  x2: number;
  /** Reference standard deviation of the score (the norm SD). */
  sd: number;
  /** Reliability of the score (Cronbach's alpha or test-retest r), below 1. */
  reliability: number;
  direction: Direction;
}

export interface ReliableChange {
  /** x2 - x1, in the score's units. */
  rawChange: number;
  /** SE = SD sqrt(1 - r). */
  standardError: number;
  /** S_diff = sqrt(2) SE. */
  sDiff: number;
  /** RC = (x2 - x1) / S_diff. */
  rci: number;
  classification: ChangeClassification;
  options: {
    method: 'jacobson_truax_1991';
    criterion: number;
    direction: Direction;
    sd: number;
    reliability: number;
  };
}

/**
 * The Reliable Change Index of Jacobson & Truax (1991, J Consult Clin Psychol 59:12-19, eqs. for
 * SE_E and S_diff): SE = SD sqrt(1 - r), S_diff = sqrt(2 SE^2) = sqrt(2) SE, RC = (x2 - x1) / S_diff.
 * |RC| > 1.96 is reliable change; whether it is an improvement follows the score's polarity.
 * Returns `invalid_reference` when S_diff would be zero or undefined (SD <= 0, r >= 1, r not finite).
 *
 * @example reliableChange({ x1: 32, x2: 53, sd: 7.5, reliability: 0.8, direction: 'higher_is_better' })
 * // { rawChange: 21, sDiff: 4.7434, rci: 4.427, classification: 'reliable_improvement', ... }
 */
export function reliableChange(input: ReliableChangeInput): ReliableChange | NotComputed {
  const { x1, x2, sd, reliability, direction } = input;
  if (!(sd > 0) || !Number.isFinite(sd) || !(reliability < 1) || !Number.isFinite(reliability)) {
    return notComputed('invalid_reference');
  }
  const rawChange = x2 - x1;
  const standardError = sd * Math.sqrt(1 - reliability);
  const sDiff = Math.SQRT2 * standardError;
  const rci = rawChange / sDiff;
  return {
    rawChange,
    standardError,
    sDiff,
    rci,
    classification: classifyChange(rci, direction),
    options: { method: 'jacobson_truax_1991', criterion: RCI_CRITERION, direction, sd, reliability },
  };
}

/** Classify an RCI: beyond the criterion in the direction of functioning is an improvement. */
export function classifyChange(rci: number, direction: Direction): ChangeClassification {
  if (Math.abs(rci) <= RCI_CRITERION) return 'no_reliable_change';
  const better = direction === 'higher_is_better' ? rci > 0 : rci < 0;
  return better ? 'reliable_improvement' : 'reliable_deterioration';
}

export interface ClinicalCutoffsInput {
  /** Mean and SD of the dysfunctional population (1). */
  m1: number;
  sd1: number;
  /** Mean and SD of the functional population (0). */
  m0: number;
  sd0: number;
  direction: Direction;
}

export interface ClinicalCutoffs {
  /** Two SDs beyond the dysfunctional mean, towards the functional side. */
  a: number;
  /** Two SDs short of the functional mean, towards the dysfunctional side. */
  b: number;
  /** The point equally far, in SD units, from both means: (SD0 M1 + SD1 M0) / (SD0 + SD1). */
  c: number;
}

/**
 * Cut-offs a, b and c of Jacobson & Truax (1991, p. 13). For a score where higher is better,
 * a = M1 + 2 SD1 and b = M0 - 2 SD0; where higher is worse, a = M1 - 2 SD1 and b = M0 + 2 SD0.
 * c = (SD0 M1 + SD1 M0) / (SD0 + SD1) does not depend on polarity.
 * Returns `invalid_reference` when an SD is not positive.
 *
 * @example clinicalCutoffs({ m1: 10, sd1: 2, m0: 20, sd0: 3, direction: 'higher_is_better' })
 * // { a: 14, b: 14, c: 14 }
 */
export function clinicalCutoffs(input: ClinicalCutoffsInput): ClinicalCutoffs | NotComputed {
  const { m1, sd1, m0, sd0, direction } = input;
  if (!(sd1 > 0) || !(sd0 > 0)) return notComputed('invalid_reference');
  const towardsFunctional = direction === 'higher_is_better' ? 1 : -1;
  return {
    a: m1 + towardsFunctional * 2 * sd1,
    b: m0 - towardsFunctional * 2 * sd0,
    c: (sd0 * m1 + sd1 * m0) / (sd0 + sd1),
  };
}

/**
 * Whether a value lies on the functional side of a cut-off: strictly beyond it in the direction of
 * functioning (Jacobson & Truax: closer to the functional mean than to the dysfunctional one; a
 * value exactly at the cut-off is equally close to both and so not yet functional).
 */
export function isFunctional(value: number, cutoff: number, direction: Direction): boolean {
  return direction === 'higher_is_better' ? value > cutoff : value < cutoff;
}

export interface ClinicallySignificantChangeInput extends ReliableChangeInput {
  /** The declared cut-off (e.g. c, or a published clinical threshold). */
  cutoff: number;
}

export interface ClinicallySignificantChange {
  /** Reliable improvement and a move from the dysfunctional to the functional side of the cut-off. */
  significant: boolean;
  reliableChange: ReliableChange;
  startedDysfunctional: boolean;
  endedFunctional: boolean;
  options: { method: 'jacobson_truax_1991'; cutoff: number; functionalSide: 'above_cutoff' | 'below_cutoff' };
}

/**
 * Clinically significant change (Jacobson & Truax 1991, p. 14): the change is a reliable improvement
 * and the case moved across the cut-off from the dysfunctional side (x1 not beyond it) to the
 * functional side (x2 strictly beyond it).
 */
export function clinicallySignificantChange(
  input: ClinicallySignificantChangeInput,
): ClinicallySignificantChange | NotComputed {
  const rc = reliableChange(input);
  if (!isComputed(rc)) return rc;
  const startedDysfunctional = !isFunctional(input.x1, input.cutoff, input.direction);
  const endedFunctional = isFunctional(input.x2, input.cutoff, input.direction);
  return {
    significant: rc.classification === 'reliable_improvement' && startedDysfunctional && endedFunctional,
    reliableChange: rc,
    startedDysfunctional,
    endedFunctional,
    options: {
      method: 'jacobson_truax_1991',
      cutoff: input.cutoff,
      functionalSide: input.direction === 'higher_is_better' ? 'above_cutoff' : 'below_cutoff',
    },
  };
}
