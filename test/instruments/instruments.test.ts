import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileGrid } from '../../src/compiler/index.ts';
import type { Grid } from '../../src/grid/index.ts';
import { itemsOf, validateGrid } from '../../src/grid/index.ts';
import { checkVersionBump, compareVersions, parseVersion } from '../../src/versions/index.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const instruments = join(root, 'instruments');

function readGrid(file: string): Grid {
  return JSON.parse(readFileSync(file, 'utf8')) as Grid;
}

/** Every grid folder with its versions, oldest first. */
function versionsByGrid(): [string, Grid[]][] {
  return readdirSync(instruments, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((dir): [string, Grid[]] => {
      const grids = readdirSync(join(instruments, dir.name))
        .filter((name) => name.endsWith('.json'))
        .map((name) => readGrid(join(instruments, dir.name, name)));
      const semver = (grid: Grid) => {
        const version = parseVersion(grid.version);
        if (!version) throw new Error(`${dir.name}: ${grid.version} is not a version`);
        return version;
      };
      grids.sort((a, b) => compareVersions(semver(a), semver(b)));
      return [dir.name, grids];
    });
}

const allGrids = versionsByGrid().flatMap(([, grids]) => grids);
const cases = allGrids.map((grid): [string, Grid] => [`${grid.id}@${grid.version}`, grid]);

/** Every text object of a grid, wherever it sits (labels, guidance, descriptions, titles). */
function textsOf(value: unknown, out: Record<string, string>[] = []): Record<string, string>[] {
  if (Array.isArray(value)) for (const entry of value) textsOf(entry, out);
  else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.it === 'string') out.push(record as Record<string, string>);
    else for (const entry of Object.values(record)) textsOf(entry, out);
  }
  return out;
}

describe('the grids in instruments/', () => {
  it.each(cases)('%s compiles and its worked examples hold', (_name, grid) => {
    expect(validateGrid(grid)).toMatchObject({ ok: true });
    expect(() => compileGrid(grid)).not.toThrow();
  });

  it.each(cases)('%s carries at least four worked examples, one with null scores and bands', (_name, grid) => {
    const examples = grid.examples ?? [];
    expect(examples.length).toBeGreaterThanOrEqual(4);
    const withNull = examples.filter((example) => Object.values(example.expect.scores).includes(null));
    expect(withNull.length).toBeGreaterThan(0);
    for (const example of withNull) {
      for (const [id, value] of Object.entries(example.expect.scores)) {
        if (value === null) expect(example.expect.bands?.[id]).toBeNull();
      }
    }
  });

  it.each(cases)('%s expects every score and band in every worked example', (_name, grid) => {
    const scored = grid.scores.map((score) => score.id).sort();
    for (const example of grid.examples ?? []) {
      expect(Object.keys(example.expect.scores).sort()).toEqual(scored);
      const banded = grid.scores.filter((score) => score.bands !== undefined).map((score) => score.id).sort();
      expect(Object.keys(example.expect.bands ?? {}).sort()).toEqual(banded);
    }
  });

  it.each(cases)('%s is written in Italian and English throughout', (_name, grid) => {
    expect(grid.languages).toEqual(['it', 'en']);
    expect(grid.$schema).toBe('../../schema/grid.schema.json');
    const texts = textsOf({ ...grid, examples: undefined });
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.filter((text) => !text.en)).toEqual([]);
  });

  it.each(cases)('%s gives guidance for raters on every item', (_name, grid) => {
    expect(itemsOf(grid).filter(({ item }) => item.guidance === undefined).map(({ item }) => item.id)).toEqual([]);
  });

  it.each(cases)('%s says plainly that its reference values are illustrative', (_name, grid) => {
    const sources = grid.scores.flatMap((score) => {
      const reference = score.reference ?? {};
      return [reference.reliability?.source, reference.norm?.source, reference.cutoff?.source].filter((s) => s !== undefined);
    });
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) expect(source).toMatch(/illustrative/i);
  });

  it.each(versionsByGrid().filter(([, grids]) => grids.length > 1))('%s: each version follows the one before', (_name, grids) => {
    for (let i = 1; i < grids.length; i++) {
      const [before, after] = [grids[i - 1], grids[i]];
      if (!before || !after) continue;
      expect(checkVersionBump(before, after)).toEqual([]);
    }
  });
});

describe('mondo-del-bambino 1.1.0', () => {
  const v100 = readGrid(join(instruments, 'mondo-del-bambino', '1.0.0.json'));
  const v110 = readGrid(join(instruments, 'mondo-del-bambino', '1.1.0.json'));

  it('declares comparable only the scores whose meaning did not change', () => {
    expect(v110.previous?.comparableScores).toEqual(['bisogni', 'risposte']);
  });

  it('is refused when it also declares the total comparable, which rests on the side that gained an item', () => {
    const claim = structuredClone(v110);
    claim.previous?.comparableScores?.push('totale');
    const issues = checkVersionBump(v100, claim);
    expect(issues.map((issue) => [issue.code, issue.path])).toEqual([['comparability_invalid', '/previous/comparableScores/2']]);
  });

  it('is refused as a patch, since it adds and renames items', () => {
    const patch = { ...structuredClone(v110), version: '1.0.1' };
    expect(checkVersionBump(v100, patch).map((issue) => [issue.code, issue.path])).toEqual([['version_bump_too_small', '/version']]);
  });
});

describe('docs/grid-language.md', () => {
  const markdown = readFileSync(join(root, 'docs', 'grid-language.md'), 'utf8');
  const blocks = [...markdown.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
  const example = blocks.find((block) => block.includes('"id": "esempio-breve"'));

  it('holds a complete example grid that is valid and whose worked examples hold', () => {
    expect(example).toBeDefined();
    const grid = JSON.parse(example ?? '') as Grid;
    expect(validateGrid(grid)).toMatchObject({ ok: true });
    expect(() => compileGrid(grid)).not.toThrow();
    expect(grid.examples?.length).toBeGreaterThan(0);
  });
});
