/**
 * The write worker: a thread of its own with its own connection, running the repository's writes
 * (SqliteWriter) through a group commit. better-sqlite3 is synchronous, so on the server's thread
 * every COMMIT's fsync, and the inserts before it, held up every request; here they only hold up
 * the writes that wait for them. Started by write-worker-client.ts; speaks write-worker-protocol.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { GroupCommitQueue } from './group-commit.ts';
import { createIdGenerator } from './ids.ts';
import { sendError } from './sent-error.ts';
import { openConnection } from './sqlite-connection.ts';
import { mapSqliteError } from './sqlite-errors.ts';
import { SqliteWriter } from './sqlite-writer.ts';
import type { FromWorker, SentResult, ToWorker, WriteWorkerData } from './write-worker-protocol.ts';

const port = parentPort;
if (port === null) throw new Error('write-worker.ts runs as a worker thread.');
const post = (message: FromWorker): void => port.postMessage(message);

const data = workerData as WriteWorkerData;
let connection: ReturnType<typeof openConnection> | null = null;
try {
  connection = openConnection(data.file, data.busyTimeoutMs);
} catch (error) {
  post({ type: 'open_failed', error: sendError(mapSqliteError(error)) });
  port.close();
}

if (connection !== null) {
  const { sqlite, db } = connection;
  const clock = (): Date => new Date();
  const writer = new SqliteWriter(sqlite, db, { clock, nextId: createIdGenerator(clock) });
  const queue = new GroupCommitQueue(sqlite, data.maxBatch === null ? {} : { maxBatch: data.maxBatch });
  const known = new Set<string>(Object.getOwnPropertyNames(SqliteWriter.prototype).filter((name) => name !== 'constructor'));

  // Outcomes go back in one message per turn of this thread's loop: a commit settles tens of
  // writes at once, and one message each would cost the server's thread as much again.
  let outbox: SentResult[] = [];
  let scheduled = false;
  const send = (): void => {
    scheduled = false;
    if (outbox.length === 0) return;
    const results = outbox;
    outbox = [];
    try {
      post({ type: 'results', results, stats: queue.stats() });
    } catch {
      // A result structured cloning cannot copy: the others still go, that one as a refusal
      // (its write has committed, which the message says).
      for (const result of results) {
        try {
          post({ type: 'results', results: [result], stats: queue.stats() });
        } catch (error) {
          const notSent = new Error(`The write committed, but its result could not be sent back: ${String(error)}`);
          post({ type: 'results', results: [{ id: result.id, ok: false, error: sendError(notSent) }], stats: queue.stats() });
        }
      }
    }
  };
  const settle = (result: SentResult): void => {
    outbox.push(result);
    if (!scheduled) {
      scheduled = true;
      setImmediate(send);
    }
  };

  post({ type: 'ready' });
  port.on('message', (message: ToWorker) => {
    if (message.type === 'writes') {
      for (const write of message.writes) {
        if (!known.has(write.op)) {
          settle({ id: write.id, ok: false, error: sendError(new Error(`Unknown write ${String(write.op)}.`)) });
          continue;
        }
        // Called with the writer as `this` just below, never detached.
        // eslint-disable-next-line @typescript-eslint/unbound-method
        const method = writer[write.op] as (...args: unknown[]) => unknown;
        queue.enqueue(() => method.apply(writer, write.args)).then(
          (value) => settle({ id: write.id, ok: true, value }),
          (error: unknown) => settle({ id: write.id, ok: false, error: sendError(error) }),
        );
      }
      return;
    }
    // Close: everything queued runs now; its outcomes (settled in microtasks before the next
    // turn) go out before `closed`.
    queue.flush();
    queue.close();
    setImmediate(() => {
      send();
      // Refreshes the planner's statistics where they went stale; cheap when nothing did.
      sqlite.pragma('optimize');
      sqlite.close();
      post({ type: 'closed', stats: queue.stats() });
      port.close();
    });
  });
}
