// Response bodies are untyped JSON; the assertions check their shape.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { EngineErrorCode } from '../../src/errors.ts';
import { ERROR_STATUS, HTTP_PROBLEMS } from '../../src/http/index.ts';
import type { Harness } from './fixtures.ts';
import { createHarness } from './fixtures.ts';

/** Every EngineErrorCode; the type below fails to compile when errors.ts gains a code not listed. */
const CODES = ['grid_invalid', 'responses_invalid', 'request_invalid', 'not_found', 'conflict', 'forbidden', 'unauthorized', 'version_retired', 'idempotency_key_reused', 'busy'] as const;
type Missing = Exclude<EngineErrorCode, (typeof CODES)[number]>;
const everyCodeListed: Missing extends never ? true : false = true;

describe('OpenAPI document and error table', () => {
  let h: Harness;
  let doc: any;

  beforeAll(async () => {
    h = await createHarness();
    doc = await (await h.request('GET', '/api/v1/openapi.json')).json();
  });
  afterAll(async () => {
    await h.close();
  });

  test('is a valid OpenAPI 3.1 document (checked by @seriousme/openapi-schema-validator)', async () => {
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  test('covers every route of the app', () => {
    const documented = new Set(Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`)));
    const served = h.app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path.replace(/:([A-Za-z]+)/g, '{$1}')}`);
    expect(served.length).toBeGreaterThan(15);
    for (const route of served) expect(documented, route).toContain(route);
    expect(documented.size).toBe(new Set(served).size);
  });

  test('references each published grid version\'s response schema', () => {
    expect(Object.keys(doc.components.schemas)).toContain('Responses-prova-api-1.0.0');
  });

  test('every EngineError code has a status, a 4xx or 503, and is documented in docs/api.md', () => {
    expect(everyCodeListed).toBe(true);
    const api = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');
    for (const code of CODES) {
      const { status } = ERROR_STATUS[code];
      expect(status === 503 || (status >= 400 && status < 500), code).toBe(true);
      expect(api, code).toContain(`\`${code}\``);
    }
    for (const code of Object.keys(HTTP_PROBLEMS)) expect(api, code).toContain(`\`${code}\``);
    expect(Object.keys(ERROR_STATUS).sort()).toEqual([...CODES].sort());
  });
});
