import type BetterSqlite3 from 'better-sqlite3';
import { GroupCommitQueue } from './group-commit.ts';
import type { WriteStats } from './group-commit.ts';
import type { Db } from './sqlite-rows.ts';
import { SqliteWriter } from './sqlite-writer.ts';
import type { WriteOperation } from './sqlite-writer.ts';

/**
 * Where the repository's writes go: each is named (a method of SqliteWriter) with plain-data
 * arguments, and resolves with its plain-data result once the transaction holding it has
 * committed. Two implementations: on the repository's own connection (inlineWrites) and on a
 * worker thread's (workerWrites in write-worker-client.ts).
 */
export interface WriteChannel {
  run<K extends WriteOperation>(op: K, ...args: Parameters<SqliteWriter[K]>): Promise<ReturnType<SqliteWriter[K]>>;
  /** Resolves once writes can go through; rejects with why they cannot (the worker's file would not open). */
  ready(): Promise<void>;
  /** Resolves once every write issued before the call has settled (committed or refused). */
  drain(): Promise<void>;
  /** Transactions committed and writes they carried, as last known. */
  stats(): WriteStats;
  /** Null while writes can go through; why they cannot otherwise (e.g. the worker stopped). */
  failure(): string | null;
  /** Settles every write issued so far, then refuses further ones. */
  close(): Promise<void>;
}

/**
 * Writes on the repository's own connection: a group commit in this thread. Every COMMIT (an
 * fsync with `synchronous=FULL`) blocks the event loop for its duration; `griglie serve` uses the
 * worker channel instead. Takes a clock, which a worker cannot (tests pass a fixed one).
 */
export function inlineWrites(sqlite: BetterSqlite3.Database, db: Db, options: { clock: () => Date; nextId: () => string; maxBatch?: number }): WriteChannel {
  const writer = new SqliteWriter(sqlite, db, options);
  const queue = new GroupCommitQueue(sqlite, options.maxBatch === undefined ? {} : { maxBatch: options.maxBatch });
  return {
    run<K extends WriteOperation>(op: K, ...args: Parameters<SqliteWriter[K]>): Promise<ReturnType<SqliteWriter[K]>> {
      const method = writer[op] as (...a: Parameters<SqliteWriter[K]>) => ReturnType<SqliteWriter[K]>;
      return queue.enqueue(() => method.apply(writer, args));
    },
    ready: () => Promise.resolve(),
    drain() {
      queue.flush();
      return Promise.resolve();
    },
    stats: () => queue.stats(),
    failure: () => null,
    close() {
      queue.flush();
      queue.close();
      return Promise.resolve();
    },
  };
}
