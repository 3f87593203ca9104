import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Grid } from '../grid/index.ts';
import { readGridFile } from '../grid/index.ts';
import type { Issue } from '../errors.ts';
import { GridInvalidError } from '../errors.ts';
import type { SemVer } from './semver.ts';
import { compareVersions, parseVersion } from './semver.ts';

/** The previous version found beside a grid file is itself invalid; `file` says which. */
export class PreviousVersionInvalidError extends GridInvalidError {
  readonly file: string;

  constructor(file: string, issues: Issue[]) {
    super(`the previous version ${file} is not a valid grid`, issues);
    this.file = file;
  }
}

/**
 * The version a file name states (`1.2.0.json` -> 1.2.0), or undefined when it states none. Only
 * MAJOR.MINOR.PATCH counts, as the grid language allows no pre-release versions.
 */
export function versionOfFileName(file: string): SemVer | undefined {
  const match = /^(\d+\.\d+\.\d+)\.json$/.exec(basename(file));
  return match?.[1] === undefined ? undefined : parseVersion(match[1]);
}

/**
 * The version before a grid file among its siblings named as versions
 * (`instruments/<grid-id>/<version>.json`): the highest version lower than the file's own, by
 * semver (`1.10.0` follows `1.9.0`). Null when the file is not named as a version or is the first.
 * Throws PreviousVersionInvalidError when that sibling is not a valid grid.
 *
 * @example
 * await findPreviousVersion('instruments/mondo-del-bambino/1.1.0.json') // { file: '.../1.0.0.json', grid }
 */
export async function findPreviousVersion(file: string): Promise<{ file: string; grid: Grid } | null> {
  const own = versionOfFileName(file);
  if (!own) return null;
  const folder = dirname(file);
  let best: { name: string; version: SemVer } | undefined;
  for (const name of await readdir(folder)) {
    const version = versionOfFileName(name);
    if (!version || compareVersions(version, own) >= 0) continue;
    if (!best || compareVersions(version, best.version) > 0) best = { name, version };
  }
  if (!best) return null;
  const previous = join(folder, best.name);
  const check = await readGridFile(previous);
  if (!check.ok) throw new PreviousVersionInvalidError(previous, check.issues);
  return { file: previous, grid: check.grid };
}
