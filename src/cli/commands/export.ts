import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { dirname, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { readKeysDir } from '../../env.ts';
import { RequestInvalidError } from '../../errors.ts';
import type { Issue } from '../../errors.ts';
import { auditExport, createFileKeyStore, createTextDigest, DEFAULT_K, EXPORT_FORMATS, EXPORT_LAYOUTS, exportCodebookCsv, prepareScoreExport } from '../../export/index.ts';
import type { ExportDigest, ExportFormat, ExportLayout, ScoreExportRequest } from '../../export/index.ts';
import { createGridRegistry } from '../../service/index.ts';
import { COMMAND_LINE_ACTOR } from '../../storage/index.ts';
import { expectPositionals, parseCommandArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { EXIT_OK, UsageError } from '../command.ts';
import { DB_OPTION, withRepository } from '../db-option.ts';
import { write } from '../report.ts';

/**
 * `griglie export`: the anonymized score export of a research project (SPEC 8), the same as
 * `GET /api/v1/exports/scores`, audited as the command line. With `--out FILE` the metadata and
 * the codebook are written beside it (`FILE.metadata.json`, `FILE.codebook.json`,
 * `FILE.codebook.csv`); without, the export goes to stdout (for NDJSON its first line is the
 * metadata).
 */
export const exportCommand: Command = {
  name: 'export',
  summary: 'anonymized score export of a research project (pseudonymised, k-anonymous)',
  usage:
    'griglie export --project NAME [--format csv|ndjson] [--layout long|wide] [--grid ID] [--zone Z] [--k N] [--out FILE] [--db FILE] [--keys DIR]\n' +
    'Defaults: csv, long, k 5. --keys (or GRIGLIE_KEYS, default ./data/keys) holds the pseudonymisation keys: back it up apart from the database, never beside exports.',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      ...DB_OPTION,
      project: { type: 'string' },
      format: { type: 'string' },
      layout: { type: 'string' },
      grid: { type: 'string' },
      zone: { type: 'string' },
      k: { type: 'string' },
      out: { type: 'string' },
      keys: { type: 'string' },
    });
    expectPositionals(positionals, 0, 0, '');
    if (values.project === undefined) throw new UsageError('missing --project NAME');
    const format = (values.format ?? 'csv') as ExportFormat;
    const layout = (values.layout ?? 'long') as ExportLayout;
    if (!EXPORT_FORMATS.includes(format)) throw new UsageError('--format is csv or ndjson');
    if (!EXPORT_LAYOUTS.includes(layout)) throw new UsageError('--layout is long or wide');
    const issues: Issue[] = [];
    let k = DEFAULT_K;
    if (values.k !== undefined) {
      if (/^[0-9]{1,4}$/.test(values.k)) k = Number(values.k);
      else issues.push({ code: 'invalid_format', path: '/k', message: 'k is a whole number.' });
    }
    if (issues.length > 0) throw new RequestInvalidError('Invalid export options.', issues);
    const request: ScoreExportRequest = { format, layout, k };
    if (values.grid !== undefined) request.grid = values.grid;
    if (values.zone !== undefined) request.zone = values.zone;
    const keys = createFileKeyStore(resolve(io.cwd, values.keys ?? readKeysDir(io.env)));
    const out = values.out === undefined ? null : resolve(io.cwd, values.out);

    const summary = await withRepository(values.db, io, async (repo) => {
      const project = await repo.getProjectByName(values.project!);
      if (project === null) {
        throw new RequestInvalidError('No such research project.', [{ code: 'unknown_project', path: '/project', message: 'There is no research project with this name.' }]);
      }
      const grids = createGridRegistry({ repo });
      const prepared = await prepareScoreExport({ repo, grids, keys }, project, request, (name) => `/${name}`);
      const target = out === null ? streamTarget(io.stdout) : await fileTarget(out);
      const digest = createTextDigest();
      let result: ExportDigest | null = null;
      try {
        for await (const chunk of prepared.chunks()) await target.write(digest.update(chunk));
        result = digest.result(true);
      } finally {
        await target.close();
        await auditExport(repo, COMMAND_LINE_ACTOR, { project, part: 'data', metadata: prepared.metadata, digest: result ?? digest.result(false) });
      }
      if (out !== null) {
        await writeFile(`${out}.metadata.json`, JSON.stringify(prepared.metadata, null, 2) + '\n', { mode: 0o600 });
        await writeFile(`${out}.codebook.json`, JSON.stringify(prepared.codebook, null, 2) + '\n');
        await writeFile(`${out}.codebook.csv`, exportCodebookCsv(prepared.codebook));
      }
      return { metadata: prepared.metadata, digest: result };
    });
    const { metadata, digest } = summary;
    await write(
      io.stderr,
      `exported ${metadata.administrations} administrations of ${metadata.cases} cases for project ${metadata.project.name} ` +
        `(k=${metadata.anonymization.k}, ${metadata.anonymization.suppression.cases} cases suppressed)` +
        `${out === null ? '' : ` to ${out}, with .metadata.json, .codebook.json and .codebook.csv beside it`}; sha256 ${digest.sha256}\n`,
    );
    return EXIT_OK;
  },
};

interface ExportTarget {
  write(text: string): Promise<void>;
  close(): Promise<void>;
}

/** stdout (a pipe, a terminal): written with back-pressure, waiting for it to drain. */
function streamTarget(stream: Writable): ExportTarget {
  return {
    async write(text) {
      if (!stream.write(text, 'utf8')) await once(stream, 'drain');
    },
    close: () => Promise.resolve(),
  };
}

/**
 * The export file, opened (owner-only: personal data) before any row is read, so that a wrong path
 * fails first. Written synchronously chunk by chunk: nothing is ever buffered, so memory stays flat
 * whatever the size, and the rows of a chunk die young instead of waiting on I/O. Synced on close.
 */
async function fileTarget(file: string): Promise<ExportTarget> {
  await mkdir(dirname(file), { recursive: true });
  const fd = openSync(file, 'w', 0o600);
  return {
    write(text) {
      writeSync(fd, text, null, 'utf8');
      return Promise.resolve();
    },
    close() {
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      return Promise.resolve();
    },
  };
}
