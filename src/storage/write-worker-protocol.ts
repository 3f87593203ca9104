import type { WriteStats } from './group-commit.ts';
import type { SentError } from './sent-error.ts';
import type { WriteOperation } from './sqlite-writer.ts';

/** What the write worker is started with. */
export interface WriteWorkerData {
  /** Absolute path of the database file (already created and migrated by the repository). */
  file: string;
  busyTimeoutMs: number;
  maxBatch: number | null;
}

/** One write as it crosses to the worker: its number, the SqliteWriter method and the arguments. */
export interface SentWrite {
  id: number;
  op: WriteOperation;
  args: unknown[];
}

export type SentResult = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: SentError };

/** From the repository's thread: writes issued in one turn of its event loop, or the end. */
export type ToWorker = { type: 'writes'; writes: SentWrite[] } | { type: 'close' };

/**
 * From the worker: its connection is open, the outcomes of the writes settled in one turn of its
 * loop (each only after its transaction committed, or with the refusal), the connection that could
 * not be opened, or the end.
 */
export type FromWorker =
  | { type: 'ready' }
  | { type: 'results'; results: SentResult[]; stats: WriteStats }
  | { type: 'open_failed'; error: SentError }
  | { type: 'closed'; stats: WriteStats };
