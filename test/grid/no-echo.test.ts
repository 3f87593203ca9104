import { describe, expect, it } from 'vitest';
import { parseGridText, validateGrid } from '../../src/grid/index.ts';
import type { Issue } from '../../src/errors.ts';
import { minimalGrid } from './fixtures.ts';
import { ruleCases, schemaCases } from './broken-grids.ts';
import type { Case, Mark } from './broken-grids.ts';

// SPEC 12: bad input is never echoed back, and `POST /api/v1/grids` answers with these messages.
// Every broken grid of the data suites is rebuilt with a marker planted in its offending value;
// no message may then contain the marker. The pointer (`path`) names the place and may hold it.

const MARKER = /zzmark/i;

/** A Mark that plants `zzmark`/`ZZMARK` (keeping the value's case, so it stays wrong the same way) and records planted numbers. */
function markerMark(): { mark: Mark; planted: string[] } {
  const planted: string[] = [];
  const mark = ((value: string | number, marked?: number) => {
    if (typeof value === 'number') {
      planted.push(String(marked));
      return marked;
    }
    return /^[A-Z]/.test(value) ? `ZZMARK${value}` : `zzmark${value}`;
  }) as Mark;
  return { mark, planted };
}

const echoes = (issue: Issue, planted: readonly string[]): boolean =>
  MARKER.test(issue.message) || planted.some((token) => issue.message.includes(token));

function runCases(cases: Case[]): void {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const { mark, planted } = markerMark();
    const grid = minimalGrid();
    c.mutate(grid, mark);
    const check = validateGrid(grid);
    expect(check.ok).toBe(false);
    const issues = check.ok ? [] : check.issues;
    // Still the same defect: the expected codes at the expected places (a planted key shows in the path).
    const found = issues.map((issue) => [issue.code, issue.path.replace(/zzmark/gi, '')]);
    for (const pair of c.expected) expect(found).toContainEqual(pair);
    expect(issues.filter((issue) => echoes(issue, planted))).toEqual([]);
  });
}

describe('issue messages never echo the offending value', () => {
  describe('meta-schema errors', () => {
    runCases(schemaCases);
  });

  describe('semantic rules', () => {
    runCases(ruleCases);
  });

  it('the marker is really planted: a marked grid shows it in the pointers', () => {
    const { mark } = markerMark();
    const grid = minimalGrid();
    grid.examples![0]!.responses[mark('fantasma')] = 1;
    const check = validateGrid(grid);
    expect(check.ok ? [] : check.issues.map((issue) => issue.path)).toEqual(['/examples/0/responses/zzmarkfantasma']);
  });

  it('malformed JSON is reported by position, without the text around it', () => {
    for (const text of ['{"id": zzmark}', 'zzmark', '{"id": "prova"} zzmark', '{"id": "zzmark\u0001"}', '{"zzmark": ']) {
      const check = parseGridText(text);
      expect(check.ok).toBe(false);
      const issues = check.ok ? [] : check.issues;
      expect(issues.map((issue) => [issue.code, issue.path])).toEqual([['json_syntax', '']]);
      expect(issues[0]?.message).not.toMatch(MARKER);
    }
  });
});
