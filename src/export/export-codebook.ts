import type { Codebook, CodebookVariable } from '../compiler/index.ts';
import { csvLine } from './export-columns.ts';
import type { ExportLayout } from './export-columns.ts';

/** A column of the export itself (not of a grid). */
export interface ExportVariable {
  name: string;
  type: 'integer' | 'number' | 'string';
  label: { en: string; it: string };
  description: string;
}

/**
 * The codebook of an export: its own columns, then the score and band variables of every grid
 * version it may hold (from the grid's own codebook, so the names and rules are the ones
 * `GET /api/v1/grids/{id}/versions/{version}/codebook` gives).
 */
export interface ExportCodebook {
  layout: ExportLayout;
  variables: ExportVariable[];
  grids: Codebook[];
}

const PSEUDONYM: ExportVariable = {
  name: 'pseudonym',
  type: 'string',
  label: { en: 'Case pseudonym', it: 'Pseudonimo del caso' },
  description: "HMAC-SHA-256 of the case's internal id under the research project's key (64 hex digits): the same case has the same pseudonym in every export of the project, and another one in another project's.",
};
const GRID: ExportVariable = { name: 'grid', type: 'string', label: { en: 'Grid', it: 'Griglia' }, description: 'Grid id.' };
const OCCASION: ExportVariable = { name: 'occasion', type: 'string', label: { en: 'Occasion', it: 'Occasione' }, description: 'Time point of the case: T0, T1, T2, FU6, ...' };

/** The case's quasi-identifiers and relative time, the same in both layouts. */
const CASE_TIME_VARIABLES: ExportVariable[] = [
  {
    name: 'days_since_first',
    type: 'integer',
    label: { en: 'Days since first occasion', it: 'Giorni dalla prima occasione' },
    description: "Days from the case's first occasion (over all its occasions) to this occasion's date; 0 at the first occasion.",
  },
  {
    name: 'age',
    type: 'integer',
    label: { en: 'Age (years)', it: 'Età (anni)' },
    description:
      "Whole years at this occasion's date, the birthday counted from the first day of the birth month (the day of birth is not recorded). Empty when the age was generalized to bands or the case's quasi-identifiers were suppressed.",
  },
  {
    name: 'age_band',
    type: 'string',
    label: { en: 'Age band at first occasion', it: 'Fascia di età alla prima occasione' },
    description:
      "Band of the case's age at its first occasion, at the export's level: 0-2/3-5/6-10/11-13/14-17, or 0-5/6-10/11-17, or 0-17 (18+ and unknown kept apart); empty when suppressed.",
  },
  { name: 'sex', type: 'string', label: { en: 'Sex', it: 'Sesso' }, description: 'F, M or X; empty when suppressed.' },
  {
    name: 'zone',
    type: 'string',
    label: { en: 'Zone, AUSL or region', it: 'Zona, AUSL o regione' },
    description: "The case's zone distretto, or its AUSL, or its region, as zone_level says; empty when suppressed.",
  },
  { name: 'zone_level', type: 'string', label: { en: 'Level of zone', it: 'Livello di zona' }, description: 'zone, ausl or region; any when the zone was generalized away for every case; suppressed when this case\'s quasi-identifiers were suppressed.' },
];

const LONG_CASE_VARIABLES: ExportVariable[] = [
  PSEUDONYM,
  GRID,
  { name: 'version', type: 'string', label: { en: 'Grid version', it: 'Versione della griglia' }, description: 'Semver of the grid version the administration was made with.' },
  OCCASION,
  ...CASE_TIME_VARIABLES,
  { name: 'informant', type: 'string', label: { en: 'Informant', it: 'Informatore' }, description: 'Who rated: social_worker, educator, psychologist, teacher, parent, child, team, ...' },
];

const WIDE_CASE_VARIABLES: ExportVariable[] = [
  PSEUDONYM,
  GRID,
  {
    name: 'versions',
    type: 'string',
    label: { en: 'Grid versions', it: 'Versioni della griglia' },
    description: 'Semver of the grid version(s) the administrations of this occasion were made with, oldest first, separated by ";" (one version in most rows).',
  },
  OCCASION,
  ...CASE_TIME_VARIABLES,
  {
    name: 'informants',
    type: 'integer',
    label: { en: 'Informants', it: 'Informatori' },
    description: 'How many informants rated the case at this occasion (its submitted administrations of the grid, the team included when it rated).',
  },
  {
    name: 'value_source',
    type: 'string',
    label: { en: 'Source of the values', it: 'Origine dei valori' },
    description:
      "How the case's value of each score at this occasion was chosen, as the case's trajectory chooses it: team = the team's consensus rating (when it has a value); " +
      'single = the one informant with a value; mean_of_n = the mean of the values of the informants that have one (at most `informants`), its band recomputed from the grid\'s bands; ' +
      'mixed = the scores of this row were chosen differently (a rating left some score uncomputed); empty when no score has a value.',
  },
];

const LONG_VARIABLES: ExportVariable[] = [
  { name: 'score', type: 'string', label: { en: 'Score', it: 'Punteggio' }, description: "The score's id; its variable in the grid's codebook is score.<id>." },
  { name: 'value', type: 'number', label: { en: 'Score value', it: 'Valore del punteggio' }, description: 'Empty when the score could not be computed (too few items answered).' },
  { name: 'band', type: 'string', label: { en: 'Band', it: 'Fascia' }, description: "The score's band (see band.<id> in the grid's codebook); empty when the score has no bands or no value." },
];

const WIDE_NOTE: ExportVariable = {
  name: 'score.<id>, band.<id>',
  type: 'number',
  label: { en: 'Scores and bands', it: 'Punteggi e fasce' },
  description:
    "One column per score of the grid and one per banded score, named and described as in the grid's codebook: the case's value at the occasion (see value_source) and its band; " +
    'empty where no informant has a value for the score (a version without it, or too few items answered).',
};

/** The export's codebook for `layout` over the given grid codebooks (only their score and band variables). */
export function buildExportCodebook(layout: ExportLayout, grids: readonly Codebook[]): ExportCodebook {
  return {
    layout,
    variables: layout === 'long' ? [...LONG_CASE_VARIABLES, ...LONG_VARIABLES] : [...WIDE_CASE_VARIABLES, WIDE_NOTE],
    grids: grids.map((codebook) => ({ ...codebook, variables: codebook.variables.filter((v: CodebookVariable) => v.kind !== 'item') })),
  };
}

/** The codebook as one CSV table: the export's columns, then each grid version's score and band variables. */
export function exportCodebookCsv(codebook: ExportCodebook): string {
  let out = csvLine(['scope', 'name', 'kind', 'type', 'label_it', 'label_en', 'values', 'rule', 'direction', 'description']);
  for (const v of codebook.variables) out += csvLine(['export', v.name, 'column', v.type, v.label.it, v.label.en, null, null, null, v.description]);
  for (const grid of codebook.grids) {
    for (const v of grid.variables) {
      out += csvLine([
        `${grid.grid}@${grid.version}`,
        v.name,
        v.kind,
        v.type,
        v.label['it'] ?? '',
        v.label['en'] ?? '',
        (v.values ?? []).map((entry) => `${entry.value}=${entry.label['it'] ?? ''}`).join('; '),
        v.rule ?? null,
        v.direction ?? null,
        null,
      ]);
    }
  }
  return out;
}
