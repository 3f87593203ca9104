/**
 * What one durable commit costs on the disk under the benchmark: single-row `BEGIN IMMEDIATE`
 * transactions, one after the other, on a fresh SQLite file in WAL mode with `synchronous=FULL`
 * (the service's settings). Without group commit, the service could acknowledge at most this many
 * writes per second, whatever the CPU.
 */
import Database from 'better-sqlite3';

export interface CommitRate {
  commits: number;
  seconds: number;
  perSecond: number;
  /** Median time of one commit, in milliseconds. */
  medianMs: number;
}

/** Commits for about `seconds` (at most `maxCommits`) into `file`, which it creates. */
export function measureCommitRate(file: string, options: { seconds: number; maxCommits: number }): CommitRate {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
    const body = 'x'.repeat(2000); // About the size of a stored revision.
    const times: number[] = [];
    const start = process.hrtime.bigint();
    const deadline = start + BigInt(Math.round(options.seconds * 1e9));
    for (let i = 0; i < options.maxCommits; i++) {
      const t0 = process.hrtime.bigint();
      if (t0 > deadline) break;
      db.exec('BEGIN IMMEDIATE');
      insert.run(body);
      db.exec('COMMIT');
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const sorted = [...times].sort((a, b) => a - b);
    return { commits: times.length, seconds, perSecond: times.length / seconds, medianMs: sorted[sorted.length >> 1] ?? 0 };
  } finally {
    db.close();
  }
}
