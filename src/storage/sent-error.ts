import {
  ConflictError,
  EngineError,
  ForbiddenError,
  GridInvalidError,
  IdempotencyKeyReusedError,
  NotFoundError,
  RequestInvalidError,
  ResponsesInvalidError,
} from '../errors.ts';
import type { EngineErrorCode, Issue } from '../errors.ts';

/**
 * An error as it crosses from the write worker to the repository's thread. Structured cloning
 * keeps an Error's message but neither its subclass nor its own fields (`code`, `issues`), which
 * the HTTP layer and the command line map to statuses and exit codes; so both are sent as data
 * and the error is built again on the other side.
 */
export type SentError = (
  | { engine: true; name: string; code: EngineErrorCode; message: string; issues: Issue[] }
  | { engine: false; name: string; message: string; code: string | null; stack: string | null }
) & {
  /** The error's `cause` (a refusal's underlying SQLite error, say), sent the same way. */
  cause?: SentError;
};

/** Causes followed at most this deep: a chain is a few links. */
const MAX_CAUSES = 8;

export function sendError(error: unknown, seen: ReadonlySet<unknown> = new Set()): SentError {
  const sent = sendOne(error);
  // A cause already sent (a cycle) is not sent again.
  if (error instanceof Error && error.cause !== undefined && seen.size < MAX_CAUSES && !seen.has(error.cause)) {
    sent.cause = sendError(error.cause, new Set([...seen, error]));
  }
  return sent;
}

/** The text of a thrown value that is not an Error, whatever it is (String() throws for some). */
function describe(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

function sendOne(error: unknown): SentError {
  if (error instanceof EngineError) {
    return { engine: true, name: error.name, code: error.code, message: error.message, issues: error.issues };
  }
  if (error instanceof Error) {
    const code = 'code' in error && typeof error.code === 'string' ? error.code : null;
    return { engine: false, name: error.name, message: error.message, code, stack: error.stack ?? null };
  }
  return { engine: false, name: 'Error', message: describe(error), code: null, stack: null };
}

/** The error again, of the same class for the engine's own refusals, with its code, issues and cause. */
export function receiveError(sent: SentError): Error {
  const error = receiveOne(sent);
  if (sent.cause !== undefined) Object.defineProperty(error, 'cause', { value: receiveError(sent.cause), writable: true, configurable: true });
  return error;
}

function receiveOne(sent: SentError): Error {
  if (sent.engine) {
    switch (sent.name) {
      case 'ConflictError':
        return new ConflictError(sent.message, sent.issues);
      case 'NotFoundError':
        return new NotFoundError(sent.message);
      case 'RequestInvalidError':
        return new RequestInvalidError(sent.message, sent.issues);
      case 'ResponsesInvalidError':
        return new ResponsesInvalidError(sent.message, sent.issues);
      case 'GridInvalidError':
        return new GridInvalidError(sent.message, sent.issues);
      case 'ForbiddenError':
        return new ForbiddenError(sent.message);
      case 'IdempotencyKeyReusedError':
        return new IdempotencyKeyReusedError();
      default:
        return new EngineError(sent.code, sent.message, { issues: sent.issues });
    }
  }
  const error = new Error(sent.message);
  error.name = sent.name;
  if (sent.code !== null) Object.assign(error, { code: sent.code });
  if (sent.stack !== null) error.stack = `${sent.stack}\n    (thrown on the write worker thread)`;
  return error;
}
