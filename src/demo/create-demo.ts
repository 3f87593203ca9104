import { ConflictError, NotFoundError } from '../errors.ts';
import type { Grid } from '../grid/index.ts';
import { generateTokenSecret, hashTokenSecret } from '../identity/index.ts';
import { openCase, recordAdministration, recordIntervention } from '../service/index.ts';
import type { AdministrationDeps, GridRegistry } from '../service/index.ts';
import type { Actor, CaseRecord, Principal, Repository, TokenRecord } from '../storage/index.ts';
import { COMMAND_LINE_ACTOR } from '../storage/index.ts';
import { planDemo } from './plan-demo.ts';
import type { DemoGrid, PlannedCase } from './plan-demo.ts';
import { DEMO_TEAMS } from './zones.ts';
import type { DemoTeam } from './zones.ts';

/** The grids the demo administers at each occasion they declare. */
export const DEMO_GRID_IDS: readonly string[] = ['mondo-del-bambino', 'competenze-genitoriali', 'funzionamento-familiare'];

export interface DemoDeps extends AdministrationDeps {
  repo: Repository;
  grids: GridRegistry;
}

export interface DemoOptions {
  seed: string;
  cases: number;
  /** `YYYY-MM-DD`: the demo's last day; intakes fall in the two years before it. */
  today: string;
  teams?: readonly DemoTeam[];
  /** Cases planned and written together; their writes share a few group-committed transactions. */
  casesPerBatch?: number;
}

export interface DemoSummary {
  zones: string[];
  teams: { id: string; zone: string; cases: number }[];
  cases: number;
  occasions: number;
  administrations: number;
  administrationsByGrid: Record<string, number>;
  interventions: number;
  /** Cases living with their family at their last occasion, out of all cases. */
  atHomeAtLastOccasion: number;
  /** The admin token created for the demo: its id, and its secret, to be shown once. */
  adminToken: { id: number; secret: string };
}

/**
 * Fills a database that holds no case with the demo: the Tuscan teams, one author token per team
 * (its secret discarded, then revoked: it exists so that every revision names its author), an
 * admin token, and the planned cases, each opened, assessed and given its dispositivi through the
 * same service functions the API calls, so that the stored scores are the compiled scorer's.
 *
 * Writes are issued a batch of cases at a time, concurrently, so that the repository's group
 * commit carries hundreds of them per transaction.
 *
 * @example
 * const summary = await createDemo({ repo, grids, engineVersion }, { seed: 'griglie', cases: 300, today: '2026-03-01' });
 */
export async function createDemo(services: DemoDeps, options: DemoOptions): Promise<DemoSummary> {
  const { repo } = services;
  const deps = services;
  await refuseDatabaseWithCases(repo);
  const teams = options.teams ?? DEMO_TEAMS;
  const plan = planDemo({ seed: options.seed, cases: options.cases, today: options.today, teams, grids: await demoGrids(deps.grids) });

  const authors = new Map<string, Principal>();
  for (const team of teams) {
    await ensureTeam(repo, team);
    const token = await repo.createToken(
      { hash: hashTokenSecret(generateTokenSecret()), role: 'operator', name: `demo recorder (${team.id})`, team: team.id, project: null, expiresAt: null },
      COMMAND_LINE_ACTOR,
    );
    authors.set(team.id, principalOf(token, team));
  }
  const adminSecret = generateTokenSecret();
  const admin = await repo.createToken(
    { hash: hashTokenSecret(adminSecret), role: 'admin', name: 'demo admin', team: null, project: null, expiresAt: null },
    COMMAND_LINE_ACTOR,
  );

  const tally = { occasions: 0, administrations: 0, interventions: 0, atHome: 0, byGrid: {} as Record<string, number>, byTeam: new Map<string, number>() };
  const batch = options.casesPerBatch ?? 100;
  for (let from = 0; from < plan.intakes.length; from += batch) {
    const planned = plan.intakes.slice(from, from + batch).map((intake) => plan.planCase(intake));
    const opened = await Promise.all(
      planned.map((c) => {
        const principal = authors.get(c.team.id) as Principal;
        return openCase(repo, principal, { reference: c.reference, birthYearMonth: c.birthYearMonth, sex: c.sex }, actorOf(principal));
      }),
    );
    const writes: Promise<unknown>[] = [];
    planned.forEach((c, i) => {
      const record = opened[i] as CaseRecord;
      const actor = actorOf(authors.get(c.team.id) as Principal);
      for (const input of c.administrations) writes.push(recordAdministration(deps, record, input, actor));
      for (const input of c.interventions) writes.push(recordIntervention(repo, record, input, actor));
      count(tally, c);
    });
    await Promise.all(writes);
  }

  // The recorders' secrets were never shown; revoking them says so in `griglie token list`.
  for (const principal of authors.values()) await repo.revokeToken(principal.tokenId, COMMAND_LINE_ACTOR);

  return {
    zones: [...new Set(teams.map((t) => t.zone))].sort(),
    teams: teams.map((t) => ({ id: t.id, zone: t.zone, cases: tally.byTeam.get(t.id) ?? 0 })),
    cases: plan.intakes.length,
    occasions: tally.occasions,
    administrations: tally.administrations,
    administrationsByGrid: tally.byGrid,
    interventions: tally.interventions,
    atHomeAtLastOccasion: tally.atHome,
    adminToken: { id: admin.id, secret: adminSecret },
  };
}

/**
 * The demo fills only a database without cases: mixing synthetic cases with real ones, or with a
 * previous demo, would make every statistic wrong.
 */
export async function refuseDatabaseWithCases(repo: Repository): Promise<void> {
  const existing = (await repo.listCases({})).length;
  if (existing > 0) {
    throw new ConflictError(`The database already holds ${existing} case(s); griglie demo fills only a new database. Use a new --db file.`, [
      { code: 'database_has_cases', path: '/db', message: 'Give griglie demo a new database file with --db.' },
    ]);
  }
}

/** The published versions of the demo's grids, as definitions. */
async function demoGrids(grids: GridRegistry): Promise<DemoGrid[]> {
  const records = (await grids.list()).filter((r) => r.status === 'published');
  const out: DemoGrid[] = [];
  for (const id of DEMO_GRID_IDS) {
    const versions: Grid[] = [];
    for (const record of records.filter((r) => r.grid === id)) versions.push((await grids.compiled(id, record.version)).compiled.grid);
    if (versions.length === 0) throw new NotFoundError(`Grid ${id} has no published version; the demo needs the instruments shipped with griglie.`);
    out.push({ id, versions });
  }
  return out;
}

/** Creates the team, or keeps it when it exists in the same zone. */
async function ensureTeam(repo: Repository, team: DemoTeam): Promise<void> {
  const existing = await repo.getTeam(team.id);
  if (existing === null) {
    await repo.createTeam({ id: team.id, zone: team.zone }, COMMAND_LINE_ACTOR);
  } else if (existing.zone !== team.zone) {
    throw new ConflictError(`Team ${team.id} exists in zone ${existing.zone}, not ${team.zone}; use a new --db file.`, [
      { code: 'team_exists', path: '/team', message: 'A team of the demo exists in another zone.' },
    ]);
  }
}

function principalOf(token: TokenRecord, team: DemoTeam): Principal {
  return { tokenId: token.id, role: token.role, name: token.name, team: team.id, zone: team.zone, project: null };
}

function actorOf(principal: Principal): Actor {
  return { tokenId: principal.tokenId, role: principal.role };
}

function count(
  tally: { occasions: number; administrations: number; interventions: number; atHome: number; byGrid: Record<string, number>; byTeam: Map<string, number> },
  planned: PlannedCase,
): void {
  const occasions = new Map<string, string | null>();
  for (const a of planned.administrations) {
    if (!occasions.has(a.occasion)) occasions.set(a.occasion, a.livingSituation);
    tally.byGrid[a.grid] = (tally.byGrid[a.grid] ?? 0) + 1;
  }
  tally.occasions += occasions.size;
  tally.administrations += planned.administrations.length;
  tally.interventions += planned.interventions.length;
  if ([...occasions.values()].at(-1) === 'family') tally.atHome += 1;
  tally.byTeam.set(planned.team.id, (tally.byTeam.get(planned.team.id) ?? 0) + 1);
}
