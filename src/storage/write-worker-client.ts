import { Worker } from 'node:worker_threads';
import type { WriteStats } from './group-commit.ts';
import { receiveError } from './sent-error.ts';
import type { SqliteWriter, WriteOperation } from './sqlite-writer.ts';
import type { WriteChannel } from './write-channel.ts';
import type { FromWorker, SentWrite, ToWorker, WriteWorkerData } from './write-worker-protocol.ts';

/**
 * The worker runs the TypeScript sources as the rest of the process does (bin/griglie.js and
 * vitest both load them through a loader): it registers tsx, then imports write-worker.ts. A
 * worker does not inherit loader hooks registered at run time, hence this small script.
 */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.loader)
  .then((tsx) => { tsx.register(); return import(workerData.entry); })
  .catch((error) => { setImmediate(() => { throw error; }); });
`;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Writes on a worker thread with a connection of its own (see write-worker.ts): the server's
 * event loop no longer blocks on inserts and fsyncs. Each write resolves when the worker reports
 * that its transaction committed (the worker answers all the writes of one commit in one message).
 * The worker keeps the process alive only while writes are in flight.
 *
 * Reads stay on the repository's own connection: in WAL mode they see every committed write, so a
 * read issued after a write resolved sees it.
 */
export function workerWrites(options: { file: string; busyTimeoutMs: number; maxBatch?: number }): WriteChannel {
  const data: WriteWorkerData = { file: options.file, busyTimeoutMs: options.busyTimeoutMs, maxBatch: options.maxBatch ?? null };
  const worker = new Worker(BOOTSTRAP, {
    eval: true,
    workerData: { ...data, loader: import.meta.resolve('tsx/esm/api'), entry: new URL('./write-worker.ts', import.meta.url).href },
  });
  worker.unref();

  const pending = new Map<number, Pending>();
  let nextId = 1;
  // Writes issued in one turn of this thread's loop cross in one message, at the end of the turn.
  // Posting each at once let the worker start sooner but made its transactions smaller: as many
  // requests/s in the HTTP benchmark, with 2.4 times the COMMITs (fsyncs) and more CPU per write.
  let outbox: SentWrite[] = [];
  let scheduled = false;
  let stats: WriteStats = { transactions: 0, writes: 0, commitMs: 0, maxCommitMs: 0 };
  let failed: Error | null = null;
  let closing: Promise<void> | null = null;
  let drained: (() => void)[] = [];

  const post = (message: ToWorker): void => worker.postMessage(message);
  const flushOutbox = (): void => {
    scheduled = false;
    if (outbox.length === 0 || failed !== null) return;
    const writes = outbox;
    outbox = [];
    post({ type: 'writes', writes });
  };
  const settled = (): void => {
    if (pending.size > 0) return;
    worker.unref();
    const waiting = drained;
    drained = [];
    for (const resolve of waiting) resolve();
  };
  const fail = (error: Error): void => {
    if (failed !== null) return;
    failed = error;
    outbox = [];
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
    settled();
  };

  let closed: (() => void) | null = null;
  worker.on('message', (message: FromWorker) => {
    switch (message.type) {
      case 'results':
        stats = message.stats;
        for (const result of message.results) {
          const waiting = pending.get(result.id);
          if (waiting === undefined) continue;
          pending.delete(result.id);
          if (result.ok) waiting.resolve(result.value);
          else waiting.reject(receiveError(result.error));
        }
        settled();
        return;
      case 'open_failed':
        fail(receiveError(message.error));
        return;
      case 'closed':
        stats = message.stats;
        closed?.();
        return;
    }
  });
  worker.on('error', (error) => fail(new Error(`The write worker failed: ${error.message}`, { cause: error })));
  worker.on('exit', (code) => {
    fail(new Error(closing === null ? `The write worker stopped (exit code ${code}).` : 'The repository is closed.'));
    closed?.();
  });

  return {
    run<K extends WriteOperation>(op: K, ...args: Parameters<SqliteWriter[K]>): Promise<ReturnType<SqliteWriter[K]>> {
      if (closing !== null) return Promise.reject(new Error('The repository is closed.'));
      if (failed !== null) return Promise.reject(failed);
      const id = nextId++;
      const result = new Promise<ReturnType<SqliteWriter[K]>>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      });
      if (pending.size === 1) worker.ref();
      outbox.push({ id, op, args });
      if (!scheduled) {
        scheduled = true;
        setImmediate(flushOutbox);
      }
      return result;
    },
    drain() {
      if (pending.size === 0) return Promise.resolve();
      return new Promise<void>((resolve) => drained.push(resolve));
    },
    stats: () => stats,
    failure: () => (failed === null || closing !== null ? null : failed.message),
    close() {
      closing ??= (async () => {
        flushOutbox();
        await new Promise<void>((resolve) => {
          closed = resolve;
          if (failed !== null) {
            resolve();
            return;
          }
          worker.ref();
          post({ type: 'close' });
        });
        await worker.terminate();
      })();
      return closing;
    },
  };
}
