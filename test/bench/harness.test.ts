import { describe, expect, it } from 'vitest';
import { formatTable, intFlag, machineInfo, parseBenchArgs } from '../../bench/benchmark.ts';
import { contestant, measureInterleaved } from '../../bench/scoring/measure.ts';
import type { ScoringOutput } from '../../src/compiler/index.ts';

describe('bench command line', () => {
  it('splits benchmark names from flags', () => {
    expect(parseBenchArgs(['scoring', '--count', '1000', '--full-check'])).toEqual({ names: ['scoring'], flags: { count: '1000', 'full-check': true } });
    expect(intFlag({ count: '1000' }, 'count', 5)).toBe(1000);
    expect(intFlag({}, 'count', 5)).toBe(5);
    expect(() => intFlag({ count: 'x' }, 'count', 5)).toThrow();
  });

  it('describes the machine and renders Markdown tables', () => {
    const m = machineInfo();
    expect(m.cpus).toBeGreaterThan(0);
    expect(m.nproc).toBeGreaterThan(0);
    expect(m.node).toBe(process.version);
    const text = formatTable({ title: 'T', columns: ['a', 'bb'], rows: [['1', '2']] });
    expect(text.split('\n')).toEqual(['### T', '', '| a | bb |', '|---|----|', '| 1 | 2  |']);
  });
});

describe('interleaved measurement', () => {
  it('times every contestant once per round and keeps a checksum of every result', () => {
    const fixed = (total: number | null): ScoringOutput => ({ scores: { totale: total }, bands: { media_cura: total === null ? null : 'abc' }, reasons: {} });
    const inputs = [1, 2, 3, 4];
    const results = measureInterleaved(
      [contestant('a', (x: number) => fixed(x), inputs), contestant('b', () => fixed(null), inputs)],
      { rounds: 3, sampleSeconds: 0.002, checksumScore: 'totale', checksumBand: 'media_cura' },
    );
    expect(results.map((r) => r.name)).toEqual(['a', 'b']);
    for (const r of results) {
      expect(r.throughputs).toHaveLength(3);
      expect(r.median).toBeGreaterThan(0);
    }
    // a: mean of 1..4 plus the band's length 3; b: -1 for a null score, 0 for a null band.
    expect(results[0]!.checksumPerResponse).toBeCloseTo(2.5 + 3, 9);
    expect(results[1]!.checksumPerResponse).toBe(-1);
  });
});
