import { RequestInvalidError } from '../../errors.ts';
import { COMMAND_LINE_ACTOR } from '../../storage/index.ts';
import { expectPositionals, parseCommandArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { EXIT_OK, UsageError } from '../command.ts';
import { DB_OPTION, withRepository } from '../db-option.ts';
import { write } from '../report.ts';

/** Team and zone ids are slugs: they appear in URLs, exports and filters. */
const SLUG = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/;

/** `griglie team create TEAM --zone ZONE` and `griglie team list`. */
export const teamCommand: Command = {
  name: 'team',
  summary: 'create a multiprofessional team in its zone, or list the teams',
  usage: 'griglie team create TEAM --zone ZONE [--db FILE]\n       griglie team list [--db FILE]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { ...DB_OPTION, zone: { type: 'string' } });
    const [action, ...rest] = positionals;
    switch (action) {
      case 'create': {
        expectPositionals(rest, 1, 1, 'TEAM');
        const team = rest[0] as string;
        if (values.zone === undefined) throw new UsageError('missing --zone ZONE');
        const issues = [
          ...(SLUG.test(team) ? [] : [{ code: 'invalid_team_id', path: '/team', message: 'A team id is lowercase letters, digits and hyphens.' }]),
          ...(SLUG.test(values.zone) ? [] : [{ code: 'invalid_zone', path: '/zone', message: 'A zone is lowercase letters, digits and hyphens.' }]),
        ];
        if (issues.length > 0) throw new RequestInvalidError('Invalid team.', issues);
        const created = await withRepository(values.db, io, (repo) => repo.createTeam({ id: team, zone: values.zone as string }, COMMAND_LINE_ACTOR));
        await write(io.stdout, `created team ${created.id} in zone ${created.zone}\n`);
        return EXIT_OK;
      }
      case 'list': {
        expectPositionals(rest, 0, 0, '');
        if (values.zone !== undefined) throw new UsageError('--zone is for team create');
        const teams = await withRepository(values.db, io, (repo) => repo.listTeams());
        for (const team of teams) await write(io.stdout, `${team.id}\t${team.zone}\t${team.createdAt}\n`);
        return EXIT_OK;
      }
      case undefined:
        throw new UsageError('missing create or list');
      default:
        throw new UsageError(`unknown action ${JSON.stringify(action)}`);
    }
  },
};
