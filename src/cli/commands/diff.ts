import type { GridChange, GridDiff } from '../../versions/index.ts';
import { bumpLevel, checkVersionBump, compareVersions, diffGrids, levelAtLeast, parseVersion, requiredLevel } from '../../versions/index.ts';
import type { Grid } from '../../grid/index.ts';
import type { Command } from '../command.ts';
import { EXIT_INVALID_INPUT, EXIT_OK } from '../command.ts';
import { expectPositionals, parseCommandArgs } from '../args.ts';
import { loadGrid } from '../load-grid.ts';
import { formatIssue, write, writeIssues } from '../report.ts';

/** `griglie diff OLD.json NEW.json [--json]`: the changes between two versions and the bump they need. */
export const diffCommand: Command = {
  name: 'diff',
  summary: 'list the changes between two versions of a grid and the version bump they require',
  usage: 'griglie diff OLD.json NEW.json [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } });
    expectPositionals(positionals, 2, 2, positionals.length === 0 ? 'OLD.json and NEW.json' : 'NEW.json');
    const grids: Grid[] = [];
    let status = EXIT_OK;
    for (const file of positionals) {
      const loaded = await loadGrid(io, file, { compile: false, checkVersion: false });
      if (loaded.ok) {
        grids.push(loaded.grid);
        continue;
      }
      status = EXIT_INVALID_INPUT;
      for (const problem of loaded.problems) await writeIssues(io.stderr, problem.file, problem.issues);
    }
    const [from, to] = grids;
    if (status !== EXIT_OK || !from || !to) return EXIT_INVALID_INPUT;

    const diff = diffGrids(from, to);
    if (values.json === true) {
      await write(io.stdout, JSON.stringify(diff, null, 2) + '\n');
      return EXIT_OK;
    }
    await write(io.stdout, renderDiff(diff, from, to));
    // The rest of the version check (crosswalk, comparability) as notes: a diff is not a refusal.
    const notes = checkVersionBump(from, to, diff).filter((issue) => issue.code !== 'version_bump_too_small');
    for (const issue of notes) await write(io.stdout, formatIssue('note', issue) + '\n');
    return EXIT_OK;
  },
};

/** The diff as text: one change per line, aligned, then the bump it requires and the verdict. */
export function renderDiff(diff: GridDiff, from: Grid, to: Grid): string {
  const kindWidth = Math.max(0, ...diff.map((change) => change.kind.length));
  const pathWidth = Math.max(0, ...diff.map((change) => where(change).length));
  const lines = diff.map((change) => `${change.level.padEnd(5)}  ${change.kind.padEnd(kindWidth)}  ${where(change).padEnd(pathWidth)}  ${change.message}`);
  const needed = requiredLevel(diff);
  lines.push(needed === undefined ? 'no changes' : `${diff.length} change${diff.length === 1 ? '' : 's'}; required bump: ${needed}`);
  lines.push(verdict(from, to, needed ?? 'patch'));
  return lines.map((line) => line.trimEnd() + '\n').join('');
}

/** A path in the old version is marked, since most paths point into the new one. */
function where(change: GridChange): string {
  return change.side === 'from' ? `${change.path} (old)` : change.path;
}

function verdict(from: Grid, to: Grid, needed: 'patch' | 'minor' | 'major'): string {
  const before = parseVersion(from.version);
  const after = parseVersion(to.version);
  const step = `version ${from.version} -> ${to.version}`;
  if (!before || !after) return `${step}: not semantic versions, cannot check the bump`;
  if (compareVersions(after, before) <= 0) return `${step}: does not satisfy it (the new version must be greater)`;
  const bump = bumpLevel(before, after);
  return levelAtLeast(bump, needed) ? `${step}: ${bump} bump, satisfies it` : `${step}: ${bump} bump, does not satisfy it (needs ${needed})`;
}
