// Response bodies are untyped JSON; the assertions check their shape.
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Harness } from './fixtures.ts';
import { administrationBody, createHarness, GRID, openCaseFor } from './fixtures.ts';

describe('Idempotency-Key on the writes of administrations', () => {
  let h: Harness;
  let caseId: string;
  const post = (path: string, body: unknown, key?: string, token = h.tokens.operatorA) =>
    h.request('POST', path, { token, body, ...(key === undefined ? {} : { headers: { 'idempotency-key': key } }) });
  const record = (body: unknown, key?: string) => post(`/api/v1/cases/${caseId}/administrations`, body, key);
  const auditActions = async (): Promise<string[]> => (await h.repo.queryAudit({})).map((entry) => entry.action);

  beforeEach(async () => {
    h = await createHarness();
    caseId = await openCaseFor(h, 'A');
  });
  afterEach(async () => {
    expect(h.errors).toEqual([]);
    await h.close();
  });

  test('a retry of a record under its key writes nothing and gets the first answer again, marked as replayed', async () => {
    const first = await record(administrationBody(), 'rec-1');
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const firstBody = await first.text();
    const rows = h.rowCounts();

    // The same request with its fields in another order, as a client library may send it.
    const reordered = Object.fromEntries(Object.entries(administrationBody()).reverse());
    const again = await record(reordered, 'rec-1');
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(JSON.parse(await again.text())).toEqual(JSON.parse(firstBody));
    // Nothing written but the audit entry of the replay.
    expect(h.rowCounts()).toEqual({ ...rows, audit_log: rows['audit_log']! + 1 });
    expect((await auditActions()).at(-1)).toBe('administration.replay');
  });

  test('the key in its quoted structured-field form is the same key', async () => {
    const first = (await (await record(administrationBody(), 'abc-123')).json()) as any;
    const again = await record(administrationBody(), '"abc-123"');
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(((await again.json()) as any).id).toBe(first.id);
  });

  test('another request under a used key is refused with 422 and writes nothing', async () => {
    await record(administrationBody(), 'rec-1');
    const rows = h.rowCounts();
    const other = await record(administrationBody({ responses: { salute: 1 } }), 'rec-1');
    expect(other.status).toBe(422);
    expect(other.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await other.json()).toMatchObject({ code: 'idempotency_key_reused', errors: [{ code: 'idempotency_key_reused', pointer: '' }] });
    expect(h.rowCounts()).toEqual(rows);
  });

  test('a key used on one case is another request on another case', async () => {
    await record(administrationBody(), 'rec-1');
    const otherCase = await openCaseFor(h, 'A', 'rif-A-2');
    const res = await post(`/api/v1/cases/${otherCase}/administrations`, administrationBody(), 'rec-1');
    expect(res.status).toBe(422);
  });

  test('keys belong to their token: the same key from another team\'s operator is a new write', async () => {
    const mine = (await (await record(administrationBody(), 'shared-key')).json()) as any;
    const caseB = await openCaseFor(h, 'B');
    const theirs = await post(`/api/v1/cases/${caseB}/administrations`, administrationBody(), 'shared-key', h.tokens.operatorB);
    expect(theirs.status).toBe(201);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    expect(((await theirs.json()) as any).id).not.toBe(mine.id);
  });

  test.each([
    ['empty', ''],
    ['too long', 'k'.repeat(256)],
    ['not ASCII', 'chiave-è'],
    ['with a space', 'two words'],
    ['a quote inside', '"a"b"'],
  ])('an invalid key (%s) is refused with 400 before anything is written', async (_name, key) => {
    const rows = h.rowCounts();
    const res = await record(administrationBody(), key);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'request_invalid', errors: [{ code: 'idempotency_key_invalid', header: 'Idempotency-Key' }] });
    expect(h.rowCounts()).toEqual(rows);
  });

  test('a key of 255 characters is taken', async () => {
    const res = await record(administrationBody(), 'k'.repeat(255));
    expect(res.status).toBe(201);
  });

  test('without a key, the same request sent twice records twice (as before)', async () => {
    const a = (await (await record(administrationBody())).json()) as any;
    const b = (await (await record(administrationBody())).json()) as any;
    expect(a.id).not.toBe(b.id);
  });

  test('a retry gets its first answer even after the grid version was retired', async () => {
    const first = (await (await record(administrationBody(), 'rec-1')).json()) as any;
    const retire = await h.request('POST', `/api/v1/grids/${GRID}/versions/1.0.0/retire`, { token: h.tokens.methodologist });
    expect(retire.status).toBe(200);
    expect((await record(administrationBody())).status).toBe(409);
    const again = await record(administrationBody(), 'rec-1');
    expect(again.status).toBe(201);
    expect(((await again.json()) as any).id).toBe(first.id);
  });

  test('an amendment under a key is written once; its retry answers the revision it wrote, even after later ones', async () => {
    const created = (await (await record(administrationBody({ status: 'draft' }))).json()) as any;
    const amendment = { responses: { salute: 4, gioco: 4 }, reason: 'colloquio completato', status: 'submitted' };
    const first = await post(`/api/v1/administrations/${created.id}/amendments`, amendment, 'amend-1');
    expect(first.status).toBe(201);
    const firstBody = (await first.json()) as any;
    expect(firstBody).toMatchObject({ revision: 2, status: 'submitted', scores: { bambino: 8 } });
    await post(`/api/v1/administrations/${created.id}/amendments`, { responses: { salute: 1, gioco: 1 }, reason: 'rettifica' }, 'amend-2');

    const again = await post(`/api/v1/administrations/${created.id}/amendments`, amendment, 'amend-1');
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(firstBody);
    const history = (await (await h.request('GET', `/api/v1/administrations/${created.id}`, { token: h.tokens.operatorA })).json()) as any;
    expect(history.revisions.map((r: any) => r.revision)).toEqual([1, 2, 3]);
  });

  test('a void under a key: its retry answers 200 replayed instead of "already void"', async () => {
    const created = (await (await record(administrationBody())).json()) as any;
    const first = await post(`/api/v1/administrations/${created.id}/void`, { reason: 'caso sbagliato' }, 'void-1');
    expect(first.status).toBe(200);
    const again = await post(`/api/v1/administrations/${created.id}/void`, { reason: 'caso sbagliato' }, 'void-1');
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(((await again.json()) as any).status).toBe('void');
    // Without the key, the repeat is what it always was.
    expect((await post(`/api/v1/administrations/${created.id}/void`, { reason: 'caso sbagliato' })).status).toBe(409);
  });

  test('a key taken by a record is another request for an amendment', async () => {
    const created = (await (await record(administrationBody(), 'one-key')).json()) as any;
    const res = await post(`/api/v1/administrations/${created.id}/amendments`, { responses: { salute: 4 }, reason: 'r' }, 'one-key');
    expect(res.status).toBe(422);
  });

  test('the same request sent five times at once is recorded once; every answer is the record or "in flight", and a retry gets the record', async () => {
    const answers = await Promise.all(Array.from({ length: 5 }, () => record(administrationBody(), 'burst')));
    const statuses = answers.map((res) => res.status);
    expect(statuses.every((status) => status === 201 || status === 409)).toBe(true);
    const recorded = await Promise.all(answers.filter((res) => res.status === 201).map(async (res) => ((await res.json()) as any).id as string));
    expect(recorded.length).toBeGreaterThanOrEqual(1);
    expect(new Set(recorded).size).toBe(1);
    for (const res of answers.filter((r) => r.status === 409)) {
      expect(res.headers.get('retry-after')).toBe('1');
      expect(await res.json()).toMatchObject({ errors: [{ code: 'idempotency_key_in_flight' }] });
    }
    expect(h.rowCounts()['administrations']).toBe(1);
    const retry = await record(administrationBody(), 'burst');
    expect(retry.status).toBe(201);
    expect(((await retry.json()) as any).id).toBe(recorded[0]);
  });
});
