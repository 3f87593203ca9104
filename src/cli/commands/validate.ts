import type { Command } from '../command.ts';
import { EXIT_INVALID_INPUT, EXIT_OK, UsageError } from '../command.ts';
import { parseCommandArgs } from '../args.ts';
import { loadGrid } from '../load-grid.ts';
import { write, writeIssues } from '../report.ts';

/** `griglie validate FILE...`: meta-schema, semantic rules, worked examples and version bump. */
export const validateCommand: Command = {
  name: 'validate',
  summary: 'check grid versions: schema, rules, worked examples and the bump from the previous version',
  usage: 'griglie validate FILE...',
  async run(args, io) {
    const { positionals } = parseCommandArgs(args, {});
    if (positionals.length === 0) throw new UsageError('missing FILE');
    let status = EXIT_OK;
    for (const file of positionals) {
      const loaded = await loadGrid(io, file, { compile: true, checkVersion: true });
      if (loaded.ok) {
        await write(io.stdout, `ok ${file} (${loaded.grid.id}@${loaded.grid.version})\n`);
        continue;
      }
      status = EXIT_INVALID_INPUT;
      for (const problem of loaded.problems) await writeIssues(io.stderr, problem.file, problem.issues);
    }
    return status;
  },
};
