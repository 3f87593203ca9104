import { performance } from 'node:perf_hooks';
import type BetterSqlite3 from 'better-sqlite3';
import { mapSqliteError } from './sqlite-errors.ts';

/** Counters for tests and benchmarks: how many writes shared how many transactions. */
export interface WriteStats {
  transactions: number;
  writes: number;
  /** Wall milliseconds spent in COMMIT (the fsync, and any checkpoint SQLite runs in it). */
  commitMs: number;
  /** The longest single COMMIT, in milliseconds. */
  maxCommitMs: number;
}

interface PendingWrite {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Group commit over one better-sqlite3 connection. With `synchronous=FULL` every COMMIT waits for
 * an fsync, which dominates the cost of a small write; writes that arrive together (queued, then
 * flushed on `setImmediate`) therefore share one `BEGIN IMMEDIATE` transaction and one fsync. Each
 * write runs inside its own SAVEPOINT, so a write that throws rolls back alone and rejects alone,
 * and every promise settles only after COMMIT has returned: an acknowledged write is durable.
 *
 * A write is a synchronous function over the connection; it must not await (the whole batch runs
 * in one turn of the event loop, which is also why reads on the same connection never observe a
 * half-done batch).
 */
export class GroupCommitQueue {
  readonly #sqlite: BetterSqlite3.Database;
  readonly #maxBatch: number;
  // Prepared once: exec() would parse these texts again for every write of every batch.
  readonly #savepoint: BetterSqlite3.Statement;
  readonly #release: BetterSqlite3.Statement;
  readonly #rollbackTo: BetterSqlite3.Statement;
  #pending: PendingWrite[] = [];
  #scheduled = false;
  #closed = false;
  #transactions = 0;
  #writes = 0;
  #commitMs = 0;
  #maxCommitMs = 0;

  constructor(sqlite: BetterSqlite3.Database, options: { maxBatch?: number } = {}) {
    this.#sqlite = sqlite;
    this.#maxBatch = options.maxBatch ?? 1000;
    this.#savepoint = sqlite.prepare('SAVEPOINT write');
    this.#release = sqlite.prepare('RELEASE write');
    this.#rollbackTo = sqlite.prepare('ROLLBACK TO write');
  }

  /** Queues a write; resolves with its result once the transaction holding it has committed. */
  enqueue<T>(run: () => T): Promise<T> {
    if (this.#closed) return Promise.reject(new Error('The repository is closed.'));
    return new Promise<T>((resolve, reject) => {
      this.#pending.push({ run, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Runs every queued write now (close() calls it so that nothing queued is lost). */
  flush(): void {
    this.#scheduled = false;
    while (this.#pending.length > 0) {
      const batch = this.#pending.splice(0, this.#maxBatch);
      this.#runBatch(batch);
    }
  }

  /** Refuses further writes; call flush() first. */
  close(): void {
    this.#closed = true;
  }

  stats(): WriteStats {
    return { transactions: this.#transactions, writes: this.#writes, commitMs: this.#commitMs, maxCommitMs: this.#maxCommitMs };
  }

  #runBatch(batch: PendingWrite[]): void {
    const sqlite = this.#sqlite;
    try {
      sqlite.exec('BEGIN IMMEDIATE');
    } catch (error) {
      rejectAll(batch, mapSqliteError(error));
      return;
    }
    const outcomes: Outcome[] = [];
    for (let i = 0; i < batch.length; i++) {
      const write = batch[i] as PendingWrite;
      this.#savepoint.run();
      try {
        const value = write.run();
        this.#release.run();
        outcomes.push({ ok: true, value });
      } catch (error) {
        if (!sqlite.inTransaction) {
          // SQLite rolled the whole transaction back (disk full, I/O error): the writes already
          // run are lost with it; the ones not yet run go back to the front of the queue.
          const lost = mapSqliteError(error);
          rejectAll(batch.slice(0, i + 1), lost);
          this.#pending.unshift(...batch.slice(i + 1));
          this.#scheduleIfPending();
          return;
        }
        this.#rollbackTo.run();
        this.#release.run();
        outcomes.push({ ok: false, error: mapSqliteError(error) });
      }
    }
    const started = performance.now();
    try {
      sqlite.exec('COMMIT');
    } catch (error) {
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
      rejectAll(batch, mapSqliteError(error));
      return;
    }
    const took = performance.now() - started;
    this.#commitMs += took;
    if (took > this.#maxCommitMs) this.#maxCommitMs = took;
    this.#transactions += 1;
    this.#writes += batch.length;
    batch.forEach((write, i) => {
      const outcome = outcomes[i] as Outcome;
      if (outcome.ok) write.resolve(outcome.value);
      else write.reject(outcome.error);
    });
  }

  #scheduleIfPending(): void {
    if (this.#pending.length > 0 && !this.#scheduled && !this.#closed) {
      this.#scheduled = true;
      setImmediate(() => this.flush());
    }
  }
}

function rejectAll(batch: PendingWrite[], error: unknown): void {
  for (const write of batch) write.reject(error);
}
