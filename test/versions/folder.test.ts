import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PreviousVersionInvalidError, findPreviousVersion } from '../../src/versions/index.ts';
import { baseGrid } from './fixtures.ts';

describe('findPreviousVersion', () => {
  let folder: string;

  const writeVersion = (version: string, content: unknown = { ...baseGrid(), version }): string => {
    const file = join(folder, `${version}.json`);
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'griglie-versions-'));
  });
  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('finds the highest lower version among the siblings, by number', async () => {
    for (const version of ['1.0.0', '1.2.0', '1.9.0', '2.0.0']) writeVersion(version);
    writeFileSync(join(folder, 'notes.json'), '{}');
    writeFileSync(join(folder, '1.9.5.txt'), 'not a version file');
    const file = writeVersion('1.10.0');

    const previous = await findPreviousVersion(file);
    expect(previous?.file).toBe(join(folder, '1.9.0.json'));
    expect(previous?.grid.version).toBe('1.9.0');
    expect((await findPreviousVersion(join(folder, '2.0.0.json')))?.file).toBe(file);
  });

  it('ignores files not named MAJOR.MINOR.PATCH.json', async () => {
    writeVersion('1.0.0');
    writeFileSync(join(folder, '2.0.0-rc.1.json'), '{ not a grid');
    writeFileSync(join(folder, '1.5.json'), '{ not a grid');
    const file = writeVersion('2.0.0');
    expect((await findPreviousVersion(file))?.file).toBe(join(folder, '1.0.0.json'));
  });

  it('answers null for the first version and for a file not named as a version', async () => {
    const first = writeVersion('1.0.0');
    writeFileSync(join(folder, 'bozza.json'), JSON.stringify(baseGrid()));
    expect(await findPreviousVersion(first)).toBeNull();
    expect(await findPreviousVersion(join(folder, 'bozza.json'))).toBeNull();
  });

  it('refuses an invalid previous version, saying which file it is', async () => {
    const broken = writeVersion('1.0.0', '{ not json');
    const file = writeVersion('1.1.0');
    const error: unknown = await findPreviousVersion(file).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PreviousVersionInvalidError);
    expect((error as PreviousVersionInvalidError).file).toBe(broken);
    expect((error as PreviousVersionInvalidError).issues.map((issue) => issue.path)).toEqual(['']);
  });
});
