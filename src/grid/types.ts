/**
 * The grid definition language, as TypeScript types.
 *
 * A grid version is a JSON document (`instruments/<grid-id>/<version>.json`). These types are the
 * shape the meta-schema (`schema/grid.schema.json`) accepts; everything downstream (compiler,
 * storage, statistics) reads a grid through them. See docs/grid-language.md for the prose version.
 */

/** Text in several languages; `it` is required, `en` optional, other BCP 47 tags allowed. */
export type I18nText = { it: string; en?: string } & Record<string, string>;

/** One ordinal response option of a scale. */
export interface ScaleOption {
  value: number;
  label: I18nText;
  /** Optional longer anchor text shown to raters. */
  description?: I18nText;
}

/** A code meaning "no value": not applicable, not known, not assessed. Never counts as a value. */
export interface MissingCode {
  /** Short code stored in responses, e.g. `NA`, `NK`, `NV`. */
  code: string;
  label: I18nText;
}

export interface Scale {
  label?: I18nText;
  /** Ordered from the lowest value to the highest. */
  options: ScaleOption[];
  missing?: MissingCode[];
}

/** A rated aspect of an item (e.g. `current` and `potential`). */
export interface Facet {
  id: string;
  label: I18nText;
  /** Scale id; defaults to the item's scale. */
  scale?: string;
}

/** Show (and score) an item only when another item's facet has one of the given values. */
export interface Condition {
  item: string;
  /** Required when the referenced item has several facets. */
  facet?: string;
  in: number[];
}

export interface Item {
  id: string;
  label: I18nText;
  /** Guidance for raters: what to look at, anchors. */
  guidance?: I18nText;
  /** Scale id of the item's facets (required unless every facet names its own). */
  scale?: string;
  /** Facets; when absent the item has a single facet, called `value` in codebooks. */
  facets?: Facet[];
  /** Reverse-scored: a value v counts as (scale min + scale max - v). */
  reverse?: boolean;
  /** Weight in `weighted_mean` scores (default 1). */
  weight?: number;
  /** Must be answered (with a value or a missing code) in a submitted administration. */
  required?: boolean;
  when?: Condition;
}

export interface Section {
  id: string;
  label: I18nText;
  description?: I18nText;
  /** Restricts who may rate this section; defaults to the grid's informants. */
  informants?: string[];
  items?: Item[];
  sections?: Section[];
}

export type ScoreMethod = 'sum' | 'mean' | 'weighted_mean' | 'count' | 'min' | 'max';

/**
 * An input of a score: an item facet, every item (facet) of a section (recursively), or another
 * score. `weight` overrides the item's weight (or weighs a score) in `weighted_mean`.
 */
export type ScoreInput =
  | { item: string; facet?: string; weight?: number }
  | { section: string; facet?: string }
  | { score: string; weight?: number };

/** Minimum answered inputs for a score to have a value; otherwise the score is null. */
export type MinAnswered = { count: number } | { proportion: number };

export type Direction = 'higher_is_better' | 'higher_is_worse';

/** A labelled range `[min, max)` of a score; the band reaching the score's maximum includes it. */
export interface Band {
  id: string;
  label: I18nText;
  min: number;
  max: number;
}

export interface Sourced {
  /** Bibliographic source, or a statement that the value is illustrative. */
  source: string;
}

export interface Reference {
  reliability?: Sourced & { kind: 'alpha' | 'test_retest'; value: number };
  /** Reference distribution of the score (SD required, mean optional). */
  norm?: Sourced & { sd: number; mean?: number };
  /** Clinical cut-off between the dysfunctional and the functional population. */
  cutoff?: Sourced & { value: number };
}

export interface Score {
  id: string;
  label: I18nText;
  description?: I18nText;
  method: ScoreMethod;
  inputs: ScoreInput[];
  /** For `count`: the values counted; without it, `count` counts answered inputs. */
  values?: number[];
  minAnswered?: MinAnswered;
  /** For `sum`: when fewer than all inputs are answered, scale the sum up to all inputs. */
  prorate?: boolean;
  /** Round the value to this many decimals, half away from zero. */
  round?: number;
  direction: Direction;
  bands?: Band[];
  reference?: Reference;
}

/** Where an occasion falls: `months` after the `after` occasion, give or take `toleranceDays`. */
export interface OccasionSpec {
  id: string;
  label?: I18nText;
  after?: string;
  months?: number;
  toleranceDays?: number;
}

/** The crosswalk from the previous version of the same grid. */
export interface PreviousLink {
  version: string;
  renamed?: { from: string; to: string }[];
  /** Old value -> new value of an item facet. */
  recoded?: { item: string; facet?: string; map: Record<string, number> }[];
  added?: string[];
  removed?: string[];
  /** Scores whose values may be compared directly across the two versions. */
  comparableScores?: string[];
}

/** Item responses: a value or missing code per single-facet item, an object per multi-facet item. */
export type ResponseValue = number | string;
export type Responses = Record<string, ResponseValue | Record<string, ResponseValue>>;

/** A response set with the scores and bands it must produce; the compiler checks them. */
export interface WorkedExample {
  name: string;
  responses: Responses;
  expect: {
    scores: Record<string, number | null>;
    bands?: Record<string, string | null>;
  };
}

export interface Grid {
  $schema?: string;
  id: string;
  version: string;
  title: I18nText;
  description?: I18nText;
  /** Languages the grid is written in; `it` always, others must be complete. */
  languages?: string[];
  informants: string[];
  scales: Record<string, Scale>;
  sections: Section[];
  scores: Score[];
  occasions?: OccasionSpec[];
  previous?: PreviousLink;
  examples?: WorkedExample[];
}
