import Database from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { Db } from './sqlite-rows.ts';
import * as schema from './schema.ts';

/**
 * One connection with the settings every connection of the service shares: WAL journal (readers
 * never wait for the writer), `synchronous=FULL` so that a committed write survives power loss,
 * foreign keys on, and a busy timeout after which a write is refused as `busy`.
 */
export function openConnection(file: string, busyTimeoutMs: number): { sqlite: BetterSqlite3.Database; db: Db } {
  const sqlite = new Database(file, { timeout: busyTimeoutMs });
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    return { sqlite, db: drizzle(sqlite, { schema }) };
  } catch (error) {
    sqlite.close();
    throw error;
  }
}
