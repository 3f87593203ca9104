import type { Issue } from '../errors.ts';
import { EngineError } from '../errors.ts';
import { ERROR_STATUS, HTTP_PROBLEMS, BUSY_RETRY_AFTER_SECONDS } from './error-status.ts';
import type { HttpProblemCode } from './error-status.ts';

/** One entry of a problem's `errors`: where (body pointer or query parameter), what, why. */
export type ProblemError =
  | { pointer: string; code: string; detail: string }
  | { parameter: string; code: string; detail: string }
  | { header: string; code: string; detail: string };

/** An RFC 9457 problem details document, with a stable `code` and per-field `errors`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: string;
  errors?: ProblemError[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Problem type URIs: one per code, stable across releases (documented in docs/api.md). */
export function problemType(code: string): string {
  return `urn:griglie:problem:${code}`;
}

/**
 * Issues located in a query parameter carry a path `?name`, in a request header `@Name`; all
 * others are JSON Pointers into the request body. Messages are ours, never the submitted values.
 */
export function problemErrors(issues: readonly Issue[]): ProblemError[] {
  return issues.map((issue) =>
    issue.path.startsWith('?')
      ? { parameter: issue.path.slice(1), code: issue.code, detail: issue.message }
      : issue.path.startsWith('@')
        ? { header: issue.path.slice(1), code: issue.code, detail: issue.message }
        : { pointer: issue.path, code: issue.code, detail: issue.message },
  );
}

/** Renders a problem as an `application/problem+json` response. */
export function problemResponse(problem: Problem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, 'cache-control': 'no-store', ...headers },
  });
}

/** The problem for an EngineError: status from the one table, `Retry-After` when busy or in flight. */
export function engineErrorResponse(error: EngineError): Response {
  const { status, title } = ERROR_STATUS[error.code];
  const problem: Problem = { type: problemType(error.code), title, status, detail: error.message, code: error.code };
  if (error.issues.length > 0) problem.errors = problemErrors(error.issues);
  const headers: Record<string, string> = {};
  // A busy database, or the same request still being written under its Idempotency-Key: both pass soon.
  if (error.code === 'busy' || error.issues.some((issue) => issue.code === 'idempotency_key_in_flight')) headers['retry-after'] = String(BUSY_RETRY_AFTER_SECONDS);
  if (error.code === 'unauthorized') headers['www-authenticate'] = 'Bearer';
  return problemResponse(problem, headers);
}

/** The problem for a transport-level refusal (size, media type, rate limit, ...). */
export function httpProblemResponse(
  code: HttpProblemCode,
  detail: string,
  options: { issues?: readonly Issue[]; headers?: Record<string, string> } = {},
): Response {
  const { status, title } = HTTP_PROBLEMS[code];
  const problem: Problem = { type: problemType(code), title, status, detail, code };
  if (options.issues && options.issues.length > 0) problem.errors = problemErrors(options.issues);
  return problemResponse(problem, options.headers ?? {});
}

/** A refusal raised inside the HTTP layer, rendered by the app's error handler. */
export class HttpProblem extends Error {
  constructor(
    readonly code: HttpProblemCode,
    message: string,
    readonly issues: readonly Issue[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpProblem';
  }
}

/** Renders whatever a handler threw: EngineError and HttpProblem as themselves, anything else as a bare 500. */
export function errorResponse(error: unknown, report: (error: unknown) => void): Response {
  if (error instanceof EngineError) return engineErrorResponse(error);
  if (error instanceof HttpProblem) return httpProblemResponse(error.code, error.message, { issues: error.issues, headers: error.headers });
  report(error);
  return httpProblemResponse('internal', 'The request could not be completed.');
}
