import type { Codebook } from '../compiler/index.ts';
import { CONSENSUS_INFORMANT } from '../stats/index.ts';
import type { ResearchProject } from '../storage/repository.ts';
import type { ExportFormat, ExportLayout } from './export-columns.ts';
import type { GeneralizationPlan, GeneralizationStep } from './k-anonymity.ts';
import { OCCASION_VALUE_RULE } from './occasion-value.ts';
import type { RowValueSource } from './occasion-value.ts';
import type { Hierarchies, QuasiIdentifier } from './quasi-identifiers.ts';
import { QUASI_IDENTIFIERS } from './quasi-identifiers.ts';

/**
 * What an export says about itself: its legal status, what it holds, and what was generalized
 * and suppressed. The first NDJSON line; `part=metadata` over HTTP; a `.metadata.json` file beside
 * the export at the command line. Never lists the values of a suppressed combination.
 */
export interface ExportMetadata {
  kind: 'record_level_extract';
  legalStatus: string;
  project: { name: string; protocol: string };
  format: ExportFormat;
  layout: ExportLayout;
  filter: { grid: string | null; zone: string | null };
  cases: number;
  administrations: number;
  grids: { grid: string; version: string }[];
  pseudonyms: string;
  conventions: {
    /** What one row is in this layout. */
    row: string;
    age: string;
    ageBand: string;
    days: string;
    withheld: string;
    /** Wide layout only: how the case's value at an occasion is chosen from its informants' ratings. */
    caseValue?: { rule: typeof OCCASION_VALUE_RULE; consensusInformant: string; valueSources: Record<RowValueSource, string> };
  };
  anonymization: {
    k: number;
    procedure: string;
    quasiIdentifiers: Record<QuasiIdentifier, { level: string; levels: readonly string[] }>;
    generalized: GeneralizationStep[];
    suppression: { cases: number; budget: number; maxShare: number };
    releasedGroups: number;
    smallestReleasedGroup: number | null;
  };
}

const ROWS: Record<ExportLayout, string> = {
  long: 'One row per submitted administration (its current revision) and score.',
  wide:
    "One row per case and occasion: the case's value of each score at the occasion, combined from its informants' administrations " +
    '(see caseValue); versions lists the grid versions used at the occasion, informants how many rated.',
};

const CASE_VALUE: NonNullable<ExportMetadata['conventions']['caseValue']> = {
  rule: OCCASION_VALUE_RULE,
  consensusInformant: CONSENSUS_INFORMANT,
  valueSources: {
    team: "the team's consensus rating, whenever it has a value for the score",
    single: 'the value of the only informant with one',
    mean_of_n: "the mean of the values of the informants that have one; its band recomputed from the bands of the newest grid version of the occasion",
    mixed: "the row's scores were chosen by different rules (a rating left some score uncomputed)",
  },
};

/** The metadata of an export, from its request and its generalization plan (pass 1). */
export function buildExportMetadata(input: {
  project: ResearchProject;
  request: { format: ExportFormat; layout: ExportLayout; grid?: string; zone?: string; k: number };
  plan: GeneralizationPlan;
  hierarchies: Hierarchies;
  administrations: number;
  grids: readonly Codebook[];
}): ExportMetadata {
  const { project, request, plan, hierarchies } = input;
  const quasiIdentifiers = Object.fromEntries(
    QUASI_IDENTIFIERS.map((q) => [q, { level: hierarchies[q].levels[plan.levels[q]]!, levels: hierarchies[q].levels }]),
  ) as Record<QuasiIdentifier, { level: string; levels: readonly string[] }>;
  return {
    kind: 'record_level_extract',
    legalStatus:
      'Pseudonymised personal data (GDPR art. 4(5)), not anonymous data: it stays personal data for its recipients, ' +
      'to be processed only for the approved protocol of the research project, under its safeguards; do not try to re-identify anyone, ' +
      'and keep it apart from any other data about the same families.',
    project: { name: project.name, protocol: project.protocol },
    format: request.format,
    layout: request.layout,
    filter: { grid: request.grid ?? null, zone: request.zone ?? null },
    cases: plan.cases,
    administrations: input.administrations,
    grids: input.grids.map((c) => ({ grid: c.grid, version: c.version })),
    pseudonyms:
      "Each case is a pseudonym: HMAC-SHA-256 of the case's internal id keyed per research project. Stable across this project's exports, " +
      "unlinkable to another project's. No case reference, name, note or free text is exported.",
    conventions: {
      row: ROWS[request.layout],
      ...(request.layout === 'wide' ? { caseValue: CASE_VALUE } : {}),
      age: "Whole years at the occasion's date from the birth year and month; the birthday is taken as the first day of the birth month (the day is not recorded).",
      ageBand: "age_band is the band of the case's age at its first occasion (its quasi-identifier), at the level stated under anonymization.",
      days: "days_since_first: days from the case's first occasion (over all its occasions) to the occasion; no calendar date is exported.",
      withheld: 'age is left empty unless the age quasi-identifier stays at whole years; zone, sex, age_band and age are left empty for suppressed cases.',
    },
    anonymization: {
      k: plan.k,
      procedure:
        "Greedy generalization (Datafly): while more cases than the suppression budget sit in quasi-identifier combinations of fewer than k cases, " +
        'generalize one level the quasi-identifier with the most distinct values (ties: zone, age, sex); then suppress the quasi-identifiers ' +
        'of the cases still in combinations of fewer than k (their zone_level says suppressed). Hierarchies: age whole years -> 0-2/3-5/6-10/11-13/14-17 -> 0-5/6-10/11-17 -> 0-17 -> any; ' +
        'zone -> AUSL -> region -> any; sex -> any (any: left empty for every case).',
      quasiIdentifiers,
      generalized: plan.steps,
      suppression: { cases: plan.suppressedCases, budget: plan.suppressionBudget, maxShare: plan.maxSuppressedShare },
      releasedGroups: plan.releasedGroups,
      smallestReleasedGroup: plan.smallestReleasedGroup,
    },
  };
}
