/**
 * The scoring benchmark (SPEC 11, first point): the generated scorer of `grid.json` against the
 * hand-written one, with SurveyJS and fhirpath.js beside them, on 200,000 responses with every
 * item answered and on 200,000 with 15% of items left out. Every scorer is checked against the
 * hand-written one before it is timed. docs/performance.md explains the figures.
 */
import type { Grid, Responses } from '../../src/grid/index.ts';
import type { ScoringOutput } from '../../src/compiler/index.ts';
import { itemsOf, validateGrid } from '../../src/grid/index.ts';
import { compileGrid } from '../../src/compiler/index.ts';
import type { BenchContext, BenchReport, BenchTable, Benchmark } from '../benchmark.ts';
import { intFlag } from '../benchmark.ts';
import { assertAgreement } from './check.ts';
import type { DataSet } from './data.ts';
import { makeDataSet } from './data.ts';
import { createFhirPathScorer, fhirPathOverResponses, toQuestionnaireResponse } from './fhirpath.ts';
import { loadBenchGrid } from './grid.ts';
import { scoreHandWritten } from './hand-written.ts';
import type { Measurement } from './measure.ts';
import { contestant, measureInterleaved } from './measure.ts';
import { createSurveyJsScorer } from './surveyjs.ts';

/** SPEC 11: the generated scorer reaches at least this share of the hand-written one's throughput. */
export const TARGET_RATIO = 0.8;

const HAND = 'hand-written';
const GENERATED = 'generated (compileGrid)';
/** What the service and `griglie score` run: the response copied to one fixed shape, then scored. */
const SHAPED = 'generated after shape()';
const SURVEYJS = 'SurveyJS survey-core';
const FHIRPATH = 'fhirpath.js';

/** Checks the grid with the project's validator; a grid with issues stops the benchmark. */
function validate(grid: Grid, log: (line: string) => void): string {
  try {
    const check = validateGrid(grid);
    if (!check.ok) throw new Error(`bench/scoring/grid.json is invalid:\n${check.issues.map((i) => `  ${i.path} ${i.code}: ${i.message}`).join('\n')}`);
    return 'bench/scoring/grid.json passes validateGrid';
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('bench/scoring/grid.json is invalid')) throw error;
    // A crash of the validator itself (not an issue with the grid) is reported, not fatal.
    const message = `validateGrid could not run (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); the grid was compiled unvalidated`;
    log(message);
    return message;
  }
}

const format = {
  rate: (n: number): string => Math.round(n).toLocaleString('en-US'),
  ratio: (n: number): string => (n >= 0.01 ? n.toFixed(3) : n.toPrecision(2)),
  int: (n: number): string => n.toLocaleString('en-US'),
};

function runScoring(context: BenchContext): BenchReport {
  const { flags, log } = context;
  const count = intFlag(flags, 'count', 200_000);
  const rounds = intFlag(flags, 'rounds', 7);
  const sampleMs = intFlag(flags, 'sample-ms', 500);
  const fullCheck = flags['full-check'] === true;
  // The expression engines run at thousands (SurveyJS) and tens (fhirpath) of responses per second:
  // checking them on all 400,000 responses would take hours, so by default they are checked on a
  // prefix that covers every response they are timed on.
  const surveyCheck = fullCheck ? count : Math.min(count, intFlag(flags, 'check-surveyjs', 20_000));
  const fhirCheck = fullCheck ? count : Math.min(count, intFlag(flags, 'check-fhirpath', 1_000));
  const fhirInputs = Math.min(count, intFlag(flags, 'fhirpath-inputs', 1_000));

  const grid = loadBenchGrid();
  const validation = validate(grid, log);
  const compiled = compileGrid(grid);
  const generated = compiled.score;
  const shapedThenScored = (responses: Responses): ScoringOutput => compiled.score(compiled.shape(responses));
  const surveyJs = createSurveyJsScorer(grid);
  const fhirScorer = createFhirPathScorer(grid);
  const fhirOverResponses = fhirPathOverResponses(grid);
  const itemIds = itemsOf(grid).map(({ item }) => item.id);

  log(`generating and parsing ${format.int(count)} x 2 responses`);
  const sets: DataSet[] = [
    makeDataSet(grid, 'every item answered', { count, seed: 20240601, leftOut: 0 }),
    makeDataSet(grid, '15% left out (half absent, half NA/NK)', { count, seed: 20240602, leftOut: 0.15 }),
  ];

  const figures: BenchTable = {
    title: `Scoring throughput (median of ${rounds} interleaved rounds)`,
    columns: ['data set', 'scorer', 'responses per sample', 'median responses/s', 'min .. max responses/s', 'ratio to hand-written', 'checksum per response'],
    rows: [],
  };
  const targets: BenchTable = {
    title: `Target: generated >= ${TARGET_RATIO} x hand-written`,
    columns: ['data set', 'generated / hand-written', 'met'],
    rows: [],
  };
  const notes: string[] = [validation];
  let missed = false;

  for (const set of sets) {
    log(`${set.name}: checking`);
    const checked = {
      generated: assertAgreement(GENERATED, scoreHandWritten, generated, set.responses),
      shaped: assertAgreement(SHAPED, scoreHandWritten, shapedThenScored, set.responses),
      surveyJs: assertAgreement(SURVEYJS, scoreHandWritten, surveyJs, set.responses, surveyCheck),
      fhirpath: assertAgreement(FHIRPATH, scoreHandWritten, fhirOverResponses, set.responses, fhirCheck),
    };
    notes.push(
      `${set.name}: results identical to the hand-written scorer on ${format.int(checked.generated)} responses (generated), ` +
        `${format.int(checked.surveyJs)} (SurveyJS), ${format.int(checked.fhirpath)} (fhirpath.js); ` +
        `${format.int(set.stats.absent)} absent items and ${format.int(set.stats.missingCodes)} missing codes ` +
        `in ${format.int(set.stats.items)} (${((100 * (set.stats.absent + set.stats.missingCodes)) / set.stats.items).toFixed(1)}% left out).`,
    );

    // QuestionnaireResponses are shaped before timing, as JSON.parse is: fhirpath.js is timed on
    // the evaluation alone, as if its data had arrived as FHIR resources.
    const resources = set.responses.slice(0, fhirInputs).map((r) => toQuestionnaireResponse(itemIds, r));
    const contestants = [contestant(HAND, scoreHandWritten, set.responses, true), contestant(GENERATED, generated, set.responses, true), contestant(SHAPED, shapedThenScored, set.responses, true)];
    // --skip-engines times the two JavaScript scorers alone, to see how the engines' presence moves them.
    if (flags['skip-engines'] !== true) contestants.push(contestant(SURVEYJS, surveyJs, set.responses), contestant(FHIRPATH, fhirScorer, resources));
    log(`${set.name}: measuring`);
    const results = measureInterleaved(contestants, {
      rounds,
      sampleSeconds: sampleMs / 1000,
      checksumScore: 'totale',
      checksumBand: 'media_cura',
      log,
    });
    const hand = results.find((m) => m.name === HAND)!;
    const byName = (name: string): Measurement => results.find((m) => m.name === name)!;
    for (const m of results) {
      figures.rows.push([
        set.name,
        m.name,
        m.passes > 1 ? `${format.int(m.passes)} x ${format.int(m.limit)}` : format.int(m.limit),
        format.rate(m.median),
        `${format.rate(Math.min(...m.throughputs))} .. ${format.rate(Math.max(...m.throughputs))}`,
        format.ratio(m.median / hand.median),
        m.checksumPerResponse.toFixed(6),
      ]);
    }
    const ratio = byName(GENERATED).median / hand.median;
    if (ratio < TARGET_RATIO) missed = true;
    targets.rows.push([set.name, format.ratio(ratio), ratio >= TARGET_RATIO ? 'yes' : 'NO']);
  }

  notes.push(missed ? 'The generated scorer is under the target on at least one data set.' : 'The generated scorer meets the target on both data sets.');
  notes.push(`Generated scorer: ${compiled.scorerSource.split('\n').length} lines of JavaScript (compileGrid(grid).scorerSource).`);
  return { tables: [figures, targets], notes };
}

export const scoringBenchmark: Benchmark = {
  name: 'scoring',
  description: 'generated scorer against a hand-written one, SurveyJS and fhirpath.js (SPEC 11)',
  run: (context) => Promise.resolve(runScoring(context)),
};
