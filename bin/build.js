#!/usr/bin/env node
// `npm run build` (also npm's `prepare`, so `npm ci` runs it; `--if-stale` before `npm start`):
// compiles src/ to dist/ with the project's TypeScript. The list of source files (with sizes and
// times) is taken before compiling and written to dist/BUILT last, into a fresh folder that then
// replaces dist/: a source saved during the build makes it stale at once, and no process ever
// sees a stamp over a half-written dist/. Without TypeScript (`npm ci --omit=dev`) it leaves
// dist/ as it is and says so: griglie then runs whatever build is there, or the sources.
import { spawnSync } from 'node:child_process';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIsCurrent, sourceManifest } from './load-sources.js';

const root = fileURLToPath(new URL('..', import.meta.url));
if (process.argv.includes('--if-stale') && buildIsCurrent(root)) process.exit(0);

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  console.error('build: TypeScript is not installed (production install?); dist/ left as it is');
  process.exit(0);
}

const manifest = sourceManifest(root);
const dist = join(root, 'dist');
const fresh = join(root, `dist.building-${process.pid}`);
// Stale from now on, for any process starting while this one works.
rmSync(join(dist, 'BUILT'), { force: true });
rmSync(fresh, { recursive: true, force: true });
const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', fresh], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) {
  rmSync(fresh, { recursive: true, force: true });
  console.error('build: tsc failed, so npm stops here; `node bin/griglie.js` would run the TypeScript sources');
  process.exit(result.status ?? 1);
}
writeFileSync(join(fresh, 'BUILT'), manifest);
// Two renames, so that dist/ is missing for microseconds only, never while files are deleted.
const old = join(root, `dist.old-${process.pid}`);
try {
  renameSync(dist, old);
} catch {
  // No dist/ yet.
}
renameSync(fresh, dist);
rmSync(old, { recursive: true, force: true });
