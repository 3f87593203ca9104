/** The JSON API under `/api/v1` (Hono), built by createApp from injected dependencies. */
export { createApp, MAX_BODY_BYTES, ROUTE_MODULES } from './app.ts';
export type { CreateAppOptions } from './app.ts';
export type { AppDeps, AppEnv } from './context.ts';
export { ERROR_STATUS, HTTP_PROBLEMS } from './error-status.ts';
export { buildOpenApi } from './openapi.ts';
export { createAuthFailureLimiter } from './auth-failure-limiter.ts';
export type { AuthFailureLimiter } from './auth-failure-limiter.ts';
