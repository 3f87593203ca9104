import type { Codebook } from '../compiler/index.ts';
import { RequestInvalidError } from '../errors.ts';
import type { GridRegistry } from '../service/index.ts';
import type { ExportAdministration, Repository, ResearchProject, ScoreExportSource } from '../storage/repository.ts';
import { buildExportCodebook } from './export-codebook.ts';
import type { ExportCodebook } from './export-codebook.ts';
import { CASE_COLUMNS, LONG_SCORE_COLUMNS, csvField, csvLine, ndjsonLine } from './export-columns.ts';
import type { Cell, ExportFormat, ExportLayout } from './export-columns.ts';
import { buildExportMetadata } from './export-metadata.ts';
import type { ExportMetadata } from './export-metadata.ts';
import { DEFAULT_MAX_SUPPRESSED_SHARE, generalizeValues, groupKey, planGeneralization } from './k-anonymity.ts';
import type { GeneralizationPlan, QuasiIdentifierCount } from './k-anonymity.ts';
import { createPseudonymizer } from './pseudonym-keys.ts';
import type { PseudonymKeyStore } from './pseudonym-keys.ts';
import { ageBandOf, createHierarchies, SUPPRESSED_LEVEL } from './quasi-identifiers.ts';
import type { Hierarchies, QuasiIdentifierValues } from './quasi-identifiers.ts';
import { ageInYears, epochDay } from './relative-time.ts';
import { createZoneHierarchy } from './tuscan-zones.ts';
import type { ZoneHierarchy } from './tuscan-zones.ts';

/** SPEC 8: every released combination of quasi-identifiers holds at least this many cases. */
export const DEFAULT_K = 5;
/** Largest k accepted (beyond it nearly everything is suppressed; a typo rather than a choice). */
export const MAX_K = 1000;

/** What a researcher asks for. */
export interface ScoreExportRequest {
  format: ExportFormat;
  layout: ExportLayout;
  grid?: string;
  zone?: string;
  /** At least DEFAULT_K. */
  k: number;
}

export interface ScoreExportDeps {
  repo: Repository;
  grids: GridRegistry;
  keys: PseudonymKeyStore;
  /** Zone -> AUSL -> region (Tuscany's by default). */
  zones?: ZoneHierarchy;
  /** Share of cases that may be suppressed rather than generalizing everyone (default 5%). */
  maxSuppressedShare?: number;
}

/** An export ready to stream: decided (pass 1 done), not yet read (pass 2). */
export interface PreparedScoreExport {
  metadata: ExportMetadata;
  codebook: ExportCodebook;
  /** `text/csv` or `application/x-ndjson`. */
  contentType: string;
  /**
   * The export's text in chunks: for NDJSON the metadata line first, for CSV the header row first.
   * Read it once; it closes the read when done (or when the reader stops early).
   */
  chunks(): AsyncGenerator<string>;
  /** Ends the read without streaming (safe to call after chunks() too). */
  close(): Promise<void>;
}

/**
 * Prepares the anonymized score export of one research project (SPEC 8) in two passes over one
 * consistent read: pass 1 reads one row per case and decides the generalization and suppression
 * of the quasi-identifiers (memory follows the number of distinct combinations); pass 2, in
 * `chunks()`, streams the administrations, computing pseudonyms, ages and relative days as it goes.
 * `paramPath` names a request field in issues (`?grid` over HTTP, `/grid` at the command line).
 *
 * @example
 * const prepared = await prepareScoreExport(deps, project, { format: 'csv', layout: 'long', k: 5 }, (n) => `?${n}`);
 * for await (const chunk of prepared.chunks()) out.write(chunk);
 */
export async function prepareScoreExport(
  deps: ScoreExportDeps,
  project: ResearchProject,
  request: ScoreExportRequest,
  paramPath: (name: string) => string,
): Promise<PreparedScoreExport> {
  checkRequest(request, paramPath);
  const versions = await gridVersionsOf(deps.grids, request.grid);
  if (request.grid !== undefined && versions.length === 0) throw unknownGrid(paramPath);
  const codebook = buildExportCodebook(request.layout, versions.map((v) => v.codebook));
  const scoreIds = new Map(versions.map((v) => [`${v.codebook.grid}@${v.codebook.version}`, v.scoreIds]));
  const pseudonymOf = createPseudonymizer(await deps.keys.keyFor(project));
  const hierarchies = createHierarchies(deps.zones ?? createZoneHierarchy());

  const filter = { ...(request.grid === undefined ? {} : { grid: request.grid }), ...(request.zone === undefined ? {} : { zone: request.zone }) };
  const source = await deps.repo.openScoreExport(filter);
  try {
    const { counts, administrations } = await countQuasiIdentifiers(source);
    const plan = planGeneralization(counts, {
      k: request.k,
      hierarchies,
      maxSuppressedShare: deps.maxSuppressedShare ?? DEFAULT_MAX_SUPPRESSED_SHARE,
    });
    const metadata = buildExportMetadata({ project, request, plan, hierarchies, administrations, grids: versions.map((v) => v.codebook) });
    const wideScores = request.layout === 'wide' ? wideColumnsOf(versions) : null;
    const writer = createRowWriter({ request, plan, hierarchies, pseudonymOf, scoreIds, wideScores });
    return {
      metadata,
      codebook,
      contentType: request.format === 'csv' ? 'text/csv; charset=utf-8; header=present' : 'application/x-ndjson; charset=utf-8',
      async *chunks() {
        try {
          yield request.format === 'ndjson' ? JSON.stringify({ record: 'metadata', ...metadata }) + '\n' : writer.header;
          for await (const batch of source.administrations()) yield writer.rows(batch);
        } finally {
          await source.close();
        }
      },
      close: () => source.close(),
    };
  } catch (error) {
    await source.close();
    throw error;
  }
}

/**
 * The codebook of an export as requested, without reading any case: the export's own columns and
 * the score and band variables of the grid versions it may hold.
 */
export async function scoreExportCodebook(
  grids: GridRegistry,
  request: ScoreExportRequest,
  paramPath: (name: string) => string,
): Promise<ExportCodebook> {
  checkRequest(request, paramPath);
  const versions = await gridVersionsOf(grids, request.grid);
  if (request.grid !== undefined && versions.length === 0) throw unknownGrid(paramPath);
  return buildExportCodebook(request.layout, versions.map((v) => v.codebook));
}

function unknownGrid(paramPath: (name: string) => string): RequestInvalidError {
  return new RequestInvalidError('No such grid.', [{ code: 'unknown_grid', path: paramPath('grid'), message: 'There is no published grid with this id.' }]);
}

function checkRequest(request: ScoreExportRequest, paramPath: (name: string) => string): void {
  if (request.layout === 'wide' && request.grid === undefined) {
    throw new RequestInvalidError('A wide export is of one grid.', [
      { code: 'grid_required', path: paramPath('grid'), message: 'Name the grid of a wide export: its scores are its columns.' },
    ]);
  }
  if (!Number.isInteger(request.k) || request.k < DEFAULT_K || request.k > MAX_K) {
    throw new RequestInvalidError('k is out of range.', [
      { code: 'out_of_range', path: paramPath('k'), message: `k is a whole number from ${DEFAULT_K} (the minimum) to ${MAX_K}.` },
    ]);
  }
}

interface ExportGridVersion {
  codebook: Codebook;
  /** Score ids in the grid's order. */
  scoreIds: string[];
  publishedAt: string | null;
}

/** The published and retired versions of `grid` (or of every grid), compiled, oldest first. */
async function gridVersionsOf(grids: GridRegistry, grid: string | undefined): Promise<ExportGridVersion[]> {
  const records = (await grids.list()).filter((r) => (r.status === 'published' || r.status === 'retired') && (grid === undefined || r.grid === grid));
  const out: ExportGridVersion[] = [];
  for (const record of records) {
    const { compiled } = await grids.compiled(record.grid, record.version);
    out.push({
      codebook: compiled.codebook,
      scoreIds: compiled.codebook.variables.filter((v) => v.kind === 'score').map((v) => v.name.slice('score.'.length)),
      publishedAt: record.publishedAt,
    });
  }
  return out;
}

/** Pass 1: how many cases share each combination of finest quasi-identifier values. */
async function countQuasiIdentifiers(source: ScoreExportSource): Promise<{ counts: QuasiIdentifierCount[]; administrations: number }> {
  const counts = new Map<string, QuasiIdentifierCount>();
  let administrations = 0;
  for await (const batch of source.cases()) {
    for (const row of batch) {
      const values: QuasiIdentifierValues = { zone: row.zone, age: String(ageInYears(row.birthYearMonth, row.firstOccasionDate)), sex: row.sex };
      const key = JSON.stringify([values.zone, values.age, values.sex]);
      const entry = counts.get(key);
      if (entry) entry.cases += 1;
      else counts.set(key, { values, cases: 1 });
      administrations += row.administrations;
    }
  }
  return { counts: [...counts.values()], administrations };
}

/** Wide columns: every score of every version of the grid (newest version's order first), banded ones with a band column. */
function wideColumnsOf(versions: readonly ExportGridVersion[]): { id: string; banded: boolean }[] {
  const columns = new Map<string, boolean>();
  for (const version of [...versions].reverse()) {
    for (const variable of version.codebook.variables) {
      if (variable.kind === 'score') {
        const id = variable.name.slice('score.'.length);
        if (!columns.has(id)) columns.set(id, false);
      } else if (variable.kind === 'band') {
        columns.set(variable.name.slice('band.'.length), true);
      }
    }
  }
  return [...columns].map(([id, banded]) => ({ id, banded }));
}

/** What one case shows in every row: computed once per case (rows come grouped by case). */
interface CaseCells {
  caseId: string;
  pseudonym: string;
  firstDay: number;
  /** Whether `age` is released (age at its finest level and the case not suppressed). */
  showAge: boolean;
  ageBand: string | null;
  sex: string | null;
  zone: string | null;
  zoneLevel: string;
}

interface RowWriter {
  header: string;
  rows(batch: readonly ExportAdministration[]): string;
}

function createRowWriter(options: {
  request: ScoreExportRequest;
  plan: GeneralizationPlan;
  hierarchies: Hierarchies;
  pseudonymOf: (caseId: string) => string;
  scoreIds: ReadonlyMap<string, string[]>;
  wideScores: { id: string; banded: boolean }[] | null;
}): RowWriter {
  const { request, plan, hierarchies, pseudonymOf, scoreIds, wideScores } = options;
  const csv = request.format === 'csv';
  const columns: string[] =
    wideScores === null
      ? [...CASE_COLUMNS, ...LONG_SCORE_COLUMNS]
      : [...CASE_COLUMNS, ...wideScores.flatMap((s) => (s.banded ? [`score.${s.id}`, `band.${s.id}`] : [`score.${s.id}`]))];
  const record = wideScores === null ? 'score' : 'administration';
  const line = (cells: Cell[]): string => ndjsonLine(columns, cells, record);
  // Scores in the grid's order; a version that did not compile falls back to the stored order.
  const scoreIdsOf = (row: ExportAdministration): readonly string[] => scoreIds.get(`${row.grid}@${row.version}`) ?? Object.keys(row.scores);
  let current: CaseCells | null = null;

  const cellsOf = (row: ExportAdministration): CaseCells => {
    if (current !== null && current.caseId === row.caseId) return current;
    const values: QuasiIdentifierValues = { zone: row.zone, age: String(ageInYears(row.birthYearMonth, row.firstOccasionDate)), sex: row.sex };
    const generalized = generalizeValues(values, plan.levels, hierarchies);
    const suppressed = plan.suppressedKeys.has(groupKey(generalized));
    current = {
      caseId: row.caseId,
      pseudonym: pseudonymOf(row.caseId),
      firstDay: epochDay(row.firstOccasionDate),
      showAge: !suppressed && plan.levels.age === 0,
      ageBand: suppressed ? null : plan.levels.age === 0 ? ageBandOf(Number(values.age)) : generalized.age,
      sex: suppressed ? null : generalized.sex,
      zone: suppressed ? null : generalized.zone,
      zoneLevel: suppressed ? SUPPRESSED_LEVEL : hierarchies.zone.levels[plan.levels.zone]!,
    };
    return current;
  };

  const leading = (row: ExportAdministration, c: CaseCells): Cell[] => [
    c.pseudonym,
    row.grid,
    row.version,
    row.occasion,
    epochDay(row.occasionDate) - c.firstDay,
    c.showAge ? ageInYears(row.birthYearMonth, row.occasionDate) : null,
    c.ageBand,
    c.sex,
    c.zone,
    c.zoneLevel,
    row.informant,
  ];

  // CSV is the bulk path (SPEC 11 measures it): the case's cells are written once per case and
  // the few distinct grid, version, occasion, informant and band texts are escaped once each.
  const escaped = new Map<string, string>();
  const esc = (text: string | null | undefined): string => {
    if (text === null || text === undefined) return '';
    let hit = escaped.get(text);
    if (hit === undefined) {
      hit = csvField(text);
      if (escaped.size < 10_000) escaped.set(text, hit);
    }
    return hit;
  };
  const num = (value: number | null | undefined): string => (value === null || value === undefined ? '' : String(value));
  let csvCase: { caseId: string; qi: string } | null = null;
  const csvLeading = (row: ExportAdministration, c: CaseCells): string => {
    if (csvCase === null || csvCase.caseId !== c.caseId) {
      csvCase = { caseId: c.caseId, qi: `${esc(c.ageBand)},${esc(c.sex)},${esc(c.zone)},${esc(c.zoneLevel)}` };
    }
    const age = c.showAge ? String(ageInYears(row.birthYearMonth, row.occasionDate)) : '';
    return `${c.pseudonym},${esc(row.grid)},${esc(row.version)},${esc(row.occasion)},${epochDay(row.occasionDate) - c.firstDay},${age},${csvCase.qi},${esc(row.informant)}`;
  };

  return {
    header: csv ? csvLine(columns) : '',
    rows(batch) {
      let out = '';
      for (const row of batch) {
        const c = cellsOf(row);
        if (csv) {
          const lead = csvLeading(row, c);
          if (wideScores !== null) {
            out += lead;
            for (const score of wideScores) {
              out += ',' + num(row.scores[score.id]);
              if (score.banded) out += ',' + esc(row.bands[score.id]);
            }
            out += '\r\n';
          } else {
            for (const id of scoreIdsOf(row)) out += `${lead},${esc(id)},${num(row.scores[id])},${esc(row.bands[id])}\r\n`;
          }
          continue;
        }
        const lead = leading(row, c);
        if (wideScores !== null) {
          const cells = lead;
          for (const score of wideScores) {
            cells.push(row.scores[score.id] ?? null);
            if (score.banded) cells.push(row.bands[score.id] ?? null);
          }
          out += line(cells);
          continue;
        }
        for (const id of scoreIdsOf(row)) out += line([...lead, id, row.scores[id] ?? null, row.bands[id] ?? null]);
      }
      return out;
    },
  };
}
