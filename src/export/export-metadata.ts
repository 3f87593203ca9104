import type { Codebook } from '../compiler/index.ts';
import type { ResearchProject } from '../storage/repository.ts';
import type { ExportFormat, ExportLayout } from './export-columns.ts';
import type { GeneralizationPlan, GeneralizationStep } from './k-anonymity.ts';
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
  conventions: { age: string; ageBand: string; days: string; withheld: string };
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
