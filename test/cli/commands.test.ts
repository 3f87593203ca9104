import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../../src/grid/index.ts';
import { baseGrid } from '../versions/fixtures.ts';
import type { GridFiles } from './fixtures.ts';
import { ANSWERED, ANSWERED_SCORES, writeGridFiles } from './fixtures.ts';
import type { RunResult } from './helpers.ts';
import { STACK_LINE, parseLines, runCli, tempFolder } from './helpers.ts';

/**
 * The real `bin/griglie.js`, run as a child process (each costs a Node start with tsx, so the
 * cases are grouped; finer cases run in-process in main.test.ts).
 */
describe('griglie (child process)', () => {
  const folder = tempFolder();
  let files: GridFiles;

  beforeAll(() => {
    files = writeGridFiles(folder);
  });
  afterAll(() => {
    folder.remove();
  });

  it('validate prints ok for each valid file and exits 0', async () => {
    const result = await runCli(['validate', files.v1, files.v110]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`ok ${files.v1} (griglia-prova@1.0.0)\nok ${files.v110} (griglia-prova@1.1.0)\n`);
    expect(result.code).toBe(0);
  });

  it('validate reports each invalid file as FILE: pointer: message [code], checks the others, and exits 1', async () => {
    const missing = join(folder.dir, 'missing.json');
    const result = await runCli(['validate', files.invalid, files.wrongExample, missing, files.bumpNew, files.v1]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(`ok ${files.v1} (griglia-prova@1.0.0)\n`);
    const lines = result.stderr.trimEnd().split('\n');
    // The meta-schema and semantic rules.
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${escape(files.invalid)}: /sections/0/items/1/id: .+ \\[duplicate_id\\]$`)));
    // The compiler runs the worked examples.
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${escape(files.wrongExample)}: /examples/0/expect/scores/bisogni_totale: .+ \\[example_mismatch\\]$`)));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${escape(missing)}: .+ \\[file_unreadable\\]$`)));
    // The bump is checked against bump/1.0.0.json, found in the same folder; the message lists the change.
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${escape(files.bumpNew)}: /version: .*item_removed.* \\[version_bump_too_small\\]$`)));
    expect(result.stderr).not.toMatch(STACK_LINE);
  });

  it('compile writes every artifact, byte for byte the same on a second run', async () => {
    const first = join(folder.dir, 'out-1');
    const second = join(folder.dir, 'out-2');
    const run1 = await runCli(['compile', files.v1, '--out', first]);
    const run2 = await runCli(['compile', files.v1, '--out', second]);
    expect([run1.code, run2.code]).toEqual([0, 0]);
    const expected = [
      'codebook.csv',
      'codebook.json',
      'draft-response.schema.json',
      'form.en.json',
      'form.it.json',
      'grid.json',
      'response.schema.json',
      'scorer.js',
      'types.d.ts',
    ];
    expect(readdirSync(first).sort()).toEqual(expected);
    expect(run1.stdout.trim().split('\n').sort()).toEqual(expected.map((name) => join(first, name)));
    for (const name of expected) {
      expect(readFileSync(join(second, name)), name).toEqual(readFileSync(join(first, name)));
    }
    // grid.json is the canonical JSON, so its SHA-256 is the version's hash.
    expect(sha256Hex(readFileSync(join(first, 'grid.json')))).toBe(sha256Hex(canonicalJson(baseGrid())));
    expect(JSON.parse(readFileSync(join(first, 'form.en.json'), 'utf8'))).toMatchObject({ grid: 'griglia-prova', version: '1.0.0', lang: 'en' });
  });

  it('diff lists the changes, the bump they need and the verdict, exiting 0 even for a too small bump', async () => {
    const result = await runCli(['diff', files.bumpOld, files.bumpNew]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^major\s+item_removed\s+\/sections\/0\/items\/1\b/);
    expect(lines).toContainEqual(expect.stringMatching(/^major\s+score_rule_changed\s+\/scores\/0\/inputs\s/));
    expect(lines.at(-2)).toContain('required bump: major');
    expect(lines.at(-1)).toContain('does not satisfy');
  });

  describe('score', () => {
    const input = [JSON.stringify(ANSWERED), '{"salute": 3,', '', JSON.stringify({ salute: 9 }), JSON.stringify({ salute: 'NA', scuola: 1 })].join('\n') + '\n';

    const expectAligned = (result: RunResult): void => {
      const lines = parseLines(result.stdout);
      expect(lines).toEqual([
        ANSWERED_SCORES,
        { scores: null, bands: null },
        { scores: null, bands: null },
        { scores: null, bands: null },
        // One answered item of three is below minAnswered 2: a null score, not an error.
        { scores: { bisogni_totale: null, cura_media: null }, bands: { bisogni_totale: null } },
      ]);
      // The blank line 3 answers with the null line, and is no error.
      expect(result.stderr).toMatch(/^line 2: .*\[json_invalid\]$/m);
      expect(result.stderr).toMatch(/^line 4: \/salute: .+ \[\w+\]$/m);
      expect(result.stderr).not.toMatch(/^line [135]:/m);
      expect(result.stderr).not.toMatch(STACK_LINE);
      expect(result.code).toBe(1);
    };

    it('scores a file line by line, keeping output aligned with input', async () => {
      expectAligned(await runCli(['score', files.v1, folder.write('responses.ndjson', input)]));
    });

    it('reads stdin when no file is given', async () => {
      expectAligned(await runCli(['score', files.v1], { input }));
    });
  });

  it('wrong usage exits 2 with the usage on stderr, and --help lists the commands', async () => {
    const unknown = await runCli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('usage: griglie COMMAND');
    const flag = await runCli(['compile', files.v1, '--minify']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('usage: griglie compile FILE --out DIR');
    expect(flag.stderr).not.toMatch(STACK_LINE);
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const name of ['validate', 'compile', 'diff', 'score']) expect(help.stdout).toMatch(new RegExp(`^  ${name}\\s`, 'm'));
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
