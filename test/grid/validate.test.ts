import { describe, expect, it } from 'vitest';
import { gridRules, validateGrid } from '../../src/grid/index.ts';
import type { Grid, Score } from '../../src/grid/index.ts';
import { minimalGrid } from './fixtures.ts';
import { noMark, ruleCases, schemaCases } from './broken-grids.ts';
import type { Case } from './broken-grids.ts';

const item = (grid: Grid, section: number, index: number) => grid.sections[section]!.items![index]!;
const score = (grid: Grid, index: number): Score => grid.scores[index]!;
// Loosely typed access, to break a grid in ways its type forbids.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const anyGrid = (grid: Grid) => grid as unknown as Record<string, any>;

function issuesOf(doc: unknown): [string, string][] {
  const check = validateGrid(doc);
  return check.ok ? [] : check.issues.map((issue) => [issue.code, issue.path]);
}

function runCases(cases: Case[]): void {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const grid = minimalGrid();
    c.mutate(grid, noMark);
    const check = validateGrid(grid);
    expect(check.ok).toBe(false);
    const found = check.ok ? [] : check.issues.map((issue) => [issue.code, issue.path]);
    if (c.exact === false) {
      for (const pair of c.expected) expect(found).toContainEqual(pair);
    } else {
      expect(found).toEqual(c.expected);
    }
    if (!check.ok) for (const issue of check.issues) expect(issue.message.length).toBeGreaterThan(10);
  });
}

describe('the fixture', () => {
  it('is a valid grid', () => {
    const check = validateGrid(minimalGrid());
    expect(check.ok ? [] : check.issues).toEqual([]);
    expect(check.ok).toBe(true);
  });

  it('is returned as the typed grid', () => {
    const grid = minimalGrid();
    const check = validateGrid(grid);
    expect(check.ok && check.grid).toBe(grid);
  });
});

describe('meta-schema errors', () => {
  runCases(schemaCases);

  it('reports a document that is not an object at the root', () => {
    expect(issuesOf([])).toEqual([['schema_type', '']]);
    expect(issuesOf(null)).toEqual([['schema_type', '']]);
  });

  it('writes a sentence naming the item for a missing label', () => {
    const grid = minimalGrid();
    delete (item(grid, 0, 1) as { label?: unknown }).label;
    const check = validateGrid(grid);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.issues[0]?.message).toContain('sostegno');
  });
});

describe('semantic rules', () => {
  runCases(ruleCases);

  it('every rule has a distinct code and a description', () => {
    const codes = gridRules.map((rule) => rule.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const rule of gridRules) {
      expect(rule.code).toMatch(/^[a-z]+(_[a-z]+)*$/);
      expect(rule.description.length).toBeGreaterThan(20);
    }
  });

  it('runs the semantic rules only once the schema passes', () => {
    const grid = minimalGrid();
    item(grid, 0, 1).id = 'preoccupazioni'; // a duplicate id, found only by the rules
    anyGrid(grid).colour = 'red';
    expect(issuesOf(grid)).toEqual([['schema_additional_properties', '/colour']]);
  });
});

describe('purity', () => {
  function deepFreeze<T>(value: T): T {
    if (value !== null && typeof value === 'object') {
      for (const child of Object.values(value)) deepFreeze(child);
      Object.freeze(value);
    }
    return value;
  }

  it('does not mutate a valid grid', () => {
    const grid = minimalGrid();
    const before = JSON.stringify(grid);
    expect(validateGrid(deepFreeze(grid)).ok).toBe(true);
    expect(JSON.stringify(grid)).toBe(before);
  });

  it('does not mutate a grid that breaks the rules or the schema', () => {
    const semantic = minimalGrid();
    score(semantic, 0).bands!.reverse();
    score(semantic, 0).bands![0]!.min = 6;
    score(semantic, 2).inputs.push({ score: 'complessivo' });
    const before = JSON.stringify(semantic);
    expect(validateGrid(deepFreeze(semantic)).ok).toBe(false);
    expect(JSON.stringify(semantic)).toBe(before);

    const schema = minimalGrid();
    anyGrid(schema).scores[0].inputs[0] = {};
    const beforeSchema = JSON.stringify(schema);
    expect(validateGrid(deepFreeze(schema)).ok).toBe(false);
    expect(JSON.stringify(schema)).toBe(beforeSchema);
  });

  it('gives the same answer twice (the compiled validator is reused safely)', () => {
    const broken = minimalGrid();
    delete (item(broken, 0, 1) as { label?: unknown }).label;
    const first = issuesOf(broken);
    expect(issuesOf(minimalGrid())).toEqual([]);
    expect(issuesOf(broken)).toEqual(first);
  });
});
