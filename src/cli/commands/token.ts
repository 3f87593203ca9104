import { NotFoundError, RequestInvalidError } from '../../errors.ts';
import { generateTokenSecret, hashTokenSecret } from '../../identity/index.ts';
import type { Role, TokenRecord } from '../../storage/index.ts';
import { COMMAND_LINE_ACTOR, ROLES } from '../../storage/index.ts';
import { expectPositionals, parseCommandArgs } from '../args.ts';
import type { CliIo, Command } from '../command.ts';
import { EXIT_OK, UsageError } from '../command.ts';
import { DB_OPTION, withRepository } from '../db-option.ts';
import { write } from '../report.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * `griglie token create|revoke|list`. A new token is printed once, alone on the last line of
 * stdout (so that `| tail -n 1` captures it); only its SHA-256 is stored, and neither the secret
 * nor the hash is ever printed again.
 */
export const tokenCommand: Command = {
  name: 'token',
  summary: 'create, revoke or list API tokens (a new token is shown once)',
  usage: [
    'griglie token create --role ROLE [--team TEAM | --project NAME] [--name NAME] [--expires DAYS] [--db FILE]',
    '       griglie token revoke ID [--db FILE]',
    '       griglie token list [--db FILE]',
    `ROLE is one of ${ROLES.join(', ')}; operator and coordinator tokens name their team, researcher tokens their project.`,
  ].join('\n'),
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      ...DB_OPTION,
      role: { type: 'string' },
      team: { type: 'string' },
      project: { type: 'string' },
      name: { type: 'string' },
      expires: { type: 'string' },
    });
    const [action, ...rest] = positionals;
    const createOnly = (['role', 'team', 'project', 'name', 'expires'] as const).filter((key) => values[key] !== undefined);
    if (action !== 'create' && action !== undefined && createOnly.length > 0) {
      throw new UsageError(`--${createOnly[0]} is for token create`);
    }
    switch (action) {
      case 'create':
        expectPositionals(rest, 0, 0, '');
        return createToken(values, io);
      case 'revoke': {
        expectPositionals(rest, 1, 1, 'ID');
        const id = rest[0] as string;
        if (!/^[1-9]\d{0,15}$/.test(id)) throw new UsageError(`token ID is a number, not ${JSON.stringify(id)}`);
        const revoked = await withRepository(values.db, io, (repo) => repo.revokeToken(Number(id), COMMAND_LINE_ACTOR));
        if (!revoked) throw new NotFoundError(`No active token ${id}.`);
        await write(io.stdout, `revoked token ${id}\n`);
        return EXIT_OK;
      }
      case 'list': {
        expectPositionals(rest, 0, 0, '');
        const tokens = await withRepository(values.db, io, (repo) => repo.listTokens());
        await write(io.stdout, 'id\trole\tteam\tproject\tname\tcreated\texpires\trevoked\n');
        for (const token of tokens) await write(io.stdout, formatToken(token) + '\n');
        return EXIT_OK;
      }
      case undefined:
        throw new UsageError('missing create, revoke or list');
      default:
        throw new UsageError(`unknown action ${JSON.stringify(action)}`);
    }
  },
};

interface CreateValues {
  db?: string | undefined;
  role?: string | undefined;
  team?: string | undefined;
  project?: string | undefined;
  name?: string | undefined;
  expires?: string | undefined;
}

async function createToken(values: CreateValues, io: CliIo): Promise<number> {
  if (values.role === undefined) throw new UsageError('missing --role ROLE');
  if (!(ROLES as readonly string[]).includes(values.role)) {
    throw new RequestInvalidError(`Unknown role ${JSON.stringify(values.role)}.`, [
      { code: 'unknown_role', path: '/role', message: `The role is one of ${ROLES.join(', ')}.` },
    ]);
  }
  const role = values.role as Role;
  if (values.team !== undefined && values.project !== undefined) throw new UsageError('give --team or --project, not both');
  const needsTeam = role === 'operator' || role === 'coordinator';
  if (needsTeam && values.team === undefined) throw new UsageError(`a ${role} token needs --team TEAM`);
  if (!needsTeam && values.team !== undefined) throw new UsageError(`a ${role} token takes no --team`);
  if (role === 'researcher' && values.project === undefined) throw new UsageError('a researcher token needs --project NAME');
  if (role !== 'researcher' && values.project !== undefined) throw new UsageError(`a ${role} token takes no --project`);
  let expiresInDays: number | null = null;
  if (values.expires !== undefined) {
    if (!/^[1-9]\d{0,4}$/.test(values.expires)) {
      throw new RequestInvalidError('Invalid --expires.', [
        { code: 'invalid_expiry', path: '/expires', message: 'The expiry is a whole number of days, from 1 to 99999.' },
      ]);
    }
    expiresInDays = Number(values.expires);
  }
  const name = values.name?.trim() === '' ? null : (values.name?.trim() ?? null);

  const secret = generateTokenSecret();
  const record = await withRepository(values.db, io, async (repo) => {
    let project: number | null = null;
    if (values.project !== undefined) {
      const found = await repo.getProjectByName(values.project);
      if (found === null) throw new NotFoundError(`No research project ${JSON.stringify(values.project)}; create it with griglie project create.`);
      project = found.id;
    }
    if (values.team !== undefined && (await repo.getTeam(values.team)) === null) {
      throw new NotFoundError(`No team ${JSON.stringify(values.team)}; create it with griglie team create.`);
    }
    const expiresAt = expiresInDays === null ? null : new Date(Date.now() + expiresInDays * DAY_MS).toISOString();
    return repo.createToken({ hash: hashTokenSecret(secret), role, name, team: values.team ?? null, project, expiresAt }, COMMAND_LINE_ACTOR);
  });
  const scope = record.team !== null ? `, team ${record.team}` : record.project !== null ? `, project ${values.project ?? ''}` : '';
  const expiry = record.expiresAt === null ? ', no expiry' : `, expires ${record.expiresAt}`;
  await write(io.stdout, `created token ${record.id}: role ${record.role}${scope}${expiry}\n`);
  await write(io.stderr, 'Store the token now: it is shown only this once.\n');
  await write(io.stdout, secret + '\n');
  return EXIT_OK;
}

function formatToken(token: TokenRecord): string {
  return [
    token.id,
    token.role,
    token.team ?? '-',
    token.project ?? '-',
    token.name ?? '-',
    token.createdAt,
    token.expiresAt ?? '-',
    token.revokedAt ?? '-',
  ].join('\t');
}
