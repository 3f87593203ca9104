#!/usr/bin/env node
// `npm run build`: compiles src/ to dist/ with the project's TypeScript, from a clean dist/, then
// stamps the build (dist/BUILT) so that bin/load-sources.js can tell a current build from a stale
// one. A failed compile leaves no stamp, so nothing runs a half-built dist/.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) {
  console.error('build: tsc failed; bin/griglie.js keeps running the TypeScript sources');
  process.exit(result.status ?? 1);
}
writeFileSync(new URL('../dist/BUILT', import.meta.url), `${new Date().toISOString()}\n`);
