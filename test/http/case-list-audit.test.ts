import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Harness } from './fixtures.ts';
import { createHarness, openCaseFor } from './fixtures.ts';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

describe('GET /api/v1/cases is audited', () => {
  test('an operator listing its team: one case.list row with the internal ids returned, never a reference', async () => {
    const first = await openCaseFor(h, 'A', 'FAM-ROSSI-01');
    const second = await openCaseFor(h, 'A', 'FAM-BIANCHI-02');
    await openCaseFor(h, 'B', 'FAM-VERDI-03');
    const res = await h.request('GET', '/api/v1/cases', { token: h.tokens.operatorA });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { cases: { id: string }[] };
    const listed = body.cases.map((c) => c.id).sort();
    expect(listed).toEqual([first, second].sort());

    const entries = await h.repo.queryAudit({ action: 'case.list' });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ role: 'operator', action: 'case.list' });
    expect([...entries[0]!.records].sort()).toEqual(listed);
    const text = JSON.stringify(entries);
    for (const reference of ['FAM-ROSSI-01', 'FAM-BIANCHI-02', 'FAM-VERDI-03']) expect(text).not.toContain(reference);
    expect(text).not.toContain(h.tokens.operatorA);
  });

  test('a coordinator listing its zone is audited with every case of the zone it received', async () => {
    const a = await openCaseFor(h, 'A');
    const b = await openCaseFor(h, 'B');
    await openCaseFor(h, 'C');
    const res = await h.request('GET', '/api/v1/cases', { token: h.tokens.coordinatorA });
    expect(res.status).toBe(200);
    const [entry] = await h.repo.queryAudit({ action: 'case.list' });
    expect(entry).toMatchObject({ role: 'coordinator' });
    expect([...entry!.records].sort()).toEqual([a, b].sort());
  });

  test('a refused listing writes no case.list row', async () => {
    await openCaseFor(h, 'A');
    const res = await h.request('GET', '/api/v1/cases', { token: h.tokens.researcher });
    expect(res.status).toBe(403);
    expect(await h.repo.queryAudit({ action: 'case.list' })).toHaveLength(0);
  });
});
