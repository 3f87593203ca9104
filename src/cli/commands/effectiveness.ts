import { RequestInvalidError } from '../../errors.ts';
import type { Issue } from '../../errors.ts';
import { cohortEffectivenessReport, createComparability, createGridRegistry } from '../../service/index.ts';
import type { CohortFilter, EffectivenessReport, ScoreEffectiveness } from '../../service/index.ts';
import { isComputed } from '../../stats/index.ts';
import type { CountFigure, Scalar } from '../../stats/index.ts';
import { COMMAND_LINE_ACTOR } from '../../storage/index.ts';
import { expectPositionals, parseCommandArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { EXIT_OK, UsageError } from '../command.ts';
import { DB_OPTION, withRepository } from '../db-option.ts';
import { write } from '../report.ts';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const OCCASION = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const INTERVENTION = /^[A-Za-z0-9_-]{1,32}$/;
const INFORMANT = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * `griglie effectiveness`: the cohort statistics of `GET /api/v1/cohorts/effectiveness` for the
 * database's owner, over every case matching the filter, with no disclosure control; a readable
 * table, or the report as JSON with `--json`. Audited as `cohort.read`.
 */
export const effectivenessCommand: Command = {
  name: 'effectiveness',
  summary: 'cohort effectiveness of a grid between two occasions (no suppression: for the database owner)',
  usage:
    'griglie effectiveness --grid ID --from T0 --to T2 [--zone Z] [--team T] [--intervention CODE] [--informant I] [--json] [--db FILE]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      ...DB_OPTION,
      grid: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      zone: { type: 'string' },
      team: { type: 'string' },
      intervention: { type: 'string' },
      informant: { type: 'string' },
      json: { type: 'boolean' },
    });
    expectPositionals(positionals, 0, 0, '');
    for (const required of ['grid', 'from', 'to'] as const) {
      if (values[required] === undefined) throw new UsageError(`missing --${required}`);
    }
    const issues: Issue[] = [];
    const check = (name: keyof typeof values, pattern: RegExp, message: string): void => {
      const value = values[name];
      if (typeof value === 'string' && !pattern.test(value)) issues.push({ code: `invalid_${name}`, path: `/${name}`, message });
    };
    check('grid', SLUG, 'A grid id is lowercase letters, digits and hyphens.');
    check('from', OCCASION, 'An occasion is a short name such as T0.');
    check('to', OCCASION, 'An occasion is a short name such as T2.');
    check('zone', NAME, 'A zone is letters, digits, dots, hyphens and underscores.');
    check('team', NAME, 'A team is letters, digits, dots, hyphens and underscores.');
    check('intervention', INTERVENTION, 'An intervention type is a short code such as 410.');
    check('informant', INFORMANT, 'An informant is a lowercase name such as social_worker or team.');
    if (issues.length > 0) throw new RequestInvalidError('Invalid cohort filter.', issues);

    const filter: CohortFilter = { grid: values.grid!, from: values.from!, to: values.to! };
    if (values.zone !== undefined) filter.zone = values.zone;
    if (values.team !== undefined) filter.team = values.team;
    if (values.intervention !== undefined) filter.intervention = values.intervention;
    if (values.informant !== undefined) filter.informant = values.informant;

    const report = await withRepository(values.db, io, async (repo) => {
      const grids = createGridRegistry({ repo });
      const comparability = createComparability({ grids });
      const out = await cohortEffectivenessReport({ repo, grids, comparability }, filter, { role: 'admin' });
      await repo.audit({ action: 'cohort.read', records: [], detail: { ...filter, disclosure: false } }, COMMAND_LINE_ACTOR);
      return out;
    });
    await write(io.stdout, values.json === true ? JSON.stringify(report, null, 2) + '\n' : formatReport(report));
    return EXIT_OK;
  },
};

const num = (value: number | null | undefined, digits = 2): string => (value === null || value === undefined ? '-' : value.toFixed(digits));
const cnt = (figure: CountFigure | Scalar): string => (figure.value === null ? '-' : String(figure.value));
const pct = (figure: Scalar): string => (figure.value === null ? '-' : `${(100 * figure.value).toFixed(1)}%`);

/** A plain-text report: one block per score, aligned columns. */
export function formatReport(report: EffectivenessReport): string {
  const lines: string[] = [];
  const filter = Object.entries(report.filter).map(([k, v]) => `${k}=${String(v)}`).join(' ');
  lines.push(`grid ${report.grid} (reference version ${report.referenceVersion}; versions read: ${report.versions.join(', ') || '-'})`);
  lines.push(`occasions ${report.from} -> ${report.to}${filter === '' ? '' : `; filter ${filter}`}`);
  lines.push(`cases with both occasions: ${cnt(report.cases)}`);
  const living = report.livingAtTo;
  lines.push(
    `living with their family at ${living.occasion}: ${pct(living.shareWithFamily)} ` +
      `(family ${cnt(living.counts.family)}, kinship care ${cnt(living.counts.kinship_care)}, foster family ${cnt(living.counts.foster_family)}, ` +
      `residential community ${cnt(living.counts.residential_community)}, not recorded ${cnt(living.counts.not_recorded)})`,
  );
  for (const score of report.scores) lines.push('', ...formatScore(score, report));
  return lines.join('\n') + '\n';
}

function formatScore(s: ScoreEffectiveness, report: EffectivenessReport): string[] {
  const rows: [string, string][] = [];
  rows.push(['n', cnt(s.n)]);
  rows.push([`${report.from} mean (SD)`, `${num(s.occasions.from.mean.value)} (${num(s.occasions.from.sd.value)})`]);
  rows.push([`${report.to} mean (SD)`, `${num(s.occasions.to.mean.value)} (${num(s.occasions.to.sd.value)})`]);
  rows.push(['change mean (SD)', `${num(s.change.mean.value)} (${num(s.change.sd.value)})`]);
  rows.push(['paired t', isComputed(s.tTest) ? `t(${s.tTest.df}) = ${num(s.tTest.t)}, p = ${num(s.tTest.p, 4)}` : `- (${s.tTest.reason})`]);
  rows.push(['d_z [95% CI]', isComputed(s.dz) ? `${num(s.dz.value)} [${num(s.dz.ci.lower)}, ${num(s.dz.ci.upper)}]` : `- (${s.dz.reason})`]);
  rows.push([
    'Hedges g_av [95% CI]',
    isComputed(s.gav) ? `${num(s.gav.value)} ${isComputed(s.gav.ci) ? `[${num(s.gav.ci.lower)}, ${num(s.gav.ci.upper)}]` : `(CI: ${s.gav.ci.reason})`}` : `- (${s.gav.reason})`,
  ]);
  rows.push([
    'Wilcoxon signed-rank',
    isComputed(s.wilcoxon) ? `V = ${num(s.wilcoxon.statistic, 1)}, p = ${num(s.wilcoxon.p, 4)} (${s.wilcoxon.method}; zeros dropped ${cnt(s.wilcoxon.zerosDropped)})` : `- (${s.wilcoxon.reason})`,
  ]);
  if (isComputed(s.reliableChange)) {
    const rc = s.reliableChange;
    rows.push([
      'reliable change (RCI)',
      `improved ${cnt(rc.counts.reliable_improvement)} (${pct(rc.shares.reliable_improvement)}), ` +
        `no change ${cnt(rc.counts.no_reliable_change)} (${pct(rc.shares.no_reliable_change)}), ` +
        `deteriorated ${cnt(rc.counts.reliable_deterioration)} (${pct(rc.shares.reliable_deterioration)})`,
    ]);
  } else rows.push(['reliable change (RCI)', `- (${s.reliableChange.reason})`]);
  const c = s.comparisons;
  rows.push([
    'versions compared',
    `same version ${cnt(c.pairs.same_version)}, declared comparable ${cnt(c.pairs.declared_comparable)}, ` +
      `re-scored on shared items ${cnt(c.pairs.rescored_on_shared_items)}; not comparable ${cnt(c.notComparable)}, missing value ${cnt(c.missingValue)}`,
  ]);
  const width = Math.max(...rows.map(([k]) => k.length));
  const out = [`score ${s.score} (${s.label.en ?? s.label.it}; ${s.direction})`, ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`)];
  if (isComputed(s.transitions)) {
    const t = s.transitions;
    const bandWidth = Math.max(6, ...t.bands.map((b) => b.length));
    out.push(`  band transitions (rows ${report.from}, columns ${report.to}):`);
    out.push(`    ${''.padEnd(bandWidth)}  ${t.bands.map((b) => b.padStart(bandWidth)).join('  ')}  ${'total'.padStart(bandWidth)}`);
    t.bands.forEach((band, i) => {
      const cells = t.cells[i]!.map((cell) => cnt(cell).padStart(bandWidth)).join('  ');
      out.push(`    ${band.padEnd(bandWidth)}  ${cells}  ${cnt(t.rowTotals[i]!).padStart(bandWidth)}`);
    });
    out.push(`    ${'total'.padEnd(bandWidth)}  ${t.columnTotals.map((cell) => cnt(cell).padStart(bandWidth)).join('  ')}  ${cnt(t.total).padStart(bandWidth)}`);
    out.push(isComputed(t.test) ? `    ${t.test.test}: chi2(${t.test.df}) = ${num(t.test.statistic)}, p = ${num(t.test.p, 4)}` : `    symmetry test: - (${t.test.reason})`);
  } else out.push(`  band transitions: - (${s.transitions.reason})`);
  return out;
}
