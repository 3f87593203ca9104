import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { EngineErrorCode } from '../errors.ts';

/**
 * The one table from an EngineError code to an HTTP status and a problem title. `satisfies`
 * makes a code without a status a compile error; a test checks the table and docs/api.md too.
 */
export const ERROR_STATUS = {
  request_invalid: { status: 400, title: 'The request is not valid' },
  unauthorized: { status: 401, title: 'Authentication required' },
  forbidden: { status: 403, title: 'Not allowed' },
  not_found: { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'Conflict with the stored state' },
  version_retired: { status: 409, title: 'Grid version retired' },
  grid_invalid: { status: 422, title: 'The grid definition is not valid' },
  responses_invalid: { status: 422, title: 'The responses do not fit the grid version' },
  idempotency_key_reused: { status: 422, title: 'The idempotency key was used for another request' },
  busy: { status: 503, title: 'The database is busy, retry shortly' },
} as const satisfies Record<EngineErrorCode, { status: ContentfulStatusCode; title: string }>;

/**
 * Problems the HTTP layer raises itself (transport, not domain): their codes, statuses, titles.
 */
export const HTTP_PROBLEMS = {
  malformed_json: { status: 400, title: 'The body is not well-formed JSON' },
  token_in_url: { status: 400, title: 'Tokens go in the Authorization header, never in a URL' },
  payload_too_large: { status: 413, title: 'The body is larger than 1 MB' },
  unsupported_media_type: { status: 415, title: 'The body must be application/json' },
  too_many_requests: { status: 429, title: 'Too many failed authentications' },
  route_not_found: { status: 404, title: 'No such route' },
  internal: { status: 500, title: 'Internal error' },
} as const satisfies Record<string, { status: ContentfulStatusCode; title: string }>;

export type HttpProblemCode = keyof typeof HTTP_PROBLEMS;

/** Seconds a client should wait before retrying a busy database. */
export const BUSY_RETRY_AFTER_SECONDS = 1;
