/** The semantic rules of the grid language, in the order their issues are reported. */
import type { GridRule } from './rule.ts';
import { duplicateId } from './duplicate-id.ts';
import { reservedId } from './reserved-id.ts';
import { duplicateScaleValue } from './duplicate-scale-value.ts';
import { scaleNotOrdered } from './scale-not-ordered.ts';
import { unresolvedReference } from './unresolved-reference.ts';
import { cyclicScore } from './cyclic-score.ts';
import { cyclicCondition } from './cyclic-condition.ts';
import { invalidCondition } from './invalid-condition.ts';
import { invalidScoreRule } from './invalid-score-rule.ts';
import { bandEmpty } from './band-empty.ts';
import { bandOverlap } from './band-overlap.ts';
import { bandGap } from './band-gap.ts';
import { missingTranslation } from './missing-translation.ts';
import { crosswalkUnknownItem } from './crosswalk-unknown-item.ts';
import { invalidExample } from './invalid-example.ts';
import { invalidOccasion } from './invalid-occasion.ts';

export type { GridRule } from './rule.ts';

/** Every semantic rule; `validateGrid` runs them all on a grid that passed the meta-schema. */
export const gridRules: readonly GridRule[] = [
  duplicateId,
  reservedId,
  duplicateScaleValue,
  scaleNotOrdered,
  unresolvedReference,
  cyclicScore,
  cyclicCondition,
  invalidCondition,
  invalidScoreRule,
  bandEmpty,
  bandOverlap,
  bandGap,
  missingTranslation,
  crosswalkUnknownItem,
  invalidExample,
  invalidOccasion,
];
