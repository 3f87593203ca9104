import { Worker } from 'node:worker_threads';
import type { WriteStats } from './group-commit.ts';
import { receiveError } from './sent-error.ts';
import type { SqliteWriter, WriteOperation } from './sqlite-writer.ts';
import type { WriteChannel } from './write-channel.ts';
import type { FromWorker, SentWrite, ToWorker, WriteWorkerData } from './write-worker-protocol.ts';

/**
 * The worker runs the sources as the rest of the process does: compiled JavaScript (`dist/`, when
 * bin/griglie.js found the build current), or TypeScript through a loader (tsx, or vitest's). A
 * worker does not inherit loader hooks registered at run time, so for TypeScript this small
 * script registers tsx before it imports the worker module; compiled, it imports it directly. It
 * uses only dynamic imports, so it runs whether Node reads it as CommonJS or as a module (an
 * `--input-type=module` the worker inherits).
 */
const BOOTSTRAP = `
import('node:worker_threads')
  .then(({ workerData }) =>
    (workerData.loader === null ? Promise.resolve() : import(workerData.loader).then((tsx) => tsx.register()))
      .then(() => import(workerData.entry)))
  .catch((error) => { setImmediate(() => { throw error; }); });
`;

/** This module's own extension (`.ts` from the sources, `.js` compiled): the worker module beside it has the same. */
const COMPILED = import.meta.url.endsWith('.js');

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Writes on a worker thread with a connection of its own (see write-worker.ts): the server's
 * event loop no longer blocks on inserts and fsyncs. Each write resolves when the worker reports
 * that its transaction committed (the worker reports all the writes it settled in one turn of its
 * loop in one message). The worker keeps the process alive while writes are in flight or the
 * channel is closing, and never on its own.
 *
 * Reads stay on the repository's own connection: in WAL mode they see every committed write, so a
 * read issued after a write resolved sees it.
 *
 * If the worker stops (it could not open the file, or it crashed), every write in flight and every
 * later one is refused with the reason, `failure()` says so (the health route reports it), and
 * `ready()` rejects: the worker is not restarted.
 */
export function workerWrites(options: { file: string; busyTimeoutMs: number; maxBatch?: number }): WriteChannel {
  const data: WriteWorkerData = { file: options.file, busyTimeoutMs: options.busyTimeoutMs, maxBatch: options.maxBatch ?? null };
  const worker = new Worker(BOOTSTRAP, {
    eval: true,
    workerData: {
      ...data,
      loader: COMPILED ? null : import.meta.resolve('tsx/esm/api'),
      entry: new URL(COMPILED ? './write-worker.js' : './write-worker.ts', import.meta.url).href,
    },
  });
  // Held until the worker has opened its connection (or failed to), so that a process waiting on
  // ready() does not exit first.
  let readySettled = false;
  let markReady!: () => void;
  let markNotReady!: (error: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    markNotReady = reject;
  });
  // A rejection nobody awaited is still reported through failure(), writes and health.
  ready.catch(() => undefined);

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
  let closed: (() => void) | null = null;
  /** drain() callers, each with the last write id issued before it was called. */
  let drains: { upTo: number; resolve: () => void }[] = [];

  /** Keeps the process alive exactly while the worker has work a caller waits on. */
  const holdProcess = (): void => {
    if (pending.size > 0 || closing !== null || !readySettled) worker.ref();
    else worker.unref();
  };
  holdProcess();

  const settleDrains = (): void => {
    if (drains.length === 0) return;
    // Ids are issued in increasing order and a Map iterates in insertion order: the first key is
    // the oldest write still in flight.
    const oldest = pending.keys().next();
    const still: typeof drains = [];
    for (const waiter of drains) {
      if (oldest.done === true || oldest.value > waiter.upTo) waiter.resolve();
      else still.push(waiter);
    }
    drains = still;
  };
  const fail = (error: Error): void => {
    if (failed !== null) return;
    failed = error;
    outbox = [];
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
    if (!readySettled) {
      readySettled = true;
      markNotReady(error);
    }
    settleDrains();
    holdProcess();
  };
  const refuse = (id: number, error: Error): void => {
    const waiting = pending.get(id);
    if (waiting === undefined) return;
    pending.delete(id);
    waiting.reject(error);
  };

  const flushOutbox = (): void => {
    scheduled = false;
    if (outbox.length === 0 || failed !== null) return;
    const writes = outbox;
    outbox = [];
    try {
      post({ type: 'writes', writes });
    } catch {
      // A value structured cloning cannot copy (a function in an audit detail, say): send the
      // writes one by one, so that only the one that cannot cross is refused.
      for (const write of writes) {
        try {
          post({ type: 'writes', writes: [write] });
        } catch (error) {
          refuse(write.id, new TypeError(`The arguments of ${write.op} cannot be sent to the write worker: ${String(error)}`));
        }
      }
      settleDrains();
      holdProcess();
    }
  };
  const post = (message: ToWorker): void => worker.postMessage(message);

  worker.on('message', (message: FromWorker) => {
    switch (message.type) {
      case 'ready':
        readySettled = true;
        markReady();
        holdProcess();
        return;
      case 'results':
        stats = message.stats;
        for (const result of message.results) {
          const waiting = pending.get(result.id);
          if (waiting === undefined) continue;
          pending.delete(result.id);
          if (result.ok) waiting.resolve(result.value);
          else waiting.reject(receiveError(result.error));
        }
        settleDrains();
        holdProcess();
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
  worker.on('messageerror', (error) => fail(new Error(`A message from the write worker could not be read: ${error.message}`, { cause: error })));
  worker.on('error', (error: unknown) => fail(new Error(`The write worker failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error })));
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
      holdProcess();
      outbox.push({ id, op, args });
      if (!scheduled) {
        scheduled = true;
        setImmediate(flushOutbox);
      }
      return result;
    },
    ready: () => ready,
    drain() {
      const upTo = nextId - 1;
      return new Promise<void>((resolve) => {
        drains.push({ upTo, resolve });
        settleDrains();
      });
    },
    stats: () => stats,
    failure: () => (failed === null || closing !== null ? null : failed.message),
    close() {
      closing ??= (async () => {
        // Held until the worker has said `closed`: the caller awaits that.
        worker.ref();
        flushOutbox();
        await new Promise<void>((resolve) => {
          closed = resolve;
          if (failed !== null) {
            resolve();
            return;
          }
          post({ type: 'close' });
        });
        await worker.terminate();
      })();
      return closing;
    },
  };
}
