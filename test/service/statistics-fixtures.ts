import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Grid } from '../../src/grid/index.ts';
import { createComparability, createGridRegistry, recordAdministration, voidAdministration } from '../../src/service/index.ts';
import type { AdministrationInput, Comparability, GridRegistry } from '../../src/service/index.ts';
import { openSqliteRepository } from '../../src/storage/index.ts';
import type { Actor, AdministrationRecord, CaseRecord, SqliteRepository } from '../../src/storage/index.ts';

/**
 * A grid for the statistics tests (items invented): three items on a 1..4 scale summed into
 * `totale` (range 2..12: two of three items suffice), bands `concern` [2, 7) and `adequate` [7, 12], reference values
 * reliability .80, SD 2, cut-off 7 (illustrative), informants social_worker, educator and team.
 */
export function statsGrid(): Grid {
  return {
    id: 'prova-statistiche',
    version: '1.0.0',
    title: { it: 'Griglia di prova delle statistiche' },
    informants: ['social_worker', 'educator', 'team'],
    scales: {
      quattro: {
        options: [1, 2, 3, 4].map((value) => ({ value, label: { it: `livello ${value}` } })),
        missing: [{ code: 'NA', label: { it: 'Non applicabile' } }],
      },
    },
    sections: [
      {
        id: 'lato',
        label: { it: 'Lato' },
        items: ['a', 'b', 'c'].map((id) => ({ id, label: { it: `Item ${id}` }, scale: 'quattro' })),
      },
    ],
    scores: [
      {
        id: 'totale',
        label: { it: 'Totale', en: 'Total' },
        method: 'sum',
        inputs: [{ section: 'lato' }],
        minAnswered: { count: 2 },
        direction: 'higher_is_better',
        bands: [
          { id: 'concern', label: { it: 'Preoccupazione' }, min: 2, max: 7 },
          { id: 'adequate', label: { it: 'Adeguato' }, min: 7, max: 12 },
        ],
        reference: {
          reliability: { kind: 'alpha', value: 0.8, source: 'illustrative' },
          norm: { sd: 2, mean: 7, source: 'illustrative' },
          cutoff: { value: 7, source: 'illustrative' },
        },
      },
    ],
  };
}

/** A grid version of the shipped instruments. */
export function instrument(id: string, version: string): Grid {
  return JSON.parse(readFileSync(new URL(`../../instruments/${id}/${version}.json`, import.meta.url), 'utf8')) as Grid;
}

export interface World {
  dir: string;
  repo: SqliteRepository;
  grids: GridRegistry;
  comparability: Comparability;
  /** Operators of team-a (zone-1), team-b (zone-1), team-c (zone-2). */
  operators: Record<'a' | 'b' | 'c', Actor>;
  openCase(team: 'a' | 'b' | 'c', reference: string): Promise<CaseRecord>;
  record(record: CaseRecord, input: Partial<AdministrationInput> & Pick<AdministrationInput, 'occasion' | 'date' | 'informant' | 'responses'>): Promise<AdministrationRecord>;
  void(id: string): Promise<void>;
  close(): Promise<void>;
}

/** A fresh database with three teams, an operator each, and the given grid versions published. */
export async function openWorld(published: readonly Grid[]): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), 'griglie-stats-'));
  const repo = openSqliteRepository({ file: join(dir, 'griglie.db') });
  const grids = createGridRegistry({ repo });
  const system: Actor = { tokenId: null, role: null };
  const teams = { a: ['team-a', 'zone-1'], b: ['team-b', 'zone-1'], c: ['team-c', 'zone-2'] } as const;
  const operators = {} as Record<'a' | 'b' | 'c', Actor>;
  for (const [key, [id, zone]] of Object.entries(teams) as ['a' | 'b' | 'c', readonly [string, string]][]) {
    await repo.createTeam({ id, zone }, system);
    const token = await repo.createToken({ hash: key.repeat(64), role: 'operator', name: null, team: id, project: null, expiresAt: null }, system);
    operators[key] = { tokenId: token.id, role: 'operator' };
  }
  for (const grid of published) await grids.publish(grid, { tokenId: null, role: 'methodologist' });
  const teamOf = new Map<string, 'a' | 'b' | 'c'>();
  const world: World = {
    dir,
    repo,
    grids,
    comparability: createComparability({ grids }),
    operators,
    async openCase(team, reference) {
      const [id, zone] = teams[team];
      const record = await repo.createCase({ team: id, zone, reference, birthYearMonth: '2017-03', sex: 'F' }, operators[team]);
      teamOf.set(record.id, team);
      return record;
    },
    record(record, input) {
      const full: AdministrationInput = {
        grid: published[0]!.id,
        version: published[0]!.version,
        livingSituation: null,
        notes: null,
        status: 'submitted',
        ...input,
      };
      return recordAdministration({ repo, grids, engineVersion: 'test' }, record, full, operators[teamOf.get(record.id)!]);
    },
    async void(id) {
      const administration = await repo.getAdministration(id);
      await voidAdministration({ repo }, administration!, 'recorded for the wrong child', { tokenId: operators.a.tokenId, role: 'operator' });
    },
    async close() {
      await repo.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return world;
}
