/**
 * What every benchmark under `bench/` provides, and the shared pieces of its report: the machine
 * it ran on and plain-text tables. `bench/index.ts` runs the benchmarks listed there.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';

/** Options from the command line: `--key value` pairs and bare `--flag`s. */
export type BenchFlags = Record<string, string | true>;

export interface BenchContext {
  flags: BenchFlags;
  /** Progress lines (stderr), so that stdout holds only the report. */
  log: (line: string) => void;
}

/** A table of figures: a title, column headers, rows of cells already formatted. */
export interface BenchTable {
  title: string;
  columns: string[];
  rows: string[][];
}

export interface BenchReport {
  tables: BenchTable[];
  /** Sentences printed after the tables (targets met or missed, caveats). */
  notes: string[];
}

export interface Benchmark {
  /** Name given on the command line: `npm run bench -- NAME`. */
  name: string;
  description: string;
  run(context: BenchContext): Promise<BenchReport>;
}

export interface MachineInfo {
  cpuModel: string;
  /** Logical CPUs the OS reports (`os.cpus()`). */
  cpus: number;
  /** CPUs this process may use (`nproc`). */
  nproc: number;
  memoryGiB: number;
  node: string;
  v8: string;
  platform: string;
}

function nproc(): number {
  try {
    return Number(execFileSync('nproc', { encoding: 'utf8' }).trim());
  } catch {
    return os.availableParallelism();
  }
}

/** The machine a run happens on, for the report header and docs/performance.md. */
export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpus: cpus.length,
    nproc: nproc(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    v8: process.versions.v8,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  };
}

/** Renders a table as Markdown, so a run's output can be pasted into docs/performance.md. */
export function formatTable(table: BenchTable): string {
  const widths = table.columns.map((c, i) => Math.max(c.length, ...table.rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [
    `### ${table.title}`,
    '',
    line(table.columns),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...table.rows.map((r) => line(r)),
  ].join('\n');
}

/** Splits `['scoring', '--count', '1000', '--full-check']` into names and flags. */
export function parseBenchArgs(args: readonly string[]): { names: string[]; flags: BenchFlags } {
  const names: string[] = [];
  const flags: BenchFlags = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) {
      names.push(arg);
      continue;
    }
    const next = args[i + 1];
    if (next !== undefined && !next.startsWith('--')) {
      flags[arg.slice(2)] = next;
      i++;
    } else {
      flags[arg.slice(2)] = true;
    }
  }
  return { names, flags };
}

/** A positive integer flag, or the default. */
export function intFlag(flags: BenchFlags, name: string, fallback: number): number {
  const value = flags[name];
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value === true || !Number.isSafeInteger(n) || n <= 0) throw new Error(`--${name} takes a positive integer`);
  return n;
}

/** mulberry32: a 32-bit seeded generator, uniform on [0, 1). Enough for test data, not for secrets. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
