// Response bodies are untyped JSON; the assertions check their shape.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { EngineError } from '../../src/errors.ts';
import { createApp } from '../../src/http/index.ts';
import { createGridRegistry } from '../../src/service/index.ts';
import type { Repository } from '../../src/storage/index.ts';
import type { Harness } from './fixtures.ts';
import { createHarness, openCaseFor } from './fixtures.ts';

describe('authentication and failures', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  test('no token, a malformed header or an unknown token answer 401 problem+json with WWW-Authenticate', async () => {
    for (const headers of [{}, { authorization: 'Basic abc' }, { authorization: `Bearer grg_${'x'.repeat(43)}` }]) {
      const res = await h.request('GET', '/api/v1/grids', { headers, address: `203.0.113.${Object.keys(headers).length + 10}` });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect(((await res.json()) as any).code).toBe('unauthorized');
    }
  });

  test('a token in the query string is refused with 400 and never echoed, even a valid one', async () => {
    const res = await h.request('GET', `/api/v1/grids?access_token=${h.tokens.admin}`, { token: h.tokens.admin });
    expect(res.status).toBe(400);
    expect(await res.text()).not.toContain(h.tokens.admin);
  });

  test('ten failures within a minute from one address answer 429 with Retry-After, even for a valid token; other addresses are not affected', async () => {
    for (let i = 0; i < 10; i++) expect((await h.request('GET', '/api/v1/grids', { token: `grg_${'y'.repeat(43)}`, address: '203.0.113.7' })).status).toBe(401);
    const blocked = await h.request('GET', '/api/v1/grids', { token: h.tokens.admin, address: '203.0.113.7' });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await h.request('GET', '/api/v1/grids', { token: h.tokens.admin, address: '203.0.113.8' })).status).toBe(200);
    h.now.value = new Date(h.now.value.getTime() + 61_000);
    expect((await h.request('GET', '/api/v1/grids', { token: h.tokens.admin, address: '203.0.113.7' })).status).toBe(200);
  });

  test('a busy database answers 503 with Retry-After; an unexpected error 500 without internals', async () => {
    const caseId = await openCaseFor(h, 'A');
    const failing = (error: Error): Repository =>
      new Proxy(h.repo, {
        get(target, prop, receiver) {
          if (prop === 'getCase') return () => Promise.reject(error);
          const value = Reflect.get(target, prop, receiver) as unknown;
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
    const reported: unknown[] = [];
    for (const [error, status] of [
      [new EngineError('busy', 'database is locked'), 503],
      [new Error('SQLITE_CORRUPT at /srv/secret/path.db'), 500],
    ] as const) {
      const repo = failing(error);
      const app = createApp({ repo, grids: createGridRegistry({ repo }), clock: () => h.now.value, reportError: (e) => reported.push(e) });
      const res = await app.request(`/api/v1/cases/${caseId}`, { headers: { authorization: `Bearer ${h.tokens.operatorA}` } });
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      const text = await res.text();
      expect(text).not.toContain('SQLITE');
      expect(text).not.toContain('/srv/secret');
      if (status === 503) expect(res.headers.get('retry-after')).toBe('1');
    }
    expect(reported).toHaveLength(1);
  });

  test('an unknown route answers 404 problem+json', async () => {
    const res = await h.request('GET', '/api/v1/nothing-here', { token: h.tokens.admin });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });
});
