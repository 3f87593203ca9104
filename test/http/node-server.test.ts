import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Harness } from './fixtures.ts';
import { administrationBody, createHarness, openCaseFor } from './fixtures.ts';

/**
 * The app over a real socket through @hono/node-server, the way `griglie serve` runs it: the 1 MB
 * limit (SPEC 12) with and without `content-length` (the in-process `app.request` of the other
 * suites never sends it nor chunks), and the headers every answer carries.
 */

interface Answer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** Sends `chunks` one write each; with `contentLength` false Node sends them chunked. */
function post(url: string, path: string, token: string, chunks: readonly string[], contentLength: boolean): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    if (contentLength) headers['content-length'] = String(chunks.reduce((n, c) => n + Buffer.byteLength(c), 0));
    const req = httpRequest(`${url}${path}`, { method: 'POST', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    // The server may answer 413 and close before the whole body is written.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

/** A valid JSON body padded with whitespace to more than `bytes` bytes, split in 64 KB pieces. */
function bigBody(bytes: number, occasion = 'T0'): string[] {
  const text = JSON.stringify(administrationBody({ occasion })) + ' '.repeat(bytes);
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += 65536) pieces.push(text.slice(i, i + 65536));
  return pieces;
}

describe('served through @hono/node-server', () => {
  let h: Harness;
  let server: ServerType;
  let url: string;
  let caseId: string;

  beforeAll(async () => {
    h = await createHarness();
    caseId = await openCaseFor(h, 'A');
    await new Promise<void>((resolve) => {
      server = serve({ fetch: h.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve());
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await h.close();
  });

  const path = (): string => `/api/v1/cases/${caseId}/administrations`;

  test('a declared content-length above 1 MB is refused with 413 and nothing is written', async () => {
    const before = h.rowCounts();
    const res = await post(url, path(), h.tokens.operatorA, bigBody(1024 * 1024), true);
    expect(res.status).toBe(413);
    expect((JSON.parse(res.body) as { code: string }).code).toBe('payload_too_large');
    expect(h.rowCounts()).toEqual(before);
  });

  test('a chunked body (no content-length) above 1 MB is refused with 413 and nothing is written', async () => {
    const before = h.rowCounts();
    const res = await post(url, path(), h.tokens.operatorA, bigBody(1024 * 1024), false);
    expect(res.status).toBe(413);
    expect((JSON.parse(res.body) as { code: string }).code).toBe('payload_too_large');
    expect(h.rowCounts()).toEqual(before);
  });

  test('a chunked body under the limit is read whole and recorded', async () => {
    const res = await post(url, path(), h.tokens.operatorA, bigBody(200 * 1024, 'T1'), false);
    expect(res.status).toBe(201);
    expect((JSON.parse(res.body) as { occasion: string }).occasion).toBe('T1');
  });

  test('a body with content-length under the limit is read whole and recorded', async () => {
    const res = await post(url, path(), h.tokens.operatorA, bigBody(1024 * 1024 - 1024, 'T2'), true);
    expect(res.status).toBe(201);
    expect((JSON.parse(res.body) as { occasion: string }).occasion).toBe('T2');
  });

  test('a small body split in several chunks is recorded, with no-store and nosniff on the answer', async () => {
    const text = JSON.stringify(administrationBody({ occasion: 'T3', date: '2025-07-01' }));
    const res = await post(url, path(), h.tokens.operatorA, [text.slice(0, 10), text.slice(10, 50), text.slice(50)], false);
    expect(res.status).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['location']).toBe(`/api/v1/administrations/${(JSON.parse(res.body) as { id: string }).id}`);
  });

  test('a refusal carries no-store and nosniff too', async () => {
    const res = await post(url, path(), 'grg_' + 'x'.repeat(43), ['{}'], true);
    expect(res.status).toBe(401);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});
