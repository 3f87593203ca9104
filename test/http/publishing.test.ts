// Response bodies are untyped JSON; the assertions check their shape.
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Harness } from './fixtures.ts';
import { createHarness, GRID, testGrid } from './fixtures.ts';

describe('publishing grid versions', () => {
  let h: Harness;
  const publish = (body: unknown) => h.request('POST', '/api/v1/grids', { token: h.tokens.methodologist, body });

  beforeEach(async () => {
    h = await createHarness({ publish: false });
  });
  afterEach(async () => {
    expect(h.errors).toEqual([]);
    await h.close();
  });

  test('a methodologist publishes a version; it is listed with its status and served compiled', async () => {
    const res = await publish(testGrid());
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ grid: GRID, version: '1.0.0', status: 'published' });
    const list = (await (await h.request('GET', '/api/v1/grids', { token: h.tokens.researcher })).json()) as any;
    expect(list.grids.map((g: any) => [g.id, g.versions.map((v: any) => [v.version, v.status])])).toEqual([[GRID, [['1.0.0', 'published']]]]);
    const form = (await (await h.request('GET', `/api/v1/grids/${GRID}/versions/1.0.0/form?lang=it`, { token: h.tokens.operatorA })).json()) as any;
    expect(form.grid).toBe(GRID);
    const csv = await h.request('GET', `/api/v1/grids/${GRID}/versions/1.0.0/codebook?format=csv`, { token: h.tokens.operatorA });
    expect(csv.headers.get('content-type')).toContain('text/csv');
  });

  test('re-publishing the same content is idempotent (200); other content under the same id and version is 409', async () => {
    expect((await publish(testGrid())).status).toBe(201);
    const again = await publish(testGrid());
    expect(again.status).toBe(200);
    const changed = { ...testGrid(), title: { it: 'Un altro titolo' } };
    const conflict = await publish(changed);
    expect(conflict.status).toBe(409);
    expect(((await conflict.json()) as any).code).toBe('conflict');
    expect((await h.repo.listGridVersions()).length).toBe(1);
  });

  test('a wrong version bump is refused with the list of changes', async () => {
    expect((await publish(testGrid())).status).toBe(201);
    const grid = testGrid('1.0.1');
    const withItem = {
      ...grid,
      previous: { version: '1.0.0', added: ['nuovo'] },
      sections: [...grid.sections, { id: 'extra', label: { it: 'Altro' }, items: [{ id: 'nuovo', label: { it: 'Nuovo' }, scale: 'quattro' }] }],
    };
    const res = await publish(withItem);
    expect(res.status).toBe(422);
    const problem = (await res.json()) as any;
    expect(problem.code).toBe('grid_invalid');
    expect(problem.errors.length).toBeGreaterThan(0);
    expect(problem.errors.every((e: any) => typeof e.pointer === 'string' && typeof e.code === 'string')).toBe(true);
    expect((await publish({ ...withItem, version: '1.1.0' })).status).toBe(201);
  });

  test('an invalid definition is refused with pointers', async () => {
    const res = await publish({ ...testGrid(), scores: [{ id: 'x' }] });
    expect(res.status).toBe(422);
    const problem = (await res.json()) as any;
    expect(problem.errors.some((e: any) => e.pointer.startsWith('/scores/0'))).toBe(true);
  });

  test('diff between two versions', async () => {
    await publish(testGrid());
    await publish({ ...testGrid('1.0.1'), previous: { version: '1.0.0' }, title: { it: 'Titolo rivisto' } });
    const res = await h.request('GET', `/api/v1/grids/${GRID}/diff?from=1.0.0&to=1.0.1`, { token: h.tokens.methodologist });
    expect(res.status).toBe(200);
    expect(typeof (await res.json())).toBe('object');
    expect((await h.request('GET', `/api/v1/grids/${GRID}/diff?from=1.0.0&to=3.0.0`, { token: h.tokens.methodologist })).status).toBe(404);
  });
});
