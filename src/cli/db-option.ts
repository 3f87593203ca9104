import { resolve } from 'node:path';
import { readEnv } from '../env.ts';
import { openSqliteRepository } from '../storage/index.ts';
import type { SqliteRepository } from '../storage/index.ts';
import type { CliIo } from './command.ts';

/** The `--db FILE` option every command that touches the database takes (for parseCommandArgs). */
export const DB_OPTION = { db: { type: 'string' } } as const;

/**
 * The database file a command opens: `--db FILE`, else `GRIGLIE_DB` from the environment, else
 * `./data/griglie.db`, resolved against the command's working directory.
 *
 * @example
 * resolveDbFile(undefined, { ...io, env: {}, cwd: '/srv' }) // '/srv/data/griglie.db'
 */
export function resolveDbFile(db: string | undefined, io: Pick<CliIo, 'env' | 'cwd'>): string {
  return resolve(io.cwd, db ?? readEnv(io.env).db);
}

/**
 * Opens the repository (creating and migrating the file on first use), runs `work`, and closes it
 * whatever happens, so that queued writes are committed before the command returns.
 */
export async function withRepository<T>(
  db: string | undefined,
  io: Pick<CliIo, 'env' | 'cwd'>,
  work: (repo: SqliteRepository) => Promise<T>,
): Promise<T> {
  const repo = openSqliteRepository({ file: resolveDbFile(db, io) });
  try {
    return await work(repo);
  } finally {
    await repo.close();
  }
}
