import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readGridFile } from '../../src/grid/index.ts';
import { checkVersionBump, diffGrids, findPreviousVersion } from '../../src/versions/index.ts';

const instruments = fileURLToPath(new URL('../../instruments', import.meta.url));

/** The grids shipped in instruments/: each version follows the one before it as SPEC 5 asks. */
describe('shipped instruments', () => {
  const files = readdirSync(instruments).flatMap((grid) =>
    readdirSync(join(instruments, grid))
      .filter((name) => name.endsWith('.json'))
      .map((name) => join(instruments, grid, name)),
  );

  it('has grid files to check', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files.map((file) => [file.slice(instruments.length + 1), file]))('%s: no change against itself, and a valid bump from its previous version', async (_name, file) => {
    const check = await readGridFile(file);
    if (!check.ok) throw new Error(`${file} is not a valid grid: ${JSON.stringify(check.issues)}`);
    expect(diffGrids(check.grid, check.grid)).toEqual([]);
    const previous = await findPreviousVersion(file);
    if (previous) expect(checkVersionBump(previous.grid, check.grid)).toEqual([]);
  });
});
