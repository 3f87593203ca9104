import { EngineError } from '../errors.ts';
import type { Actor, CaseDetail, CaseRecord, Principal, Repository, Sex } from '../storage/repository.ts';
import type { GridRegistry } from './grid-registry.ts';
import { timeOccasions } from './occasion-timing.ts';
import type { OccasionTiming } from './occasion-timing.ts';
import { compareVersionText } from '../versions/index.ts';

export interface CaseInput {
  reference: string;
  birthYearMonth: string;
  sex: Sex;
  team?: string;
  zone?: string;
}

/**
 * Opens a case in the operator's own team; its zone is the team's. A `team` or `zone` in the input
 * must match them (fails closed: a principal without a team opens nothing).
 */
export async function openCase(repo: Repository, principal: Principal, input: CaseInput, actor: Actor): Promise<CaseRecord> {
  const team = principal.team === null ? null : await repo.getTeam(principal.team);
  if (team === null) {
    throw new EngineError('forbidden', 'This token belongs to no team, so it opens no case.');
  }
  if (input.team !== undefined && input.team !== team.id) {
    throw new EngineError('forbidden', 'A case is opened in your own team.', {
      issues: [{ code: 'team_mismatch', path: '/team', message: 'The team must be your own.' }],
    });
  }
  if (input.zone !== undefined && input.zone !== team.zone) {
    throw new EngineError('forbidden', "A case's zone is its team's zone.", {
      issues: [{ code: 'zone_mismatch', path: '/zone', message: "The zone must be your team's zone." }],
    });
  }
  return repo.createCase(
    { team: team.id, zone: team.zone, reference: input.reference, birthYearMonth: input.birthYearMonth, sex: input.sex },
    actor,
  );
}

/** The occasion timing of a case against one grid it is assessed with. */
export interface GridOccasionTiming {
  grid: string;
  /** The highest version of the grid among the case's administrations: its occasions are used. */
  version: string;
  occasions: OccasionTiming[];
}

/**
 * For every grid the case has been assessed with (void administrations aside), flags the case's
 * occasions against the occasions the grid declares.
 */
export async function timeCaseOccasions(grids: GridRegistry, detail: CaseDetail, today: string): Promise<GridOccasionTiming[]> {
  const latest = new Map<string, string>();
  for (const a of detail.administrations) {
    if (a.status === 'void') continue;
    const seen = latest.get(a.grid);
    if (seen === undefined || compareVersionText(a.version, seen) > 0) latest.set(a.grid, a.version);
  }
  const out: GridOccasionTiming[] = [];
  for (const [grid, version] of [...latest].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const { compiled } = await grids.compiled(grid, version);
    const specs = compiled.grid.occasions ?? [];
    if (specs.length === 0) continue;
    out.push({ grid, version, occasions: timeOccasions(specs, detail.occasions, today) });
  }
  return out;
}
