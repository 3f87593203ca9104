import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding griglie's package.json, found by walking up from this module: the same
 * whether the sources run as TypeScript from `src/` (tsx, vitest) or compiled from `dist/src/`
 * (`npm run build`). Files that ship beside the code (migrations, instruments, package.json) are
 * found from here, never from the working directory.
 */
export const PROJECT_ROOT = findProjectRoot(dirname(fileURLToPath(import.meta.url)));

/** A file or folder of the project, e.g. `projectFile('migrations')`. */
export function projectFile(...segments: string[]): string {
  return join(PROJECT_ROOT, ...segments);
}

function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (isGriglieRoot(dir)) return dir;
    if (dirname(dir) === dir) throw new Error(`No package.json of griglie above ${start}.`);
  }
}

/** Whether `dir` holds griglie's own package.json (not some other package's, nor none). */
function isGriglieRoot(dir: string): boolean {
  try {
    return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown }).name === 'griglie';
  } catch {
    return false;
  }
}
