import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createApp } from '../../src/http/index.ts';
import { exportRoutes } from '../../src/http/routes/exports.ts';
import { buildOpenApi } from '../../src/http/openapi.ts';
import { openSqliteRepository } from '../../src/storage/index.ts';
import type { AuditEntry } from '../../src/storage/repository.ts';
import type { Caller, ExportWorld } from '../export/fixtures.ts';
import { createExportWorld, GRID } from '../export/fixtures.ts';

let w: ExportWorld;
beforeEach(async () => {
  w = await createExportWorld();
  for (let i = 1; i <= 5; i++) {
    await w.addCase({ reference: `FI-${i}`, birthYearMonth: `2016-0${i}`, sex: 'M', administrations: [{ occasion: 'T0', date: '2025-02-01', bambino: 4, band: 'concern' }] });
  }
});
afterEach(async () => {
  await w.close();
});

const PATH = '/api/v1/exports/scores?format=csv&layout=long';

describe('who may export', () => {
  test.each<[Caller | null, number]>([
    ['researcher', 200],
    ['operator', 403],
    ['coordinator', 403],
    ['methodologist', 403],
    ['admin', 403],
    [null, 401],
  ])('%s: %i', async (caller, status) => {
    const res = await w.request(PATH, caller);
    expect(res.status).toBe(status);
    if (status !== 200) {
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect((await res.json()) as { code: string }).toMatchObject({ code: status === 401 ? 'unauthorized' : 'forbidden' });
    } else {
      await res.arrayBuffer();
    }
    const audited = await w.repo.queryAudit({ action: 'export.scores' });
    // A started row before the first byte, and the row with the digest when it ended.
    expect(audited).toHaveLength(status === 200 ? 2 : 0);
  });

  test('a server without its key directory refuses to export rather than invent keys', async () => {
    const errors: unknown[] = [];
    const app = createApp({ repo: w.repo, grids: w.grids, extraRoutes: [exportRoutes], reportError: (e) => errors.push(e) });
    const res = await app.request(PATH, { headers: { authorization: `Bearer ${w.tokens.researcher}` } }, { incoming: { socket: { remoteAddress: '192.0.2.8' } } });
    expect(res.status).toBe(500);
    expect(errors).toHaveLength(1);
    expect(await w.repo.queryAudit({ action: 'export.scores' })).toHaveLength(0);
  });
});

const stage = (entries: AuditEntry[], which: 'started' | 'ended'): AuditEntry[] => entries.filter((e) => e.detail?.['stage'] === which);

describe('audit', () => {
  test.each(['format=csv&layout=long', `format=ndjson&layout=wide&grid=${GRID}`, 'part=metadata'])('%s: the SHA-256 of exactly the bytes sent, and the project', async (query) => {
    const res = await w.request(`/api/v1/exports/scores?${query}`, 'researcher');
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    const entries = await w.repo.queryAudit({ action: 'export.scores' });
    const [started] = stage(entries, 'started');
    const [ended] = stage(entries, 'ended');
    expect(entries).toHaveLength(2);
    expect(started).toMatchObject({ role: 'researcher', records: [], detail: { complete: false, project: { id: w.projects.first.id }, cases: 5 } });
    expect(started?.detail).not.toHaveProperty('sha256');
    expect(ended).toMatchObject({
      role: 'researcher',
      records: [],
      detail: {
        exportId: started?.detail?.['exportId'],
        sha256: createHash('sha256').update(bytes).digest('hex'),
        bytes: bytes.length,
        complete: true,
        project: { id: w.projects.first.id, name: 'esiti-2026' },
        cases: 5,
      },
    });
    expect(typeof started?.detail?.['exportId']).toBe('string');
    expect(ended!.id).toBeGreaterThan(started!.id);
    expect(JSON.stringify(entries)).not.toContain('FI-1');
  });

  test('the started row is committed before the first byte reaches the client', async () => {
    const res = await w.request(PATH, 'researcher');
    expect(res.status).toBe(200);
    // Nothing read yet: the export is already on record, as not (yet) complete.
    const before = await w.repo.queryAudit({ action: 'export.scores' });
    expect(before).toHaveLength(1);
    expect(before[0]?.detail).toMatchObject({ stage: 'started', complete: false });
    await res.arrayBuffer();
    expect(stage(await w.repo.queryAudit({ action: 'export.scores' }), 'ended')).toHaveLength(1);
  });

  test('a client that stops reading is audited as incomplete', async () => {
    const res = await w.request(PATH, 'researcher');
    const reader = res.body!.getReader();
    await reader.read();
    await reader.cancel();
    const [entry] = stage(await w.repo.queryAudit({ action: 'export.scores' }), 'ended');
    expect(entry?.detail).toMatchObject({ complete: false });
  });

  test('a busy database refuses the export with 503 and Retry-After, and sends no data', async () => {
    const repo = openSqliteRepository({ file: w.file, busyTimeoutMs: 50, clock: () => new Date('2026-06-01T10:00:00Z') });
    const app = createApp({ repo, grids: w.grids, extraRoutes: [exportRoutes], pseudonymKeys: w.keys });
    const ask = async (): Promise<Response> =>
      app.request(PATH, { headers: { authorization: `Bearer ${w.tokens.researcher}` } }, { incoming: { socket: { remoteAddress: '192.0.2.9' } } });
    const holder = new Database(w.file);
    try {
      holder.exec('BEGIN IMMEDIATE');
      const res = await ask();
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      const text = await res.text();
      expect(JSON.parse(text)).toMatchObject({ code: 'busy' });
      expect(text).not.toContain('pseudonym');
      holder.exec('ROLLBACK');
      expect(await w.repo.queryAudit({ action: 'export.scores' })).toHaveLength(0);
      // Once the lock is gone the same request goes through, audited.
      const retry = await ask();
      expect(retry.status).toBe(200);
      await retry.arrayBuffer();
      expect(await w.repo.queryAudit({ action: 'export.scores' })).toHaveLength(2);
    } finally {
      if (holder.inTransaction) holder.exec('ROLLBACK');
      holder.close();
      await repo.close();
    }
  });
});

describe('query', () => {
  test.each([
    ['format=xlsx', 'format', 'not_allowed'],
    ['layout=wide', 'grid', 'grid_required'],
    ['k=3', 'k', 'out_of_range'],
    ['k=abc', 'k', 'invalid_format'],
    ['colour=blue', 'colour', 'unknown_field'],
  ])('%s: 400 naming ?%s', async (query, parameter, code) => {
    const res = await w.request(`/api/v1/exports/scores?${query}`, 'researcher');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'request_invalid', errors: [{ parameter, code }] });
    expect(await w.repo.queryAudit({ action: 'export.scores' })).toHaveLength(0);
  });

  test('the codebook comes as JSON, or CSV with format=csv', async () => {
    const json = await w.request(`/api/v1/exports/scores?part=codebook&grid=${GRID}`, 'researcher');
    expect(json.headers.get('content-type')).toMatch(/application\/json/);
    expect(((await json.json()) as { variables: { name: string }[] }).variables.map((v) => v.name)).toContain('pseudonym');
    const csv = await w.request(`/api/v1/exports/scores?part=codebook&format=csv&grid=${GRID}`, 'researcher');
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(await csv.text()).toMatch(/^scope,name,kind,type,label_it,label_en/);
  });

  test('headers of a data export', async () => {
    const res = await w.request(`/api/v1/exports/scores?format=ndjson&layout=wide&grid=${GRID}`, 'researcher');
    expect(res.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="griglie-scores-prova-api-wide\.ndjson"/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    await res.arrayBuffer();
  });

  test('the OpenAPI document describes the route, its parameters and its roles', () => {
    const doc = buildOpenApi(exportRoutes.operations, { version: 'test' }) as { paths: Record<string, { get: { parameters: { name: string }[]; description: string } }> };
    const op = doc.paths['/api/v1/exports/scores']!.get;
    expect(op.parameters.map((p) => p.name)).toEqual(['format', 'layout', 'grid', 'zone', 'k', 'part']);
    expect(op.description).toBe('Roles: researcher (all).');
  });
});
