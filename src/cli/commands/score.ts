import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { CompiledGrid } from '../../compiler/index.ts';
import type { Issue } from '../../errors.ts';
import type { Responses } from '../../grid/index.ts';
import type { CliIo, Command } from '../command.ts';
import { EXIT_INVALID_INPUT, EXIT_OK } from '../command.ts';
import { expectPositionals, parseCommandArgs } from '../args.ts';
import { fileError, loadGrid } from '../load-grid.ts';
import { formatIssue, write, writeIssues } from '../report.ts';

/** What an unscorable line prints, so that output line N still answers input line N. */
const NO_SCORES = '{"scores":null,"bands":null}\n';

/**
 * `griglie score GRID.json [RESPONSES.ndjson]`: one response object per line in, one
 * `{"scores":...,"bands":...}` line out, streaming so that memory stays flat.
 */
export const scoreCommand: Command = {
  name: 'score',
  summary: 'score responses, one JSON object per line (stdin when no file), one result line each',
  usage: 'griglie score GRID.json [RESPONSES.ndjson]',
  async run(args, io) {
    const { positionals } = parseCommandArgs(args, {});
    expectPositionals(positionals, 1, 2, 'GRID.json');
    const [gridFile = '', responsesFile] = positionals;

    const loaded = await loadGrid(io, gridFile, { compile: true, checkVersion: false });
    if (!loaded.ok) {
      for (const problem of loaded.problems) await writeIssues(io.stderr, problem.file, problem.issues);
      return EXIT_INVALID_INPUT;
    }
    if (!loaded.compiled) throw new Error('the grid was loaded without compiling it');

    let input: Readable = io.stdin;
    let close = async (): Promise<void> => {};
    if (responsesFile !== undefined) {
      try {
        const handle = await open(resolve(io.cwd, responsesFile));
        input = handle.createReadStream();
        close = () => handle.close().catch(() => undefined);
      } catch (error) {
        const unreadable = fileError(error);
        if (!unreadable) throw error;
        await writeIssues(io.stderr, responsesFile, [unreadable]);
        return EXIT_INVALID_INPUT;
      }
    }
    try {
      return await scoreLines(input, loaded.compiled, io);
    } finally {
      await close();
    }
  },
};

async function scoreLines(input: Readable, compiled: CompiledGrid, io: CliIo): Promise<number> {
  let status = EXIT_OK;
  let lineNumber = 0;
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const raw of lines) {
    lineNumber += 1;
    const line = lineNumber === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    // A blank line holds no responses: it answers with the null line, so output line N still
    // answers input line N (SPEC 10), without counting as invalid input.
    if (line.trim() === '') {
      await write(io.stdout, NO_SCORES);
      continue;
    }
    const result = scoreLine(line, compiled);
    if (result.ok) {
      await write(io.stdout, result.output);
      continue;
    }
    status = EXIT_INVALID_INPUT;
    for (const issue of result.issues) await write(io.stderr, formatIssue(`line ${lineNumber}`, issue) + '\n');
    await write(io.stdout, NO_SCORES);
  }
  return status;
}

function scoreLine(line: string, compiled: CompiledGrid): { ok: true; output: string } | { ok: false; issues: Issue[] } {
  let responses: unknown;
  try {
    responses = JSON.parse(line);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, issues: [{ code: 'json_invalid', path: '', message: `not valid JSON (${reason})` }] };
  }
  if (typeof responses !== 'object' || responses === null || Array.isArray(responses)) {
    return { ok: false, issues: [{ code: 'responses_not_object', path: '', message: 'a line must hold one JSON object of responses keyed by item id' }] };
  }
  const shaped = compiled.shape(responses as Responses);
  const check = compiled.checkResponses(shaped, 'draft');
  if (!check.ok) return { ok: false, issues: check.issues };
  const { scores, bands } = compiled.score(shaped);
  return { ok: true, output: JSON.stringify({ scores, bands }) + '\n' };
}
