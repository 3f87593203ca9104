import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
// A plain JavaScript module of bin/ (it runs before any TypeScript loader).
import { buildIsCurrent } from '../../bin/load-sources.js';

describe('bin/load-sources.js: is the compiled build current?', () => {
  let root: string;
  const at = (path: string, seconds: number, content = ''): void => {
    const file = join(root, path);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, content);
    utimesSync(file, seconds, seconds);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'griglie-build-'));
    at('src/cli/main.ts', 1000);
    at('src/storage/deep/sqlite.ts', 1000);
    at('schema/grid.schema.json', 1000);
    at('package.json', 1000, '{}');
    // Folders get their own times; make them old too, as after a clone.
    for (const dir of ['src', 'src/cli', 'src/storage', 'src/storage/deep', 'schema']) utimesSync(join(root, dir), 1000, 1000);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test('no build: run the sources', () => {
    expect(buildIsCurrent(root)).toBe(false);
  });

  test('a build newer than every source is current', () => {
    at('dist/BUILT', 2000);
    expect(buildIsCurrent(root)).toBe(true);
  });

  test('a source edited after the build, however deep, makes it stale', () => {
    at('dist/BUILT', 2000);
    at('src/storage/deep/sqlite.ts', 3000);
    expect(buildIsCurrent(root)).toBe(false);
  });

  test('a new source file, a changed schema or package.json make it stale too', () => {
    at('dist/BUILT', 2000);
    at('src/cli/new-command.ts', 3000);
    expect(buildIsCurrent(root)).toBe(false);
    at('src/cli/new-command.ts', 1000);
    utimesSync(join(root, 'src/cli'), 1000, 1000);
    expect(buildIsCurrent(root)).toBe(true);
    at('schema/grid.schema.json', 3000);
    expect(buildIsCurrent(root)).toBe(false);
    at('schema/grid.schema.json', 1000);
    utimesSync(join(root, 'schema'), 1000, 1000);
    at('package.json', 3000, '{}');
    expect(buildIsCurrent(root)).toBe(false);
  });
});
