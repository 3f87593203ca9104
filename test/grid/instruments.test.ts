import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readGridFile } from '../../src/grid/index.ts';

const instruments = fileURLToPath(new URL('../../instruments/', import.meta.url));

/** Every `instruments/<grid-id>/<version>.json` file. */
function gridFiles(): string[] {
  if (!existsSync(instruments)) return [];
  return readdirSync(instruments, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((dir) =>
      readdirSync(join(instruments, dir.name))
        .filter((name) => name.endsWith('.json'))
        .map((name) => `${dir.name}/${name}`),
    )
    .sort();
}

describe('the instruments shipped with griglie', () => {
  it.each([
    'mondo-del-bambino/1.0.0.json',
    'mondo-del-bambino/1.1.0.json',
    'competenze-genitoriali/1.0.0.json',
    'funzionamento-familiare/1.0.0.json',
  ])('include %s', (file) => {
    expect(existsSync(join(instruments, file))).toBe(true);
  });

  it('are all valid grids', async () => {
    const files = gridFiles();
    expect(files.length).toBeGreaterThan(0);
    const problems: Record<string, string[]> = {};
    for (const file of files) {
      const check = await readGridFile(join(instruments, file));
      if (!check.ok) problems[file] = check.issues.map((issue) => `${issue.code} ${issue.path}: ${issue.message}`);
    }
    expect(problems).toEqual({});
  });

  it('live where their id and version say', async () => {
    for (const file of gridFiles()) {
      const check = await readGridFile(join(instruments, file));
      if (!check.ok) continue; // reported by the test above
      expect(`${check.grid.id}/${check.grid.version}.json`).toBe(file);
    }
  });
});
