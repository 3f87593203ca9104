/**
 * The database the real service is benchmarked on, prepared before its child starts: the shipped
 * `mondo-del-bambino` versions published (1.0.0, then 1.1.0 over it, as `griglie serve` does on
 * start), one team, an operator token of that team, and a few cases.
 */
import { readFileSync } from 'node:fs';
import type { Grid } from '../../src/grid/index.ts';
import { generateTokenSecret, hashTokenSecret } from '../../src/identity/index.ts';
import { createGridRegistry } from '../../src/service/index.ts';
import { openSqliteRepository } from '../../src/storage/index.ts';
import type { BenchCase } from './data.ts';
import { makeCaseSeeds } from './data.ts';

export const BENCH_GRID = 'mondo-del-bambino';
export const BENCH_VERSION = '1.1.0';
const PUBLISHED = ['1.0.0', '1.1.0'] as const;
const TEAM = { id: 'em-bench', zone: 'zona-bench' } as const;

/** The shipped definition of a `mondo-del-bambino` version. */
export function loadInstrument(version: string): Grid {
  const url = new URL(`../../instruments/${BENCH_GRID}/${version}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Grid;
}

export interface PreparedDatabase {
  /** The operator's bearer token (a secret of this run only). */
  token: string;
  cases: BenchCase[];
  grid: Grid;
}

/** Creates and fills `file` (which must not exist yet), then closes it. */
export async function prepareDatabase(file: string, options: { cases: number; seed: number }): Promise<PreparedDatabase> {
  const repo = openSqliteRepository({ file });
  try {
    const system = { tokenId: null, role: null };
    const grids = createGridRegistry({ repo });
    for (const version of PUBLISHED) await grids.publish(loadInstrument(version), { tokenId: null, role: 'methodologist' });
    await repo.createTeam(TEAM, system);
    const token = generateTokenSecret();
    await repo.createToken({ hash: hashTokenSecret(token), role: 'operator', name: 'bench operator', team: TEAM.id, project: null, expiresAt: null }, system);
    const cases: BenchCase[] = [];
    for (const seed of makeCaseSeeds(options.cases, options.seed)) {
      const record = await repo.createCase({ team: TEAM.id, zone: TEAM.zone, reference: seed.reference, birthYearMonth: seed.birthYearMonth, sex: seed.sex }, system);
      cases.push({ id: record.id, start: seed.start, level: seed.level });
    }
    return { token, cases, grid: loadInstrument(BENCH_VERSION) };
  } finally {
    await repo.close();
  }
}
