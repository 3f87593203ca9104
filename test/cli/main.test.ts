import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Command } from '../../src/cli/command.ts';
import { UsageError } from '../../src/cli/command.ts';
import { commands } from '../../src/cli/commands/index.ts';
import { main } from '../../src/cli/main.ts';
import { ConflictError } from '../../src/errors.ts';
import type { GridDiff } from '../../src/versions/index.ts';
import type { GridFiles } from './fixtures.ts';
import { ANSWERED, ANSWERED_SCORES, writeGridFiles } from './fixtures.ts';
import { nextGrid } from '../versions/fixtures.ts';
import { STACK_LINE, memoryIo, parseLines, tempFolder } from './helpers.ts';

/** `main()` called in-process with injected streams: the quick cases. */
describe('main', () => {
  const folder = tempFolder();
  let files: GridFiles;

  beforeAll(() => {
    files = writeGridFiles(folder);
  });
  afterAll(() => {
    folder.remove();
  });

  const run = async (argv: string[], options: { input?: string; env?: Record<string, string>; registry?: readonly Command[] } = {}) => {
    const io = memoryIo({ cwd: folder.dir, ...(options.input === undefined ? {} : { input: options.input }), ...(options.env ? { env: options.env } : {}) });
    const code = await main(argv, io, options.registry);
    return { code, stdout: io.out(), stderr: io.err() };
  };

  describe('help and usage', () => {
    it('lists every registered command with help, and a command usage with help CMD or CMD --help', async () => {
      const help = await run(['help']);
      expect(help.code).toBe(0);
      for (const command of commands) expect(help.stdout).toMatch(new RegExp(`^  ${command.name}\\s+${escape(command.summary)}$`, 'm'));
      for (const argv of [['help', 'score'], ['score', '--help'], ['score', 'grid.json', '-h']]) {
        const usage = await run(argv);
        expect(usage.code).toBe(0);
        expect(usage.stdout).toContain('usage: griglie score GRID.json [RESPONSES.ndjson]');
      }
    });

    it('exits 2 with the usage for no command, an unknown command, or help on an unknown command', async () => {
      for (const argv of [[], ['frobnicate'], ['help', 'frobnicate']]) {
        const result = await run(argv);
        expect(result.code).toBe(2);
        expect(result.stderr).toContain('usage: griglie COMMAND');
        expect(result.stdout).toBe('');
      }
    });

    it('exits 2 for a missing argument, an extra argument, an unknown flag or a flag without its value', async () => {
      for (const argv of [
        ['validate'],
        ['compile', 'a.json'],
        ['compile', 'a.json', 'b.json', '--out', 'x'],
        ['compile', 'a.json', '--out'],
        ['diff', 'a.json'],
        ['diff', 'a.json', 'b.json', '--color'],
        ['score'],
        ['score', 'a.json', 'b.ndjson', 'c.ndjson'],
      ]) {
        const result = await run(argv);
        expect(result.code, argv.join(' ')).toBe(2);
        expect(result.stderr, argv.join(' ')).toMatch(/^usage: griglie /m);
        expect(result.stderr).not.toMatch(STACK_LINE);
      }
    });

    it('treats --help after -- as an argument, not a request for help', async () => {
      const result = await run(['validate', '--', '--help']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('[file_unreadable]');
    });
  });

  describe('validate', () => {
    it('resolves files against the working directory and prints them as given', async () => {
      const result = await run(['validate', 'griglia-prova/1.0.0.json', 'griglia-prova/1.1.0.json']);
      expect(result.stderr).toBe('');
      expect(result.stdout).toBe('ok griglia-prova/1.0.0.json (griglia-prova@1.0.0)\nok griglia-prova/1.1.0.json (griglia-prova@1.1.0)\n');
      expect(result.code).toBe(0);
    });

    it('refuses a file named as another version than the one it holds', async () => {
      folder.write('nome/1.2.0.json', nextGrid('1.1.0'));
      const result = await run(['validate', 'nome/1.2.0.json']);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^nome\/1\.2\.0\.json: \/version: .*\[file_name_mismatch\]$/m);
    });

    it('names the previous version when that file is the invalid one', async () => {
      folder.write('rotta/1.0.0.json', '{"id": "rotta"');
      folder.write('rotta/1.0.1.json', nextGrid('1.0.1'));
      const result = await run(['validate', 'rotta/1.0.1.json']);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^rotta\/1\.0\.0\.json: .*\[json_syntax\]$/m);
    });
  });

  describe('diff', () => {
    it('prints the GridDiff as JSON with --json', async () => {
      const result = await run(['diff', '--json', files.v1, files.v110]);
      expect(result.code).toBe(0);
      const diff = JSON.parse(result.stdout) as GridDiff;
      expect(diff.map((change) => [change.kind, change.level, change.side, change.path])).toEqual([
        ['item_renamed', 'minor', 'to', '/sections/0/items/2/id'],
        ['item_added', 'minor', 'to', '/sections/0/items/3'],
        ['score_rule_changed', 'minor', 'to', '/scores/0/inputs'],
        ['band_changed', 'minor', 'to', '/scores/0/bands'],
      ]);
    });

    it('adds the rest of the version check as notes, still exiting 0', async () => {
      const result = await run(['diff', files.v110, files.v1]);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^version 1\.1\.0 -> 1\.0\.0: does not satisfy it/m);
      expect(result.stdout).toMatch(/^note: \/previous: .+ \[previous_version_mismatch\]$/m);
    });

    it('says when there is no change', async () => {
      const result = await run(['diff', files.v1, files.bumpOld]);
      expect(result.code).toBe(0);
      expect(result.stdout.split('\n')[0]).toBe('no changes');
    });

    it('exits 1 when a file is not a valid grid', async () => {
      const result = await run(['diff', files.v1, files.invalid]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/\/sections\/0\/items\/1\/id: .+ \[duplicate_id\]$/m);
      expect(result.stdout).toBe('');
    });
  });

  describe('score', () => {
    it('exits 0 when every line scores, answering blank lines with the null line and reading past a byte order mark', async () => {
      const input = '\uFEFF' + JSON.stringify(ANSWERED) + '\r\n\r\n   \n' + JSON.stringify(ANSWERED) + '\n';
      const result = await run(['score', files.v1], { input });
      expect(result.stderr).toBe('');
      const none = { scores: null, bands: null };
      expect(parseLines(result.stdout)).toEqual([ANSWERED_SCORES, none, none, ANSWERED_SCORES]);
      expect(result.code).toBe(0);
    });

    it('refuses a line that is JSON but not an object', async () => {
      const result = await run(['score', files.v1], { input: '[1, 2]\n' });
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('{"scores":null,"bands":null}\n');
      expect(result.stderr).toMatch(/^line 1: .*\[responses_not_object\]$/m);
    });

    it('exits 1 for an invalid grid or an unreadable responses file, before reading input', async () => {
      const grid = await run(['score', files.invalid], { input: JSON.stringify(ANSWERED) + '\n' });
      expect(grid.code).toBe(1);
      expect(grid.stdout).toBe('');
      const responses = await run(['score', files.v1, 'none.ndjson']);
      expect(responses.code).toBe(1);
      expect(responses.stderr).toMatch(/^none\.ndjson: .*\[file_unreadable\]$/m);
    });

    it('scores many lines in order', async () => {
      const lines = Array.from({ length: 2000 }, (_, i) => JSON.stringify({ ...ANSWERED, salute: (i % 4) + 1 }));
      const result = await run(['score', files.v1], { input: lines.join('\n') });
      const out = parseLines(result.stdout) as { scores: Record<string, number | null> }[];
      expect(out).toHaveLength(2000);
      expect(out.map((line) => line.scores['bisogni_totale'])).toEqual(lines.map((_, i) => 6 + (i % 4) + 1));
      expect(result.code).toBe(0);
    });
  });

  describe('failures', () => {
    const failing = (error: Error): Command[] => [
      {
        name: 'fail',
        summary: 'fails',
        usage: 'griglie fail',
        run: () => Promise.reject(error),
      },
    ];

    it('prints an unexpected error without its stack, unless GRIGLIE_DEBUG=1', async () => {
      const quiet = await run(['fail'], { registry: failing(new Error('disk on fire')) });
      expect(quiet.code).toBe(1);
      expect(quiet.stderr).toContain('disk on fire');
      expect(quiet.stderr).not.toMatch(STACK_LINE);
      const debug = await run(['fail'], { registry: failing(new Error('disk on fire')), env: { GRIGLIE_DEBUG: '1' } });
      expect(debug.code).toBe(1);
      expect(debug.stderr).toMatch(STACK_LINE);
    });

    it('prints an engine error as its issues with exit 1, and a usage error with exit 2', async () => {
      const engine = await run(['fail'], { registry: failing(new ConflictError('already published', [{ code: 'version_exists', path: '/version', message: 'taken' }])) });
      expect(engine.code).toBe(1);
      expect(engine.stderr).toBe('griglie fail: /version: taken [version_exists]\n');
      const usage = await run(['fail'], { registry: failing(new UsageError('needs a flag')) });
      expect(usage.code).toBe(2);
      expect(usage.stderr).toBe('griglie fail: needs a flag\nusage: griglie fail\n');
    });
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
