import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseGridText, readGridFile } from '../../src/grid/index.ts';
import { minimalGrid } from './fixtures.ts';

describe('parseGridText', () => {
  it('accepts the text of a valid grid', () => {
    const check = parseGridText(JSON.stringify(minimalGrid(), null, 2));
    expect(check.ok).toBe(true);
  });

  it('reports malformed JSON as one json_syntax issue at the root, with the position', () => {
    const check = parseGridText('{\n  "id": "prova",\n  "version": 1.0.0\n}');
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.issues.map((issue) => [issue.code, issue.path])).toEqual([['json_syntax', '']]);
    expect(check.issues[0]?.message).toMatch(/position \d+|line \d+/);
  });

  it('validates well-formed JSON against the meta-schema', () => {
    const check = parseGridText('{"id": "prova"}');
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.issues.map((issue) => issue.path)).toContain('/version');
  });
});

describe('readGridFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'griglie-grid-'));

  it('reads, validates and returns the text of a grid file', async () => {
    const file = join(dir, '1.0.0.json');
    const text = JSON.stringify(minimalGrid(), null, 2);
    writeFileSync(file, text);
    const check = await readGridFile(file);
    expect(check.ok).toBe(true);
    expect(check.text).toBe(text);
  });

  it('returns the issues of an invalid file beside its text', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{"id": ');
    const check = await readGridFile(file);
    expect(check.ok).toBe(false);
    expect(check.text).toBe('{"id": ');
    if (!check.ok) expect(check.issues[0]?.code).toBe('json_syntax');
  });

  it('reports a missing file as file_unreadable', async () => {
    const check = await readGridFile(join(dir, 'missing.json'));
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.issues.map((issue) => [issue.code, issue.path])).toEqual([['file_unreadable', '']]);
  });

  it('reports a directory as file_unreadable', async () => {
    const check = await readGridFile(dir);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.issues[0]?.code).toBe('file_unreadable');
  });
});
