import type { Grid, Responses } from '../grid/index.ts';
import type { Issue } from '../errors.ts';

/** Why a score has no value. */
export interface NullReason {
  reason: 'insufficient_data';
  /** Inputs that had a value (active, answered, not a missing code). */
  answered: number;
  /** Inputs the missing-data rule asked for. */
  required: number;
}

/** What a scorer returns for one response set: every score, its band, and why a score is null. */
export interface ScoringOutput {
  scores: Record<string, number | null>;
  bands: Record<string, string | null>;
  /** One entry per null score. */
  reasons: Record<string, NullReason>;
}

export type Scorer = (responses: Responses) => ScoringOutput;

/** Result of checking a response set against the compiled response schema. */
export type ResponsesCheck = { ok: true } | { ok: false; issues: Issue[] };

export interface CompiledGrid {
  grid: Grid;
  /** SHA-256 (hex) of the canonical JSON of the grid version. */
  sha256: string;
  /** SHA-256 (hex) of each score's rule, stored beside every computed score. */
  ruleHashes: Record<string, string>;
  /** JSON Schema 2020-12 of an administration's `responses` (submitted: required items enforced). */
  responseSchema: object;
  /** The same schema with no item required, for drafts. */
  draftResponseSchema: object;
  /** Validate responses with ajv against the compiled schema. */
  checkResponses(responses: unknown, status: 'draft' | 'submitted'): ResponsesCheck;
  /**
   * Copy responses into one fixed-shape object (every item key, `undefined` where unanswered) so
   * that validation and scoring read a single hidden class; sparse responses straight from
   * `JSON.parse` otherwise cost 30-50x more to read. Responses with an unknown key come back
   * unchanged, for validation to report. Same scores, same validation result.
   */
  shape(responses: Responses): Responses;
  /** The generated scoring function. */
  score: Scorer;
  /** Source of the generated scorer as an ES module (`export function score(responses)`). */
  scorerSource: string;
  /** Form model in one language (falls back to `it` for missing translations). */
  form(lang: string): FormModel;
  codebook: Codebook;
  codebookCsv: string;
  /** TypeScript declarations of responses and scores (json-schema-to-typescript). */
  types(): Promise<string>;
}

export interface FormOption {
  value: number;
  label: string;
  description?: string;
}

export interface FormFacet {
  id: string;
  label: string;
  options: FormOption[];
  missing: { code: string; label: string }[];
}

export interface FormItem {
  kind: 'item';
  id: string;
  label: string;
  guidance?: string;
  required: boolean;
  /** Facets; a single-facet item has one facet with id `value`. */
  facets: FormFacet[];
  when?: { item: string; facet?: string; in: number[] };
}

export interface FormSection {
  kind: 'section';
  id: string;
  label: string;
  description?: string;
  informants: string[];
  children: (FormSection | FormItem)[];
}

export interface FormModel {
  grid: string;
  version: string;
  lang: string;
  title: string;
  description?: string;
  informants: string[];
  sections: FormSection[];
}

export interface CodebookVariable {
  /** Column name in exports: `<item>` or `<item>.<facet>` for items, `score.<id>` and `band.<id>` for scores. */
  name: string;
  kind: 'item' | 'score' | 'band';
  /** Label in every language the grid has (`it` always). */
  label: Record<string, string>;
  type: 'integer' | 'number' | 'string';
  /** Value labels (option value -> label, band id -> label). */
  values?: { value: number | string; label: Record<string, string> }[];
  missingCodes?: { code: string; label: Record<string, string> }[];
  /** For scores: the scoring rule in words. */
  rule?: string;
  section?: string;
  reverse?: boolean;
  direction?: 'higher_is_better' | 'higher_is_worse';
}

export interface Codebook {
  grid: string;
  version: string;
  title: Record<string, string>;
  variables: CodebookVariable[];
}
