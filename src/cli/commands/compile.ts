import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { canonicalJson } from '../../grid/index.ts';
import type { CompiledGrid } from '../../compiler/index.ts';
import type { Grid } from '../../grid/index.ts';
import type { Command } from '../command.ts';
import { EXIT_INVALID_INPUT, EXIT_OK, UsageError } from '../command.ts';
import { expectPositionals, parseCommandArgs } from '../args.ts';
import { loadGrid } from '../load-grid.ts';
import { write, writeIssues } from '../report.ts';

/** `griglie compile FILE --out DIR`: every artifact of SPEC 4, byte-for-byte reproducible. */
export const compileCommand: Command = {
  name: 'compile',
  summary: 'compile a grid version: response schemas, types, scorer, forms, codebook',
  usage: 'griglie compile FILE --out DIR',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { out: { type: 'string', short: 'o' } });
    expectPositionals(positionals, 1, 1, 'FILE');
    const file = positionals[0] ?? '';
    if (values.out === undefined || values.out === '') throw new UsageError('missing --out DIR');

    const loaded = await loadGrid(io, file, { compile: true, checkVersion: true });
    if (!loaded.ok) {
      for (const problem of loaded.problems) await writeIssues(io.stderr, problem.file, problem.issues);
      return EXIT_INVALID_INPUT;
    }
    const { grid, compiled } = loaded;
    if (!compiled) throw new Error('the grid was loaded without compiling it');

    const artifacts = await artifactsOf(grid, compiled);
    await mkdir(resolve(io.cwd, values.out), { recursive: true });
    for (const [name, content] of artifacts) {
      await writeFile(resolve(io.cwd, values.out, name), content);
      await write(io.stdout, `${join(values.out, name)}\n`);
    }
    return EXIT_OK;
  },
};

function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

/** Languages to render forms in: Italian always, then the grid's declared ones. */
function languagesOf(grid: Grid): string[] {
  return [...new Set(['it', ...(grid.languages ?? [])])];
}

/** The files `compile` writes, by name, in a fixed order. */
export async function artifactsOf(grid: Grid, compiled: CompiledGrid): Promise<[string, string][]> {
  return [
    ['response.schema.json', json(compiled.responseSchema)],
    ['draft-response.schema.json', json(compiled.draftResponseSchema)],
    ['types.d.ts', await compiled.types()],
    ['scorer.js', compiled.scorerSource],
    ...languagesOf(grid).map((lang): [string, string] => [`form.${lang}.json`, json(compiled.form(lang))]),
    ['codebook.json', json(compiled.codebook)],
    ['codebook.csv', compiled.codebookCsv],
    // Canonical bytes, so that the file's SHA-256 is the version's published hash.
    ['grid.json', canonicalJson(grid)],
  ];
}
