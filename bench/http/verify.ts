/**
 * After the run, with the server stopped: is every acknowledged administration in the database,
 * and is the file sound? Read straight from SQLite, not through the repository under test.
 */
import Database from 'better-sqlite3';

export interface DatabaseCheck {
  /** `PRAGMA integrity_check` said `ok`. */
  integrityOk: boolean;
  integrityMessages: string[];
  administrations: number;
  revisions: number;
  /** Audit rows of action `administration.create`. */
  audited: number;
  /** Ids answered with 201 that are not in `administrations`. */
  missing: string[];
}

/** Counts the rows the run wrote and looks up every id the service acknowledged. */
export function checkDatabase(file: string, acknowledged: readonly string[]): DatabaseCheck {
  const db = new Database(file, { readonly: true });
  try {
    const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((row) => row.integrity_check);
    const count = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;
    const exists = db.prepare('SELECT 1 FROM administrations WHERE id = ?').pluck();
    const missing: string[] = [];
    db.transaction(() => {
      for (const id of acknowledged) if (exists.get(id) === undefined) missing.push(id);
    })();
    return {
      integrityOk: integrity.length === 1 && integrity[0] === 'ok',
      integrityMessages: integrity.slice(0, 10),
      administrations: count('SELECT count(*) AS n FROM administrations'),
      revisions: count('SELECT count(*) AS n FROM administration_revisions'),
      audited: count("SELECT count(*) AS n FROM audit_log WHERE action = 'administration.create'"),
      missing,
    };
  } finally {
    db.close();
  }
}
