import { RequestInvalidError } from '../../errors.ts';
import type { Issue } from '../../errors.ts';
import { createGridRegistry, readEngineVersion, rescoreAdministrations } from '../../service/index.ts';
import type { RescoreOptions, RescoreReport, ScoreState } from '../../service/index.ts';
import { COMMAND_LINE_ACTOR } from '../../storage/index.ts';
import { expectPositionals, parseCommandArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { EXIT_OK, UsageError } from '../command.ts';
import { DB_OPTION, withRepository } from '../db-option.ts';
import { write } from '../report.ts';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const VERSION = /^\d+\.\d+\.\d+$/;

/**
 * `griglie rescore`: after a scoring defect is fixed, scores the stored administrations again with
 * this engine and, where the result differs, appends a revision with the new scores beside the old
 * (SPEC 5), as one audited batch per page. `--dry-run` reports what would change and writes
 * nothing; a real run needs `--reason`.
 */
export const rescoreCommand: Command = {
  name: 'rescore',
  summary: 'score stored administrations again with this engine; new revisions where the scores differ',
  usage:
    'griglie rescore (--reason TEXT | --dry-run) [--grid ID [--version V]] [--json] [--db FILE]\n' +
    'Administrations whose stored scores differ from what this engine computes get a new revision (same responses, new scores, reason "rescore: TEXT"); the old scores stay in the history. --dry-run lists them and writes nothing.',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      ...DB_OPTION,
      reason: { type: 'string' },
      'dry-run': { type: 'boolean' },
      grid: { type: 'string' },
      version: { type: 'string' },
      json: { type: 'boolean' },
    });
    expectPositionals(positionals, 0, 0, '');
    const dryRun = values['dry-run'] === true;
    if (!dryRun && values.reason === undefined) throw new UsageError('give --reason TEXT (why the scores are computed again), or --dry-run to see what would change');
    if (values.version !== undefined && values.grid === undefined) throw new UsageError('--version needs --grid');
    const issues: Issue[] = [];
    if (values.grid !== undefined && !SLUG.test(values.grid)) issues.push({ code: 'invalid_grid', path: '/grid', message: 'A grid id is lowercase letters, digits and hyphens.' });
    if (values.version !== undefined && !VERSION.test(values.version)) issues.push({ code: 'invalid_version', path: '/version', message: 'A version is MAJOR.MINOR.PATCH.' });
    if (values.reason !== undefined && values.reason.trim() === '') issues.push({ code: 'reason_required', path: '/reason', message: 'Say why the scores are computed again.' });
    if (issues.length > 0) throw new RequestInvalidError('Invalid rescore options.', issues);

    const options: RescoreOptions = { dryRun };
    if (values.reason !== undefined) options.reason = values.reason;
    if (values.grid !== undefined) options.grid = values.grid;
    if (values.version !== undefined) options.version = values.version;
    const report = await withRepository(values.db, io, (repo) =>
      rescoreAdministrations({ repo, grids: createGridRegistry({ repo }), engineVersion: readEngineVersion() }, options, COMMAND_LINE_ACTOR),
    );
    await write(io.stdout, values.json === true ? JSON.stringify(report, null, 2) + '\n' : formatReport(report));
    if (report.failed.length > 0 || report.skipped.length > 0 || report.versions.some((v) => v.notCompiled !== null)) await write(io.stderr, formatLeftOver(report));
    return EXIT_OK;
  },
};

function formatReport(report: RescoreReport): string {
  const lines: string[] = [];
  lines.push(`engine ${report.engineVersion}: ${report.checked} administration${report.checked === 1 ? '' : 's'} checked (void ones left out)`);
  for (const v of report.versions) {
    const scores = v.scores.length > 0 ? ` (scores: ${v.scores.join(', ')})` : '';
    const left = v.notCompiled !== null ? ', does not compile with this engine' : v.unscorable > 0 ? `, ${v.unscorable} not scorable` : '';
    lines.push(`  ${v.grid}@${v.version}: ${v.checked} checked, ${v.stale} with other scores${scores}${left}`);
  }
  const unscorable = report.versions.reduce((n, v) => n + v.unscorable, 0);
  lines.push(`unchanged ${report.unchanged}; with other scores ${report.stale}; not scorable ${unscorable}`);
  if (report.dryRun) lines.push(`dry run: nothing written; \`griglie rescore --reason TEXT\` would write ${report.stale} new revisions`);
  else lines.push(`re-scored ${report.rescored} (new revisions, reason "${report.reason ?? ''}"); skipped ${report.skipped.length}`);
  if (report.examples.length > 0) {
    lines.push(report.examples.length < report.stale ? `first ${report.examples.length}:` : 'administrations:');
    for (const example of report.examples) {
      const revisions = example.newRevision === undefined ? `revision ${example.revision}` : `revision ${example.revision} -> ${example.newRevision}`;
      const changes = example.changes.map((c) => `${c.score} ${state(c.before)} -> ${state(c.after)}`).join('; ');
      lines.push(`  ${example.administrationId} (${example.grid}@${example.version}, ${revisions}): ${changes === '' ? 'grid hash' : changes}`);
    }
  }
  return lines.join('\n') + '\n';
}

function state(s: ScoreState): string {
  const value = s.value === null ? `null${s.reason === null ? '' : ` (${s.reason})`}` : String(s.value);
  return s.band === null ? value : `${value} [${s.band}]`;
}

/** Administrations left as they were, on stderr: the run did its part, these need a look or another run. */
function formatLeftOver(report: RescoreReport): string {
  const lines: string[] = [];
  for (const skip of report.skipped) lines.push(`skipped ${skip.administrationId}: ${skip.reason === 'changed' ? 'amended meanwhile; run again' : skip.reason === 'void' ? 'voided meanwhile' : 'no longer there'}`);
  for (const v of report.versions) {
    if (v.notCompiled !== null) lines.push(`not scorable ${v.grid}@${v.version} (${v.unscorable} administrations): ${v.notCompiled.map((i) => `${i.code} at ${i.path || '/'}`).join(', ')}`);
  }
  for (const fail of report.failed) lines.push(`not scorable ${fail.administrationId} (${fail.grid}@${fail.version}): ${fail.issues.map((i) => `${i.code} at ${i.path || '/'}`).join(', ')}`);
  return lines.join('\n') + '\n';
}
