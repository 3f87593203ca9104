import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { ConflictError, EngineError } from '../../errors.ts';
import { expectPositionals, parseCommandArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { EXIT_OK } from '../command.ts';
import { DB_OPTION, resolveDbFile, withRepository } from '../db-option.ts';
import { write } from '../report.ts';

/**
 * `griglie backup FILE`: an online backup (SQLite's backup API) while the service keeps running,
 * checked with `PRAGMA integrity_check` before it is reported done.
 */
export const backupCommand: Command = {
  name: 'backup',
  summary: 'take an online backup of the database to FILE',
  usage: 'griglie backup FILE [--force] [--db FILE]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { ...DB_OPTION, force: { type: 'boolean' } });
    expectPositionals(positionals, 1, 1, 'FILE');
    const target = resolve(io.cwd, positionals[0] as string);
    if (target === resolveDbFile(values.db, io)) {
      throw new ConflictError('The backup cannot overwrite the database it copies.', [
        { code: 'backup_is_source', path: '/file', message: 'Choose another file for the backup.' },
      ]);
    }
    if (existsSync(target) && values.force !== true) {
      throw new ConflictError(`${target} exists.`, [
        { code: 'backup_exists', path: '/file', message: 'The file exists; pass --force to overwrite it.' },
      ]);
    }
    // A stale copy (or its journal files) must not mix with the new one.
    for (const file of [target, `${target}-wal`, `${target}-shm`, `${target}-journal`]) rmSync(file, { force: true });
    await withRepository(values.db, io, (repo) => repo.backup(target));
    const copy = new Database(target, { readonly: true });
    let integrity: unknown;
    try {
      integrity = copy.pragma('integrity_check', { simple: true });
    } finally {
      copy.close();
    }
    if (integrity !== 'ok') throw new EngineError('conflict', `The backup at ${target} fails its integrity check: ${String(integrity)}.`);
    await write(io.stdout, `backup written to ${target} (integrity ok)\n`);
    return EXIT_OK;
  },
};
