import { Hono } from 'hono';
import type { Context } from 'hono';
import { DEFAULT_INTERVENTION_TYPES, readEngineVersion } from '../service/index.ts';
import type { GridRegistry } from '../service/index.ts';
import type { PseudonymKeyStore } from '../export/index.ts';
import type { Repository } from '../storage/repository.ts';
import { authenticate, refuseTokenInUrl } from './auth.ts';
import { createAuthFailureLimiter } from './auth-failure-limiter.ts';
import type { AuthFailureLimiter } from './auth-failure-limiter.ts';
import type { AppDeps, AppEnv } from './context.ts';
import { limitBody } from './json-body.ts';
import { errorResponse, httpProblemResponse } from './problem.ts';
import type { RouteDeps, RouteModule } from './route-module.ts';
import { AUTHENTICATED_ROUTES, healthRoutes, openApiRoutes } from './routes/index.ts';
import { compileBodyValidators } from './validate-body.ts';

/** Largest request body accepted (SPEC 12). */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface CreateAppOptions {
  repo: Repository;
  grids: GridRegistry;
  clock?: () => Date;
  engineVersion?: string;
  /** Extra intervention types (code -> label) beside the dispositivi 410..470. */
  interventionTypes?: Readonly<Record<string, string>>;
  clientAddress?: (c: Context<AppEnv>) => string;
  reportError?: (error: unknown) => void;
  /** Failed-authentication limiter; one is made from the clock when absent. */
  authLimiter?: AuthFailureLimiter;
  /** Where research exports find each project's pseudonymisation key (`griglie serve --keys DIR`). */
  pseudonymKeys?: PseudonymKeyStore;
  /** Route modules served beside ROUTE_MODULES (and documented in openapi.json), e.g. one under test. */
  extraRoutes?: readonly RouteModule[];
}

/** Every route module the app serves, in mounting order (public ones first). */
export const ROUTE_MODULES: readonly RouteModule[] = [healthRoutes, openApiRoutes([healthRoutes, ...AUTHENTICATED_ROUTES]), ...AUTHENTICATED_ROUTES];

/**
 * Builds the JSON API under `/api/v1` from injected dependencies (no singletons: one app per
 * test, on its own database).
 *
 * @example
 * const app = createApp({ repo, grids });
 * const res = await app.request('/api/v1/health');
 */
export function createApp(options: CreateAppOptions): Hono<AppEnv> {
  const clock = options.clock ?? (() => new Date());
  const deps: RouteDeps = {
    repo: options.repo,
    grids: options.grids,
    clock,
    engineVersion: options.engineVersion ?? readEngineVersion(),
    interventionTypes: { ...DEFAULT_INTERVENTION_TYPES, ...(options.interventionTypes ?? {}) },
    clientAddress: options.clientAddress ?? socketAddress,
    reportError: options.reportError ?? ((error) => console.error(error)),
    pseudonymKeys: options.pseudonymKeys ?? null,
    validators: compileBodyValidators(),
  };
  const limiter = options.authLimiter ?? createAuthFailureLimiter({ clock });

  // A module already registered in routes/index.ts is not mounted twice.
  const extra = (options.extraRoutes ?? []).filter((m) => !AUTHENTICATED_ROUTES.includes(m));
  const modules =
    extra.length === 0
      ? ROUTE_MODULES
      : [healthRoutes, openApiRoutes([healthRoutes, ...AUTHENTICATED_ROUTES, ...extra]), ...AUTHENTICATED_ROUTES, ...extra];

  const app = new Hono<AppEnv>();
  app.onError((error) => errorResponse(error, deps.reportError));
  app.notFound(() => httpProblemResponse('route_not_found', 'No such route.'));

  app.use('/api/v1/*', async (c, next) => {
    await next();
    // Set on the response's own headers (see setSecurityHeaders); immutable ones go through c.header().
    if (!setSecurityHeaders(c.res.headers)) {
      c.header('cache-control', 'no-store');
      c.header('x-content-type-options', 'nosniff');
    }
  });
  app.use('/api/v1/*', refuseTokenInUrl());
  app.use(
    '/api/v1/*',
    limitBody(MAX_BODY_BYTES, () =>
      httpProblemResponse('payload_too_large', 'Send at most 1 MB.', { issues: [{ code: 'payload_too_large', path: '', message: 'The body is larger than 1 MB.' }] }),
    ),
  );
  for (const module of modules) {
    if (module.operations.every((op) => op.public === true)) module.mount(app, deps);
  }
  app.use('/api/v1/*', authenticate(deps, limiter));
  for (const module of modules) {
    if (!module.operations.every((op) => op.public === true)) module.mount(app, deps);
  }
  return app;
}

/**
 * `no-store` and `nosniff` on every API answer, set on the response's own headers: Hono's
 * `c.header()` on a finished response rebuilds it around its body as a stream, which makes
 * @hono/node-server give up writing a string body in one go (a web Response and a ReadableStream
 * per request). False when the headers are immutable (the caller then uses `c.header()`).
 */
function setSecurityHeaders(headers: Headers): boolean {
  try {
    headers.set('cache-control', 'no-store');
    headers.set('x-content-type-options', 'nosniff');
    return true;
  } catch {
    return false;
  }
}

/** The TCP peer address when served by @hono/node-server; `unknown` in-process. */
function socketAddress(c: Context<AppEnv>): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

export type { AppDeps };
