/**
 * Errors that refuse a request or stop a command. Expected outcomes (an invalid response, a score
 * without enough answers) are data, not exceptions; these are for refusing. The HTTP layer maps
 * each `code` to a status in one table; the command line maps them to exit codes.
 */

/** One thing wrong with an input, located by a JSON Pointer (RFC 6901) into that input. */
export interface Issue {
  /** snake_case rule name, stable across releases (tests assert it, not the wording). */
  code: string;
  /** JSON Pointer of the offending place; `''` is the whole document. */
  path: string;
  /** A sentence a methodologist or an operator understands. */
  message: string;
}

export type EngineErrorCode =
  | 'grid_invalid'
  | 'responses_invalid'
  | 'request_invalid'
  | 'not_found'
  | 'conflict'
  | 'forbidden'
  | 'unauthorized'
  | 'version_retired'
  | 'idempotency_key_reused'
  | 'busy';

export class EngineError extends Error {
  readonly code: EngineErrorCode;
  readonly issues: Issue[];

  constructor(code: EngineErrorCode, message: string, options: { issues?: Issue[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.issues = options.issues ?? [];
  }
}

export class GridInvalidError extends EngineError {
  constructor(message: string, issues: Issue[]) {
    super('grid_invalid', message, { issues });
  }
}

export class ResponsesInvalidError extends EngineError {
  constructor(message: string, issues: Issue[]) {
    super('responses_invalid', message, { issues });
  }
}

export class RequestInvalidError extends EngineError {
  constructor(message: string, issues: Issue[] = []) {
    super('request_invalid', message, { issues });
  }
}

export class NotFoundError extends EngineError {
  constructor(message: string) {
    super('not_found', message);
  }
}

export class ConflictError extends EngineError {
  constructor(message: string, issues: Issue[] = []) {
    super('conflict', message, { issues });
  }
}

/** A client's idempotency key already taken by a different request (the IETF idempotency-key draft answers 422). */
export class IdempotencyKeyReusedError extends EngineError {
  constructor() {
    super('idempotency_key_reused', 'This idempotency key was used for another request.', {
      issues: [{ code: 'idempotency_key_reused', path: '', message: 'Send a new Idempotency-Key with a new request.' }],
    });
  }
}

export class ForbiddenError extends EngineError {
  constructor(message: string) {
    super('forbidden', message);
  }
}

/** Escape one reference token for a JSON Pointer (RFC 6901). */
export function escapePointerToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Build a JSON Pointer from reference tokens: `pointer('sections', 0, 'items')` -> `/sections/0/items`. */
export function pointer(...tokens: (string | number)[]): string {
  return tokens.map((t) => '/' + escapePointerToken(t)).join('');
}
