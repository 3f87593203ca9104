import { relative, resolve } from 'node:path';
import type { CompiledGrid } from '../compiler/index.ts';
import { compileGrid } from '../compiler/index.ts';
import type { Issue } from '../errors.ts';
import { EngineError } from '../errors.ts';
import type { Grid } from '../grid/index.ts';
import { readGridFile } from '../grid/index.ts';
import { PreviousVersionInvalidError, checkVersionBump, findPreviousVersion, formatVersion, versionOfFileName } from '../versions/index.ts';
import type { CliIo } from './command.ts';

/** Issues found in one file, named as the user should read it. */
export interface FileIssues {
  file: string;
  issues: Issue[];
}

export type LoadedGrid =
  | { ok: true; grid: Grid; compiled: CompiledGrid | undefined }
  | { ok: false; problems: FileIssues[] };

export interface LoadOptions {
  /** Compile the grid (which runs its worked examples). */
  compile: boolean;
  /** Check the version bump against the previous version in the same folder, when there is one. */
  checkVersion: boolean;
}

/**
 * Read a grid file the way every command does: meta-schema and semantic rules, then optionally
 * the compiler and the version check. Problems come back as data, each with the file it is in.
 */
export async function loadGrid(io: CliIo, file: string, options: LoadOptions): Promise<LoadedGrid> {
  const absolute = resolve(io.cwd, file);
  const fail = (issues: Issue[], where = file): LoadedGrid => ({ ok: false, problems: [{ file: where, issues }] });

  let check: Awaited<ReturnType<typeof readGridFile>>;
  try {
    check = await readGridFile(absolute);
  } catch (error) {
    const unreadable = fileError(error);
    if (unreadable) return fail([unreadable]);
    throw error;
  }
  if (!check.ok) return fail(check.issues);
  const grid = check.grid;

  let compiled: CompiledGrid | undefined;
  if (options.compile) {
    try {
      compiled = compileGrid(grid);
    } catch (error) {
      if (error instanceof EngineError) return fail(issuesOf(error));
      throw error;
    }
  }

  if (options.checkVersion) {
    const named = versionOfFileName(absolute);
    if (named && formatVersion(named) !== grid.version) {
      return fail([
        {
          code: 'file_name_mismatch',
          path: '/version',
          message: `the file is named as version ${formatVersion(named)} but holds version ${grid.version}; versions are found by file name`,
        },
      ]);
    }
    try {
      const previous = await findPreviousVersion(absolute);
      if (previous) {
        const issues = checkVersionBump(previous.grid, grid);
        if (issues.length > 0) return fail(issues);
      }
    } catch (error) {
      if (error instanceof PreviousVersionInvalidError) return fail(error.issues, relative(io.cwd, error.file) || error.file);
      const unreadable = fileError(error);
      if (unreadable) return fail([unreadable]);
      throw error;
    }
  }
  return { ok: true, grid, compiled };
}

/** An engine error's issues, or one issue made of its message when it carries none. */
export function issuesOf(error: EngineError): Issue[] {
  return error.issues.length > 0 ? error.issues : [{ code: error.code, path: '', message: error.message }];
}

/** A file-system failure (missing file, no permission, a folder) as an issue; undefined otherwise. */
export function fileError(error: unknown): Issue | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as NodeJS.ErrnoException).code;
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return undefined;
  const reasons: Record<string, string> = {
    ENOENT: 'no such file',
    EACCES: 'permission denied',
    EISDIR: 'is a folder, not a file',
    ENOTDIR: 'a part of the path is not a folder',
  };
  return { code: 'file_unreadable', path: '', message: `cannot read the file: ${reasons[code] ?? code}` };
}
