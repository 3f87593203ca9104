import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
// A plain JavaScript module of bin/ (it runs before any TypeScript loader).
import { buildIsCurrent, sourceManifest } from '../../bin/load-sources.js';

describe('bin/load-sources.js: is the compiled build current?', () => {
  let root: string;
  const write = (path: string, content: string, seconds?: number): void => {
    const file = join(root, path);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, content);
    if (seconds !== undefined) utimesSync(file, seconds, seconds);
  };
  /** What bin/build.js does once tsc has succeeded: record the sources it started from. */
  const build = (): void => write('dist/BUILT', sourceManifest(root));

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'griglie-build-'));
    write('src/cli/main.ts', 'export const a = 1;\n', 1000);
    write('src/storage/deep/sqlite.ts', 'export const b = 2;\n', 1000);
    write('schema/grid.schema.json', '{}', 1000);
    write('package.json', '{"name":"griglie"}', 1000);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test('no build: run the sources; a build of exactly these files is current', () => {
    expect(buildIsCurrent(root)).toBe(false);
    build();
    expect(buildIsCurrent(root)).toBe(true);
  });

  test('a source edited after (or while) the build, however deep, makes it stale', () => {
    build();
    write('src/storage/deep/sqlite.ts', 'export const b = 3;\n');
    expect(buildIsCurrent(root)).toBe(false);
  });

  test('a file replaced by one with an older date (a restored backup, an unpacked archive) makes it stale', () => {
    build();
    write('src/cli/main.ts', 'export const a = 0;\n', 10);
    expect(buildIsCurrent(root)).toBe(false);
  });

  test('a file added or deleted makes it stale; so do schema/ and package.json', () => {
    build();
    write('src/cli/new-command.ts', 'export {};\n', 1000);
    expect(buildIsCurrent(root)).toBe(false);
    rmSync(join(root, 'src/cli/new-command.ts'));
    expect(buildIsCurrent(root)).toBe(true);
    rmSync(join(root, 'src/storage/deep/sqlite.ts'));
    expect(buildIsCurrent(root)).toBe(false);
    write('src/storage/deep/sqlite.ts', 'export const b = 2;\n', 1000);
    expect(buildIsCurrent(root)).toBe(true);
    write('schema/grid.schema.json', '{"x":1}', 1000);
    expect(buildIsCurrent(root)).toBe(false);
    build();
    write('package.json', '{"name":"griglie","v":2}', 1000);
    expect(buildIsCurrent(root)).toBe(false);
  });

  test('a source dated in the future does not keep every later build stale', () => {
    write('src/cli/main.ts', 'export const a = 1;\n', 4_000_000_000);
    build();
    expect(buildIsCurrent(root)).toBe(true);
  });
});

describe('the compiled form', () => {
  const ROOT = fileURLToPath(new URL('../..', import.meta.url));

  test('npm run build makes a current dist/ that griglie runs, write worker included', () => {
    // A copy of the project, so that building never swaps the dist/ other tests' processes run from.
    const copy = mkdtempSync(join(tmpdir(), 'griglie-compiled-'));
    try {
      for (const path of ['src', 'schema', 'bin', 'migrations', 'instruments', 'package.json', 'tsconfig.json', 'tsconfig.build.json']) {
        cpSync(join(ROOT, path), join(copy, path), { recursive: true });
      }
      symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
      const built = spawnSync(process.execPath, ['bin/build.js'], { cwd: copy, encoding: 'utf8' });
      expect(built.status, built.stderr).toBe(0);
      expect(buildIsCurrent(copy)).toBe(true);
      expect(readdirSync(copy).filter((name) => name.startsWith('dist'))).toEqual(['dist']);

      // GRIGLIE_RUN=compiled refuses to run anything but a current build. `demo` opens the
      // database, applies the migrations (found from the package root), reads the shipped
      // instruments and records administrations.
      const env = { ...process.env, GRIGLIE_RUN: 'compiled' };
      const demo = spawnSync(process.execPath, ['bin/griglie.js', 'demo', '--db', join(copy, 'g.db'), '--cases', '3'], { cwd: copy, env, encoding: 'utf8' });
      expect(demo.status, demo.stderr).toBe(0);
      const check = [
        "const { sourceForm, importSource } = await import('./bin/load-sources.js');",
        "const { openSqliteRepository } = await importSource('storage/index');",
        `const repo = openSqliteRepository({ file: ${JSON.stringify(join(copy, 'g.db'))}, writes: 'worker' });`,
        'await repo.ready();',
        "await repo.createTeam({ id: 'em-compilata', zone: 'z' }, { tokenId: null, role: 'admin' });",
        "const dup = await repo.createTeam({ id: 'em-compilata', zone: 'z' }, { tokenId: null, role: 'admin' }).catch((e) => e);",
        'await repo.close();',
        'console.log(JSON.stringify({ form: sourceForm(), dup: dup.constructor.name, code: dup.code }));',
      ].join('\n');
      const worker = spawnSync(process.execPath, ['--input-type=module', '-e', check], { cwd: copy, env, encoding: 'utf8' });
      expect(worker.status, worker.stderr).toBe(0);
      expect(JSON.parse(worker.stdout.trim())).toEqual({ form: 'compiled', dup: 'ConflictError', code: 'conflict' });

      // An edited source: the build is stale, and GRIGLIE_RUN=compiled says so instead of running it.
      appendFileSync(join(copy, 'src/cli/main.ts'), '\n');
      expect(buildIsCurrent(copy)).toBe(false);
      const stale = spawnSync(process.execPath, ['bin/griglie.js', '--help'], { cwd: copy, env, encoding: 'utf8' });
      expect(stale.status).not.toBe(0);
      expect(stale.stderr).toContain('npm run build');
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }, 120_000);
});
