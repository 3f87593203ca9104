/**
 * Storage: the repository contract of the domain's operations and its SQLite backend.
 */
export * from './repository.ts';
export { openSqliteRepository, MIGRATIONS_FOLDER, cohortSql } from './sqlite.ts';
export type { SqliteRepository, SqliteRepositoryOptions } from './sqlite.ts';
export type { WriteStats } from './group-commit.ts';
export { createIdGenerator, isUuidV7 } from './ids.ts';
export { COMMAND_LINE_ACTOR } from './actor.ts';
