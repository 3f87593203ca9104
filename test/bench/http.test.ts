import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../../bench/benchmark.ts';
import { BENCH_INFORMANTS, addMonths, makeAdministrationRequests, makeCaseSeeds } from '../../bench/http/data.ts';
import { httpSettings } from '../../bench/http/index.ts';
import { loadInstrument } from '../../bench/http/setup.ts';
import { compileGrid } from '../../src/compiler/index.ts';
import { itemsOf } from '../../src/grid/index.ts';
import type { Responses } from '../../src/grid/index.ts';

const grid = loadInstrument('1.1.0');
const cases = makeCaseSeeds(4, 7).map((seed, i) => ({ id: `case-${i}`, start: seed.start, level: seed.level }));

describe('HTTP benchmark bodies', () => {
  const requests = makeAdministrationRequests(grid, cases, { count: 300, seed: 11 });
  const bodies = requests.map((r) => JSON.parse(r.body) as Record<string, unknown>);

  it('are submitted administrations of mondo-del-bambino 1.1.0 that the compiled grid accepts with every item answered', () => {
    const compiled = compileGrid(grid);
    const itemIds = itemsOf(grid).map(({ item }) => item.id).sort();
    for (const body of bodies) {
      expect(body).toMatchObject({ grid: 'mondo-del-bambino', version: '1.1.0', status: 'submitted' });
      const responses = body['responses'] as Responses;
      expect(Object.keys(responses).sort()).toEqual(itemIds);
      expect(compiled.checkResponses(compiled.shape(responses), 'submitted')).toMatchObject({ ok: true });
      const scored = compiled.score(compiled.shape(responses));
      expect(Object.values(scored.scores).every((v) => typeof v === 'number')).toBe(true);
    }
  });

  it('vary the case, occasion and informant, with dates 0, 6 and 12 months after the case start', () => {
    const combos = new Set(bodies.map((b) => `${String(b['occasion'])}/${String(b['informant'])}`));
    expect(combos.size).toBeGreaterThan(10);
    expect(new Set(bodies.map((b) => b['informant']))).toEqual(new Set(BENCH_INFORMANTS));
    expect(new Set(requests.map((r) => r.path))).toEqual(new Set(cases.map((c) => `/api/v1/cases/${c.id}/administrations`)));
    for (const [i, body] of bodies.entries()) {
      const record = cases.find((c) => requests[i]!.path.includes(`/${c.id}/`))!;
      const months = { T0: 0, T1: 6, T2: 12 }[body['occasion'] as 'T0' | 'T1' | 'T2'];
      expect(body['date']).toBe(addMonths(record.start, months));
    }
  });

  it('are the same in every run (seeded)', () => {
    expect(makeAdministrationRequests(grid, cases, { count: 300, seed: 11 })).toEqual(requests);
    expect(makeAdministrationRequests(grid, cases, { count: 300, seed: 12 })).not.toEqual(requests);
  });

  it('spread the scores over several bands', () => {
    const compiled = compileGrid(grid);
    const bands = new Set(bodies.map((b) => compiled.score(compiled.shape(b['responses'] as Responses)).bands['totale']));
    expect(bands.size).toBeGreaterThanOrEqual(3);
  });
});

describe('addMonths', () => {
  it('clamps the day to the length of the target month', () => {
    expect(addMonths('2024-08-31', 6)).toBe('2025-02-28');
    expect(addMonths('2024-01-15', 12)).toBe('2025-01-15');
    expect(addMonths('2023-08-29', 6)).toBe('2024-02-29');
  });
});

describe('httpSettings', () => {
  it('defaults to 50 connections, 10 s runs after a 3 s warm-up, one round', () => {
    expect(httpSettings(parseBenchArgs(['http']).flags)).toMatchObject({ connections: 50, seconds: 10, warmupSeconds: 3, rounds: 1, cpuProfDir: null });
  });

  it('takes the documented flags', () => {
    const settings = httpSettings(parseBenchArgs(['http', '--connections', '10', '--seconds', '2', '--rounds', '3', '--cpu-prof', '/tmp/p']).flags);
    expect(settings).toMatchObject({ connections: 10, seconds: 2, rounds: 3, cpuProfDir: '/tmp/p' });
  });

  it('refuses a count that is not a positive integer', () => {
    expect(() => httpSettings(parseBenchArgs(['http', '--seconds', '0']).flags)).toThrow(/--seconds/);
  });
});
