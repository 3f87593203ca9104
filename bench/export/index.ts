/**
 * The export benchmark (SPEC 11, third point): 1,000,000 scored administrations in a temp
 * database, then the anonymized CSV export (`griglie export`, wide layout by default: one row per
 * case and occasion) against the `sqlite3` command-line `-csv` dump of the same rows (the same
 * join the export reads, one line per administration, without pseudonyms, ages, generalization or
 * formatting). Both are compared in administrations per second, the unit SPEC 11 counts: the
 * export's lines are fewer (wide) or more (long) than the administrations it reads. The export
 * runs in a child process whose peak resident memory is its own.
 * Flags: --count N (administrations), --rounds N, --layout wide|long, --keep (leave the temp dir),
 * --reuse DIR (a kept dir: skip populating).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchContext, BenchReport, Benchmark } from '../benchmark.ts';
import { intFlag } from '../benchmark.ts';
import { BENCH_PROJECT, populate } from './populate.ts';

/** SPEC 11: the export reaches at least this share of the sqlite3 dump's rows per second. */
export const TARGET_RATIO = 0.5;
/** SPEC 11: peak resident memory of the export process, in MiB. */
export const TARGET_RSS_MIB = 256;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The rows the export reads: submitted administrations, current revision, case and occasion (see src/storage/sqlite-score-export.ts). */
const SAME_ROWS_SQL = `
  select a.case_id, c.zone, c.sex, c.birth_year_month,
    (select min(f.date) from occasions f where f.case_id = a.case_id),
    o.name, o.date, a.grid, a.version, a.informant, r.scoring
  from administrations a
    join cases c on c.id = a.case_id
    join occasions o on o.id = a.occasion_id
    join administration_revisions r on r.administration_id = a.id and r.revision = a.revision
  where a.status = 'submitted'
  order by a.case_id, a.rowid`;

/** Lines of a file, read in chunks: the parent must stay small, since a child forked from it starts with its memory. */
function countLines(file: string): number {
  const fd = openSync(file, 'r');
  const buffer = Buffer.alloc(1 << 20);
  let n = 0;
  try {
    for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) {
      for (let i = 0; i < read; i++) if (buffer[i] === 10) n++;
    }
  } finally {
    closeSync(fd);
  }
  return n;
}

function sqliteDump(db: string, out: string): { seconds: number; rows: number; bytes: number } {
  const fd = openSync(out, 'w');
  const started = process.hrtime.bigint();
  const result = spawnSync('sqlite3', ['-readonly', '-csv', db, SAME_ROWS_SQL], { stdio: ['ignore', fd, 'inherit'] });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  closeSync(fd);
  if (result.status !== 0) throw new Error(`sqlite3 exited with ${String(result.status)}`);
  return { seconds, rows: countLines(out), bytes: statSync(out).size };
}

function exportRun(db: string, keys: string, out: string, layout: string, grid: string): { seconds: number; rows: number; administrations: number; bytes: number; maxRssMiB: number; compiled: boolean } {
  // The export runs as `griglie export` does: compiled when the build is current (`npm run build`).
  const result = spawnSync(process.execPath, [join(ROOT, 'bench/export/run-export.js'), db, keys, out, layout, grid, BENCH_PROJECT], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (result.status !== 0) throw new Error(`the export child failed: ${result.stderr}`);
  const report = JSON.parse(result.stdout.trim().split('\n').pop()!) as { status: number; seconds: number; peakRssKiB: number; compiled: boolean; message: string };
  if (report.status !== 0) throw new Error(`griglie export exited with ${report.status}`);
  // The command says how many administrations it exported ("exported N administrations of ...").
  const exported = /exported (\d+) administrations/.exec(report.message);
  if (exported === null) throw new Error(`griglie export did not say how many administrations it exported: ${report.message}`);
  // The header row is not a data row.
  return { seconds: report.seconds, rows: countLines(out) - 1, administrations: Number(exported[1]), bytes: statSync(out).size, maxRssMiB: report.peakRssKiB / 1024, compiled: report.compiled };
}

function hasSqlite3(): boolean {
  try {
    execFileSync('sqlite3', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const fmt = {
  int: (n: number): string => Math.round(n).toLocaleString('en-US'),
  s: (n: number): string => n.toFixed(2),
  ratio: (n: number): string => n.toFixed(3),
};

async function run(context: BenchContext): Promise<BenchReport> {
  const { flags, log } = context;
  const count = intFlag(flags, 'count', 1_000_000);
  const rounds = intFlag(flags, 'rounds', 3);
  const layout = flags['layout'] === 'long' ? 'long' : 'wide';
  if (!hasSqlite3()) throw new Error('sqlite3 is missing: apt-get update && apt-get install -y sqlite3');
  // --reuse DIR: a folder a previous run kept (--keep), so that the figures can be retaken without repopulating.
  const reuse = typeof flags['reuse'] === 'string' ? flags['reuse'] : null;
  const dir = reuse ?? mkdtempSync(join(tmpdir(), 'griglie-bench-export-'));
  try {
    const db = join(dir, 'bench.db');
    const keys = join(dir, 'keys');
    const insertStarted = process.hrtime.bigint();
    const { grid, cases } = reuse === null ? await populate(db, count, log) : { grid: 'bench-scoring', cases: Math.ceil(count / 4) };
    const insertSeconds = Number(process.hrtime.bigint() - insertStarted) / 1e9;
    log(`populated ${fmt.int(count)} administrations of ${fmt.int(cases)} cases in ${fmt.s(insertSeconds)} s`);

    const dumps: ReturnType<typeof sqliteDump>[] = [];
    const exports: ReturnType<typeof exportRun>[] = [];
    // Interleaved, so that both see the same machine state; the best of each is compared.
    for (let round = 0; round < rounds; round++) {
      dumps.push(sqliteDump(db, join(dir, 'dump.csv')));
      log(`round ${round + 1}: sqlite3 ${fmt.s(dumps.at(-1)!.seconds)} s`);
      exports.push(exportRun(db, keys, join(dir, 'export.csv'), layout, grid));
      log(`round ${round + 1}: export ${fmt.s(exports.at(-1)!.seconds)} s, max RSS ${fmt.int(exports.at(-1)!.maxRssMiB)} MiB`);
    }
    const dump = dumps.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    const best = exports.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    const peak = Math.max(...exports.map((e) => e.maxRssMiB));
    // One sqlite3 line is one administration.
    const dumpRate = dump.rows / dump.seconds;
    const exportRate = best.administrations / best.seconds;
    const ratio = exportRate / dumpRate;
    return {
      tables: [
        {
          title: `Export of ${fmt.int(count)} scored administrations (${fmt.int(cases)} cases), CSV ${layout} layout, best of ${rounds}`,
          columns: ['contestant', 'administrations', 'lines written', 'MB written', 'seconds', 'administrations/s', 'ratio to sqlite3', 'peak RSS (MiB)'],
          rows: [
            ['sqlite3 -csv (same rows, raw)', fmt.int(dump.rows), fmt.int(dump.rows), fmt.s(dump.bytes / 1e6), fmt.s(dump.seconds), fmt.int(dumpRate), '1.000', '-'],
            ['griglie export (anonymized)', fmt.int(best.administrations), fmt.int(best.rows), fmt.s(best.bytes / 1e6), fmt.s(best.seconds), fmt.int(exportRate), fmt.ratio(ratio), fmt.int(peak)],
          ],
        },
      ],
      notes: [
        `administrations/s ratio ${fmt.ratio(ratio)} (target >= ${TARGET_RATIO}): ${ratio >= TARGET_RATIO ? 'met' : 'MISSED'}; peak RSS ${fmt.int(peak)} MiB (target < ${TARGET_RSS_MIB}): ${peak < TARGET_RSS_MIB ? 'met' : 'MISSED'}`,
        `the export's time covers both passes (k-anonymity over the cases, then the rows), pseudonyms, ages, CSV formatting and the audit; sqlite3's is its whole process; the export child's start-up is not counted`,
        best.compiled
          ? 'the export ran compiled (dist/, current), as `griglie export` runs after `npm ci`'
          : 'the export ran from the TypeScript sources through tsx (dist/ missing or older than a source: `npm run build`), which holds about 120 MB more than `griglie export` after `npm ci`',
        ...(reuse === null ? [`populating took ${fmt.s(insertSeconds)} s (raw better-sqlite3 inserts, ${fmt.int(25_000)} cases per transaction)`] : []),
        layout === 'long'
          ? 'long layout: one line per administration and score, so the export writes several lines per administration'
          : 'wide layout: one line per case and occasion, the scores of its informants side by side, so the export writes fewer lines than administrations',
      ],
    };
  } finally {
    if (flags['keep'] === true || reuse !== null) log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

export const exportBenchmark: Benchmark = {
  name: 'export',
  description: 'anonymized CSV export of 1,000,000 scored administrations against the sqlite3 -csv dump of the same rows, and its peak memory',
  run,
};
