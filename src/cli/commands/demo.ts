import { performance } from 'node:perf_hooks';
import { createDemo, refuseDatabaseWithCases } from '../../demo/index.ts';
import type { DemoSummary } from '../../demo/index.ts';
import { RequestInvalidError } from '../../errors.ts';
import { createGridRegistry, readEngineVersion } from '../../service/index.ts';
import { expectPositionals, parseCommandArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { EXIT_OK } from '../command.ts';
import { DB_OPTION, withRepository } from '../db-option.ts';
import { write } from '../report.ts';
import { INSTRUMENTS_DIR, publishInstruments } from './serve.ts';

export const DEFAULT_DEMO_CASES = 300;
export const DEFAULT_DEMO_SEED = 'griglie';
const MAX_DEMO_CASES = 1_000_000;

/**
 * `griglie demo`, with the day the demo ends on injected (tests and benchmarks pin it; by default
 * today, so that the same seed gives the same data on the same day, shifted with the calendar).
 */
export function createDemoCommand(clock: () => Date = () => new Date()): Command {
  return {
    name: 'demo',
    summary: 'fill a new database with realistic synthetic cases over T0..T2, for trying the product',
    usage: [
      `griglie demo [--db FILE] [--cases N] [--seed S]`,
      `N cases (default ${DEFAULT_DEMO_CASES}) taken in over the last two years by teams of five Tuscan zones, assessed at`,
      `T0, T1 and T2 with the shipped grids. The same seed (default "${DEFAULT_DEMO_SEED}") gives the same data.`,
      'Refuses a database that already holds cases: give it a new --db file.',
    ].join('\n'),
    async run(args, io) {
      const { values, positionals } = parseCommandArgs(args, {
        ...DB_OPTION,
        cases: { type: 'string' },
        seed: { type: 'string' },
      });
      expectPositionals(positionals, 0, 0, '');
      const cases = values.cases === undefined ? DEFAULT_DEMO_CASES : parseCases(values.cases);
      const seed = values.seed ?? DEFAULT_DEMO_SEED;
      const today = clock().toISOString().slice(0, 10);

      const started = performance.now();
      const summary = await withRepository(values.db, io, async (repo) => {
        // Before anything is written, publishing the instruments included.
        await refuseDatabaseWithCases(repo);
        const grids = createGridRegistry({ repo });
        await publishInstruments(grids, INSTRUMENTS_DIR, io.stderr);
        await grids.load();
        return createDemo({ repo, grids, engineVersion: readEngineVersion() }, { seed, cases, today });
      });
      const seconds = (performance.now() - started) / 1000;
      await write(io.stdout, formatSummary(summary, { seed, today, seconds, db: values.db }));
      return EXIT_OK;
    },
  };
}

export const demoCommand: Command = createDemoCommand();

function parseCases(text: string): number {
  if (!/^[1-9]\d{0,6}$/.test(text) || Number(text) > MAX_DEMO_CASES) {
    throw new RequestInvalidError('Invalid --cases.', [
      { code: 'invalid_cases', path: '/cases', message: `The number of cases is a whole number from 1 to ${MAX_DEMO_CASES}.` },
    ]);
  }
  return Number(text);
}

/**
 * The summary, one `name: value` line per count (scripts and tests read them), then how to get
 * tokens. The admin token made for the demo comes alone on the last line, shown this once; the
 * recorders' tokens are never shown.
 */
function formatSummary(summary: DemoSummary, run: { seed: string; today: string; seconds: number; db: string | undefined }): string {
  const dbFlag = run.db === undefined ? '' : ` --db ${run.db}`;
  const byGrid = Object.entries(summary.administrationsByGrid)
    .map(([grid, n]) => `${grid} ${n}`)
    .join(', ');
  const firstTeam = summary.teams[0]?.id ?? 'TEAM';
  return [
    `Demo data (seed ${JSON.stringify(run.seed)}, intakes over the two years up to ${run.today}), written in ${run.seconds.toFixed(1)} s.`,
    `zones: ${summary.zones.length} (${summary.zones.join(', ')})`,
    `teams: ${summary.teams.length}`,
    ...summary.teams.map((t) => `  ${t.id} (zone ${t.zone}): ${t.cases} cases`),
    `cases: ${summary.cases}`,
    `occasions: ${summary.occasions}`,
    `administrations: ${summary.administrations} (${byGrid})`,
    `interventions: ${summary.interventions}`,
    `living with their family at their last occasion: ${summary.atHomeAtLastOccasion} of ${summary.cases}`,
    '',
    'To see a team\'s cases, create an operator token for it (printed once, on its last line):',
    `  griglie token create --role operator --team ${firstTeam}${dbFlag}`,
    'A coordinator token sees every team of its zone: griglie token create --role coordinator --team TEAM' + dbFlag,
    `An admin token (id ${summary.adminToken.id}) was created for this demo; store it now, it is shown only this once:`,
    summary.adminToken.secret,
    '',
  ].join('\n');
}
