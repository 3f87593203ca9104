import { RequestInvalidError } from '../../errors.ts';
import { COMMAND_LINE_ACTOR } from '../../storage/index.ts';
import { expectPositionals, parseCommandArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { EXIT_OK, UsageError } from '../command.ts';
import { DB_OPTION, withRepository } from '../db-option.ts';
import { write } from '../report.ts';

/** `griglie project create NAME --protocol REF`: a research project, named by researcher tokens. */
export const projectCommand: Command = {
  name: 'project',
  summary: 'create a research project with the reference of its approved protocol',
  usage: 'griglie project create NAME --protocol REF [--db FILE]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { ...DB_OPTION, protocol: { type: 'string' } });
    const [action, ...rest] = positionals;
    if (action === undefined) throw new UsageError('missing create');
    if (action !== 'create') throw new UsageError(`unknown action ${JSON.stringify(action)}`);
    expectPositionals(rest, 1, 1, 'NAME');
    if (values.protocol === undefined) throw new UsageError('missing --protocol REF');
    const name = (rest[0] as string).trim();
    const protocol = values.protocol.trim();
    const issues = [
      ...(name === '' ? [{ code: 'empty_name', path: '/name', message: 'A research project needs a name.' }] : []),
      ...(protocol === '' ? [{ code: 'empty_protocol', path: '/protocol', message: 'Name the approved protocol (e.g. the ethics committee reference).' }] : []),
    ];
    if (issues.length > 0) throw new RequestInvalidError('Invalid research project.', issues);
    const project = await withRepository(values.db, io, (repo) => repo.createProject({ name, protocol }, COMMAND_LINE_ACTOR));
    await write(io.stdout, `created research project ${project.name} (id ${project.id}, protocol ${project.protocol})\n`);
    return EXIT_OK;
  },
};
