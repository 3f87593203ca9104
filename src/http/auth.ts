import type { MiddlewareHandler } from 'hono';
import { EngineError } from '../errors.ts';
import { verifyToken } from '../identity/index.ts';
import type { AuthFailureLimiter } from './auth-failure-limiter.ts';
import type { AppDeps, AppEnv } from './context.ts';
import { HttpProblem } from './problem.ts';

/** Query parameter names a client might put a token in; any of them is refused, whatever its value. */
const TOKEN_PARAMETERS = new Set(['access_token', 'token', 'bearer', 'auth', 'authorization', 'api_key', 'apikey', 'key', 'secret']);

/**
 * Refuses a token in the URL (400) before anything else sees the request, so it is never
 * verified, stored or echoed. Applies to every API route, authenticated or not.
 */
export function refuseTokenInUrl(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const href = c.req.url;
    // Most requests carry no query string: no URL to parse then.
    if (!href.includes('?')) {
      await next();
      return;
    }
    const url = new URL(href);
    for (const name of url.searchParams.keys()) {
      if (TOKEN_PARAMETERS.has(name.toLowerCase())) {
        throw new HttpProblem('token_in_url', 'Send the token in the Authorization header; a URL is logged and cached.', [
          { code: 'token_in_url', path: `?${name}`, message: 'Tokens are accepted only in the Authorization header.' },
        ]);
      }
    }
    await next();
  };
}

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/**
 * `Authorization: Bearer <token>` resolved to a principal (verifyToken: hash lookup, constant-time
 * compare, expiry, revocation). Missing or bad: 401. Too many failures from one address: 429 with
 * `Retry-After`, before the token is even looked at.
 */
export function authenticate(deps: Pick<AppDeps, 'repo' | 'clock' | 'clientAddress'>, limiter: AuthFailureLimiter): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const address = deps.clientAddress(c);
    const wait = limiter.retryAfter(address);
    if (wait > 0) {
      throw new HttpProblem('too_many_requests', 'Too many failed authentications from this address; wait and retry.', [], {
        'retry-after': String(wait),
      });
    }
    const match = BEARER.exec(c.req.header('authorization') ?? '');
    const principal = match?.[1] === undefined ? null : await verifyToken(deps.repo, match[1], deps.clock());
    if (principal === null) {
      limiter.fail(address);
      throw new EngineError('unauthorized', 'Send a valid token as `Authorization: Bearer <token>`.');
    }
    c.set('principal', principal);
    await next();
  };
}
