import { ConflictError, EngineError } from '../errors.ts';

/**
 * Translates a failure of better-sqlite3 into the engine's refusals: a database locked by another
 * writer past the busy timeout is `busy` (the HTTP layer answers 503 with Retry-After), a broken
 * uniqueness or an append-only trigger is a `conflict`. Anything else is a defect and passes
 * through unchanged.
 */
export function mapSqliteError(error: unknown): Error {
  if (error instanceof EngineError) return error;
  if (!(error instanceof Error)) return new Error(String(error));
  const code = sqliteCode(error);
  if (code === undefined) return error;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new EngineError('busy', 'The database is busy; try again shortly.', { cause: error });
  }
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return Object.assign(new ConflictError('A record with the same identity already exists.'), { cause: error });
  }
  if (code === 'SQLITE_CONSTRAINT_TRIGGER') {
    return Object.assign(new ConflictError('The database refused to rewrite recorded history.'), { cause: error });
  }
  return error;
}

/** The extended result code (`SQLITE_BUSY`, `SQLITE_CONSTRAINT_UNIQUE`, ...) of a SqliteError. */
export function sqliteCode(error: unknown): string | undefined {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('SQLITE_')) {
    return error.code;
  }
  return undefined;
}
