import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { suppressCounts, type CountEntry } from '../../src/stats/index.ts';

/** A two-way table with its margins and a grand total already published (as the cohort's n). */
function tableEntries(cells: number[][]): { entries: CountEntry[]; lines: string[][] } {
  const rows = cells.length;
  const cols = (cells[0] as number[]).length;
  const entries: CountEntry[] = [];
  const lines: string[][] = [];
  let total = 0;
  for (let i = 0; i < rows; i++) {
    const row = cells[i] as number[];
    entries.push({ id: `r${i}`, count: row.reduce((a, b) => a + b, 0) });
    for (let j = 0; j < cols; j++) entries.push({ id: `c${i}.${j}`, count: row[j] as number });
    lines.push([`r${i}`, ...row.map((_, j) => `c${i}.${j}`)]);
    total += row.reduce((a, b) => a + b, 0);
  }
  for (let j = 0; j < cols; j++) {
    entries.push({ id: `k${j}`, count: cells.reduce((a, r) => a + (r[j] as number), 0) });
    lines.push([`k${j}`, ...cells.map((_, i) => `c${i}.${j}`)]);
  }
  entries.push({ id: 'n', count: total, fixed: true });
  lines.push(['n', ...cells.map((_, i) => `r${i}`)], ['n', ...cells[0]!.map((_, j) => `k${j}`)]);
  return { entries, lines };
}

/**
 * Whether some table of whole numbers >= 0 agrees with every released figure (cells, row and column
 * totals, n) and gives the withheld figure `target` a value other than its true one. Brute force:
 * the withheld cells are enumerated row by row, pruned by the released totals.
 */
/** Search steps canDiffer may take before it gives up: a few tens of milliseconds. */
const SEARCH_BUDGET = 200_000;

/** Thrown by canDiffer when a table takes the brute force past its budget. */
class Undecided extends Error {}

function canDiffer(cells: number[][], hidden: ReadonlySet<string>, target: string): boolean {
  const rows = cells.length;
  const cols = (cells[0] as number[]).length;
  const n = cells.flat().reduce((a, b) => a + b, 0);
  const rowTotal = (i: number): number => (cells[i] as number[]).reduce((a, b) => a + b, 0);
  const colTotal = (j: number): number => cells.reduce((a, r) => a + (r[j] as number), 0);
  const grid = cells.map((r) => r.map(() => 0));
  const colSum = Array.from({ length: cols }, () => 0);
  const truth = (id: string): number => {
    if (id.startsWith('r')) return rowTotal(Number(id.slice(1)));
    if (id.startsWith('k')) return colTotal(Number(id.slice(1)));
    const [i, j] = id.slice(1).split('.').map(Number) as [number, number];
    return (cells[i] as number[])[j] as number;
  };
  const valueIn = (id: string): number => {
    if (id.startsWith('r')) return (grid[Number(id.slice(1))] as number[]).reduce((a, b) => a + b, 0);
    if (id.startsWith('k')) return colSum[Number(id.slice(1))] as number;
    const [i, j] = id.slice(1).split('.').map(Number) as [number, number];
    return (grid[i] as number[])[j] as number;
  };
  let used = 0;
  /**
   * The values a withheld cell can take: 0..cap, or the one value a released total leaves it when
   * it is the last cell of that total's line (the last of its row, of its column, of the table).
   * Without this the search tried every value of the last cells only to refuse them at the end,
   * which on an unlucky 3x3 table ran for minutes.
   */
  const candidates = (i: number, j: number, rowSum: number, cap: number): number[] => {
    const forced: number[] = [];
    if (j === cols - 1 && !hidden.has(`r${i}`)) forced.push(rowTotal(i) - rowSum);
    if (i === rows - 1 && !hidden.has(`k${j}`)) forced.push(colTotal(j) - (colSum[j] as number));
    if (i === rows - 1 && j === cols - 1) forced.push(n - used);
    if (forced.length === 0) return Array.from({ length: Math.max(0, cap + 1) }, (_, v) => v);
    const value = forced[0] as number;
    return forced.every((f) => f === value) && value >= 0 && value <= cap ? [value] : [];
  };
  let steps = 0;
  const search = (i: number, j: number, rowSum: number): boolean => {
    if (++steps > SEARCH_BUDGET) throw new Undecided();
    if (j === cols) {
      if (!hidden.has(`r${i}`) && rowSum !== rowTotal(i)) return false;
      return search(i + 1, 0, 0);
    }
    if (i === rows) {
      if (used !== n) return false;
      for (let c = 0; c < cols; c++) if (!hidden.has(`k${c}`) && colSum[c] !== colTotal(c)) return false;
      return valueIn(target) !== truth(target);
    }
    const id = `c${i}.${j}`;
    const released = !hidden.has(id);
    const rowCap = hidden.has(`r${i}`) ? Infinity : rowTotal(i) - rowSum;
    const colCap = hidden.has(`k${j}`) ? Infinity : colTotal(j) - (colSum[j] as number);
    const cap = Math.min(rowCap, colCap, n - used);
    const choices = released ? [truth(id)] : candidates(i, j, rowSum, cap);
    for (const v of choices) {
      if (v > cap) continue;
      (grid[i] as number[])[j] = v;
      colSum[j] = (colSum[j] as number) + v;
      used += v;
      const found = search(i, j + 1, rowSum + v);
      colSum[j] = colSum[j] - v;
      used -= v;
      if (found) return true;
    }
    (grid[i] as number[])[j] = 0;
    return false;
  };
  return search(0, 0, 0);
}

const arbitraryCount = (threshold: number): fc.Arbitrary<number> =>
  fc.oneof(fc.constant(0), fc.integer({ min: 1, max: threshold - 1 }), fc.integer({ min: threshold, max: threshold + 4 }));

describe('suppressCounts', () => {
  test('living situations: the withheld counts of a line (1 and 1) are no longer pinned by the zeros shown', () => {
    // cases 13 = family 11 + kinship 1 + residential 1 + foster 0 + not recorded 0
    const entries: CountEntry[] = [
      { id: 'cases', count: 13, fixed: true },
      { id: 'family', count: 11 },
      { id: 'kinship', count: 1 },
      { id: 'foster', count: 0 },
      { id: 'residential', count: 1 },
      { id: 'not_recorded', count: 0 },
    ];
    const withheld = suppressCounts(entries, [['cases', 'family', 'kinship', 'foster', 'residential', 'not_recorded']], 10);
    expect([...withheld.keys()].sort()).toEqual(['foster', 'kinship', 'not_recorded', 'residential']);
    expect(new Set(withheld.values())).toEqual(new Set(['below_disclosure_threshold']));
  });

  test('reliable change 1 / 12 / 0 of 13: the 0 is withheld with the 1, so neither is pinned', () => {
    const entries: CountEntry[] = [
      { id: 'n', count: 13, fixed: true },
      { id: 'improvement', count: 1 },
      { id: 'no_change', count: 12 },
      { id: 'deterioration', count: 0 },
    ];
    const withheld = suppressCounts(entries, [['n', 'improvement', 'no_change', 'deterioration']], 10);
    expect([...withheld.keys()].sort()).toEqual(['deterioration', 'improvement']);
  });

  test('a 4x4 transition table where row totals used to pin the withheld cells', () => {
    const cells = [
      [12, 2, 0, 0],
      [1, 15, 3, 0],
      [0, 2, 14, 1],
      [0, 0, 1, 11],
    ];
    const { entries, lines } = tableEntries(cells);
    const withheld = new Set(suppressCounts(entries, lines, 10).keys());
    for (const id of withheld) expect(canDiffer(cells, withheld, id), id).toBe(true);
  });

  test('the brute-force check finds a figure that the released ones pin (it is not vacuous)', () => {
    const cells = [
      [11, 1],
      [5, 12],
    ];
    expect(canDiffer(cells, new Set(['c0.1']), 'c0.1')).toBe(false);
    expect(canDiffer(cells, new Set(['c0.0', 'c0.1', 'c1.0', 'c1.1']), 'c0.1')).toBe(true);
  });

  test('no released count lies in 1..threshold - 1; nothing happens without one', () => {
    const { entries, lines } = tableEntries([
      [12, 0],
      [0, 15],
    ]);
    expect(suppressCounts(entries, lines, 10).size).toBe(0);
  });

  test('property: every withheld figure of a two-way table keeps at least two possible values, and no released count is in 1..threshold - 1', () => {
    const table = fc.integer({ min: 3, max: 6 }).chain((threshold) =>
      fc.tuple(
        fc.constant(threshold),
        fc.integer({ min: 2, max: 3 }).chain((rows) =>
          fc.integer({ min: 2, max: 3 }).chain((cols) => fc.array(fc.array(arbitraryCount(threshold), { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows })),
        ),
      ),
    );
    fc.assert(
      fc.property(table, ([threshold, cells]) => {
        // A cohort smaller than the threshold is withheld whole before any table is built.
        fc.pre(cells.flat().reduce((a, b) => a + b, 0) >= threshold);
        const { entries, lines } = tableEntries(cells);
        const withheld = suppressCounts(entries, lines, threshold);
        expect(withheld.has('n')).toBe(false);
        for (const e of entries) if (!withheld.has(e.id)) expect(e.count === 0 || e.count >= threshold, e.id).toBe(true);
        const hidden = new Set(withheld.keys());
        // A table the brute force cannot settle within its budget is set aside (about two of
        // every hundred), so that the test's time does not depend on the draw.
        const settled = new Map<string, boolean>();
        try {
          for (const id of hidden) settled.set(id, canDiffer(cells, hidden, id));
        } catch (error) {
          if (error instanceof Undecided) fc.pre(false);
          throw error;
        }
        for (const [id, differs] of settled) expect(differs, `${id} of ${JSON.stringify(cells)} at ${threshold}`).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  test('property: in one line with its total published, every withheld count keeps at least two possible values', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 10 }).chain((threshold) => fc.tuple(fc.constant(threshold), fc.array(arbitraryCount(threshold), { minLength: 2, maxLength: 6 }))),
        ([threshold, counts]) => {
          const n = counts.reduce((a, b) => a + b, 0);
          fc.pre(n >= threshold);
          const entries: CountEntry[] = [{ id: 'n', count: n, fixed: true }, ...counts.map((count, i) => ({ id: `p${i}`, count }))];
          const withheld = suppressCounts(entries, [['n', ...counts.map((_, i) => `p${i}`)]], threshold);
          const hiddenIds = counts.map((_, i) => `p${i}`).filter((id) => withheld.has(id));
          for (const [i, c] of counts.entries()) if (!withheld.has(`p${i}`)) expect(c === 0 || c >= threshold).toBe(true);
          // The withheld counts add up to n minus the released ones: each can take every value from
          // 0 to that sum when another withheld count absorbs the rest, and only its sum when alone.
          const rest = n - counts.filter((_, i) => !withheld.has(`p${i}`)).reduce((a, b) => a + b, 0);
          for (const id of hiddenIds) {
            const values = new Set<number>();
            for (let v = 0; v <= rest; v++) if (hiddenIds.length > 1 || v === rest) values.add(v);
            expect(values.size, id).toBeGreaterThanOrEqual(2);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
