// Loads a module of src/ the fastest way that is correct: compiled (dist/, from `npm run build`,
// which `npm ci` runs) when that build is newer than every file it was built from; otherwise the
// TypeScript source through tsx, so that an edited source never runs stale. The compiled form
// starts in a fifth of the time and holds about 120 MB less memory (no loader thread, no
// transpiling at run time).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** What dist/ is built from: a file here newer than the build makes the build stale. */
const SOURCES = ['src', 'schema', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];

/**
 * True when `root`/dist/BUILT exists and no source file is newer. Reads the times of a few hundred
 * files: about two milliseconds.
 */
export function buildIsCurrent(root = ROOT) {
  let built;
  try {
    built = statSync(join(root, 'dist', 'BUILT')).mtimeMs;
  } catch {
    return false;
  }
  for (const source of SOURCES) {
    const path = join(root, source);
    let stat;
    try {
      stat = statSync(path);
    } catch {
      continue;
    }
    if (stat.mtimeMs > built) return false;
    if (!stat.isDirectory()) continue;
    for (const entry of readdirSync(path, { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs > built) return false;
    }
  }
  return true;
}

/** Imports `src/<path>` (no extension), e.g. `importSource('cli/main')`. */
export async function importSource(path) {
  if (buildIsCurrent()) return import(pathToFileURL(join(ROOT, 'dist', 'src', `${path}.js`)).href);
  const { register } = await import('tsx/esm/api');
  register();
  return import(pathToFileURL(join(ROOT, 'src', `${path}.ts`)).href);
}
