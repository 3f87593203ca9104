import type { Codebook } from '../compiler/index.ts';
import { RequestInvalidError } from '../errors.ts';
import type { Band } from '../grid/index.ts';
import { compareVersionText } from '../versions/index.ts';
import type { GridRegistry } from '../service/index.ts';
import type { ExportAdministration, Repository, ResearchProject, ScoreExportSource } from '../storage/repository.ts';
import { buildExportCodebook } from './export-codebook.ts';
import type { ExportCodebook } from './export-codebook.ts';
import { CASE_COLUMNS, LONG_SCORE_COLUMNS, VERSION_SEPARATOR, WIDE_CASE_COLUMNS, csvField, csvLine, ndjsonLine } from './export-columns.ts';
import type { Cell, ExportFormat, ExportLayout } from './export-columns.ts';
import { buildExportMetadata } from './export-metadata.ts';
import type { ExportMetadata } from './export-metadata.ts';
import { DEFAULT_MAX_SUPPRESSED_SHARE, generalizeValues, groupKey, planGeneralization } from './k-anonymity.ts';
import { occasionValue, rowValueSource } from './occasion-value.ts';
import type { OccasionValueSource } from './occasion-value.ts';
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
 * The long layout writes each administration as it comes; the wide layout holds one case's
 * administrations at a time (they come grouped by case) and writes a row per occasion.
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
    const caseCells = createCaseCells(plan, hierarchies, pseudonymOf);
    const writer = request.layout === 'wide' ? createWideWriter(request.format, caseCells, versions) : createLongWriter(request.format, caseCells, scoreIds);
    return {
      metadata,
      codebook,
      contentType: request.format === 'csv' ? 'text/csv; charset=utf-8; header=present' : 'application/x-ndjson; charset=utf-8',
      async *chunks() {
        try {
          yield request.format === 'ndjson' ? JSON.stringify({ record: 'metadata', ...metadata }) + '\n' : writer.header;
          for await (const batch of source.administrations()) {
            const rows = writer.rows(batch);
            if (rows !== '') yield rows;
          }
          const tail = writer.end();
          if (tail !== '') yield tail;
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
  /** The bands of each banded score, from which the band of a mean of informants is computed. */
  bands: ReadonlyMap<string, readonly Band[]>;
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
      bands: new Map(compiled.grid.scores.flatMap((score) => (score.bands === undefined ? [] : [[score.id, score.bands] as const]))),
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

/** The case's cells of a row, remembered while the rows of the same case follow one another. */
type CaseCellsOf = (row: ExportAdministration) => CaseCells;

function createCaseCells(plan: GeneralizationPlan, hierarchies: Hierarchies, pseudonymOf: (caseId: string) => string): CaseCellsOf {
  let current: CaseCells | null = null;
  return (row) => {
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
}

interface RowWriter {
  header: string;
  /** The rows of a batch (the wide layout keeps the last case back: more of its rows may follow). */
  rows(batch: readonly ExportAdministration[]): string;
  /** The rows still held, once every batch was read. */
  end(): string;
}

/** Escapes CSV texts, remembering the few distinct ones (grids, versions, occasions, bands). */
function createCsvEscaper(): (text: string | null | undefined) => string {
  const escaped = new Map<string, string>();
  return (text) => {
    if (text === null || text === undefined) return '';
    let hit = escaped.get(text);
    if (hit === undefined) {
      hit = csvField(text);
      if (escaped.size < 10_000) escaped.set(text, hit);
    }
    return hit;
  };
}

const num = (value: number | null | undefined): string => (value === null || value === undefined ? '' : String(value));

/** Long layout: one row per administration and score, written as each administration comes. */
function createLongWriter(format: ExportFormat, cellsOf: CaseCellsOf, scoreIds: ReadonlyMap<string, string[]>): RowWriter {
  const csv = format === 'csv';
  const columns: string[] = [...CASE_COLUMNS, ...LONG_SCORE_COLUMNS];
  // Scores in the grid's order; a version that did not compile falls back to the stored order.
  const scoreIdsOf = (row: ExportAdministration): readonly string[] => scoreIds.get(`${row.grid}@${row.version}`) ?? Object.keys(row.scores);

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
  const esc = createCsvEscaper();
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
          for (const id of scoreIdsOf(row)) out += `${lead},${esc(id)},${num(row.scores[id])},${esc(row.bands[id])}\r\n`;
          continue;
        }
        const lead = leading(row, c);
        for (const id of scoreIdsOf(row)) out += ndjsonLine(columns, [...lead, id, row.scores[id] ?? null, row.bands[id] ?? null], 'score');
      }
      return out;
    },
    end: () => '',
  };
}

/** A score column of the wide layout and the bands a mean of informants is banded with, per version. */
interface WideScore {
  id: string;
  banded: boolean;
  /** Version -> the score's bands in it. */
  bandsIn: ReadonlyMap<string, readonly Band[]>;
  /** The newest version's bands (for a version not compiled here). */
  newestBands: readonly Band[] | undefined;
}

/** Wide columns: every score of every version of the grid (newest version's order first), banded ones with a band column. */
function wideScoresOf(versions: readonly ExportGridVersion[]): WideScore[] {
  const newestFirst = [...versions].sort((a, b) => compareVersionText(b.codebook.version, a.codebook.version));
  const columns = new Map<string, { banded: boolean; bandsIn: Map<string, readonly Band[]>; newestBands: readonly Band[] | undefined }>();
  for (const version of newestFirst) {
    for (const variable of version.codebook.variables) {
      if (variable.kind !== 'score' && variable.kind !== 'band') continue;
      const id = variable.name.slice(variable.kind === 'score' ? 'score.'.length : 'band.'.length);
      let column = columns.get(id);
      if (column === undefined) {
        column = { banded: false, bandsIn: new Map(), newestBands: undefined };
        columns.set(id, column);
      }
      if (variable.kind === 'band') column.banded = true;
    }
    for (const [id, bands] of version.bands) {
      const column = columns.get(id);
      if (column === undefined) continue;
      column.bandsIn.set(version.codebook.version, bands);
      column.newestBands ??= bands;
    }
  }
  return [...columns].map(([id, column]) => ({ id, ...column }));
}

/**
 * Wide layout: one row per case and occasion. The storage gives a case's administrations together
 * but in the order they were recorded, not by occasion (a T0 rating may be recorded after T1), so
 * the writer holds one case's administrations, then writes its occasions in date order (ties by
 * name, as the trajectory orders them). Memory follows the largest case, not the export.
 */
function createWideWriter(format: ExportFormat, cellsOf: CaseCellsOf, versions: readonly ExportGridVersion[]): RowWriter {
  const scores = wideScoresOf(versions);
  const columns: string[] = [...WIDE_CASE_COLUMNS, ...scores.flatMap((s) => (s.banded ? [`score.${s.id}`, `band.${s.id}`] : [`score.${s.id}`]))];
  const esc = createCsvEscaper();
  const line =
    format === 'csv'
      ? (cells: Cell[]): string => {
          let out = '';
          for (let i = 0; i < cells.length; i++) {
            const cell = cells[i];
            if (i > 0) out += ',';
            out += typeof cell === 'number' ? String(cell) : esc(cell);
          }
          return out + '\r\n';
        }
      : (cells: Cell[]): string => ndjsonLine(columns, cells, 'occasion');

  /** The bands of a mean: the newest version of the occasion that bands the score, else the grid's newest. */
  const bandsFor = (score: WideScore, versionsNewestFirst: readonly string[]): readonly Band[] | undefined => {
    for (const version of versionsNewestFirst) {
      const bands = score.bandsIn.get(version);
      if (bands !== undefined) return bands;
    }
    return score.newestBands;
  };

  const writeCase = (administrations: readonly ExportAdministration[]): string => {
    const first = administrations[0];
    if (first === undefined) return '';
    const c = cellsOf(first);
    const occasions = new Map<string, ExportAdministration[]>();
    for (const a of administrations) {
      const group = occasions.get(a.occasion);
      if (group === undefined) occasions.set(a.occasion, [a]);
      else group.push(a);
    }
    const dated = [...occasions].map(([occasion, group]) => ({ occasion, group, date: group.reduce((d, a) => (a.occasionDate < d ? a.occasionDate : d), group[0]!.occasionDate) }));
    dated.sort((p, q) => (p.date === q.date ? p.occasion.localeCompare(q.occasion) : p.date < q.date ? -1 : 1));
    let out = '';
    for (const { occasion, group, date } of dated) {
      const occasionVersions = [...new Set(group.map((a) => a.version))].sort(compareVersionText);
      const newestFirst = [...occasionVersions].reverse();
      const scoreCells: Cell[] = [];
      const sources: (OccasionValueSource | null)[] = [];
      for (const score of scores) {
        const ratings = group.map((a) => ({ informant: a.informant, value: a.scores[score.id] ?? null, band: a.bands[score.id] ?? null }));
        const value = occasionValue(ratings, bandsFor(score, newestFirst));
        sources.push(value?.source ?? null);
        scoreCells.push(value?.value ?? null);
        if (score.banded) scoreCells.push(value?.band ?? null);
      }
      out += line([
        c.pseudonym,
        first.grid,
        occasionVersions.join(VERSION_SEPARATOR),
        occasion,
        epochDay(date) - c.firstDay,
        c.showAge ? ageInYears(first.birthYearMonth, date) : null,
        c.ageBand,
        c.sex,
        c.zone,
        c.zoneLevel,
        group.length,
        rowValueSource(sources),
        ...scoreCells,
      ]);
    }
    return out;
  };

  let held: ExportAdministration[] = [];
  return {
    header: format === 'csv' ? csvLine(columns) : '',
    rows(batch) {
      let out = '';
      for (const row of batch) {
        if (held.length > 0 && held[0]!.caseId !== row.caseId) {
          out += writeCase(held);
          held = [];
        }
        held.push(row);
      }
      return out;
    },
    end() {
      const out = writeCase(held);
      held = [];
      return out;
    },
  };
}
