import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, inject } from 'vitest';
import type { Actor, NewAdministration, SqliteRepository, SqliteRepositoryOptions, StoredScores } from '../../src/storage/index.ts';
import { openSqliteRepository } from '../../src/storage/index.ts';

export const ADMIN: Actor = { tokenId: null, role: 'admin' };

const dirs: string[] = [];
const repos: SqliteRepository[] = [];

afterEach(async () => {
  for (const repo of repos.splice(0)) await repo.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temp dir, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'griglie-storage-'));
  dirs.push(dir);
  return dir;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the repositories of the storage suite run their writes (vitest.config.ts runs it with both). */
    writes: 'inline' | 'worker';
  }
}

/** The write channel this run of the storage suite tests. */
export const WRITES = inject('writes');

/** Options opening a repository on `file` with this run's write channel. */
export function repoOptions(file: string, extra: { busyTimeoutMs?: number } = {}): SqliteRepositoryOptions {
  return { file, ...extra, writes: WRITES };
}

/**
 * A repository on a fresh file, closed after the test (closing twice is harmless). A test that
 * stamps with its own clock gets the inline channel in both runs: only it takes a clock.
 */
export function openRepo(file = join(tempDir(), 'nested', 'griglie.db'), clock?: () => Date): SqliteRepository {
  const repo = openSqliteRepository(clock === undefined ? repoOptions(file) : { file, clock });
  repos.push(repo);
  return repo;
}

export const SCORING: StoredScores = {
  scores: { total: 12 },
  bands: { total: 'adequate' },
  reasons: {},
  ruleHashes: { total: 'a'.repeat(64) },
  gridSha256: 'b'.repeat(64),
  engineVersion: '0.1.0',
};

/** A team, an operator token, a published grid version and a case: what an administration needs. */
export async function seed(repo: SqliteRepository): Promise<{ operator: Actor; caseId: string }> {
  await repo.createTeam({ id: 'em-firenze', zone: 'firenze' }, ADMIN);
  const token = await repo.createToken(
    { hash: 'c'.repeat(64), role: 'operator', name: 'educatrice', team: 'em-firenze', project: null, expiresAt: null },
    ADMIN,
  );
  const operator: Actor = { tokenId: token.id, role: 'operator' };
  await repo.putGridVersion(
    { grid: 'mondo-del-bambino', version: '1.0.0', definition: '{"id":"mondo-del-bambino"}', sha256: 'd'.repeat(64), status: 'published' },
    { tokenId: null, role: 'methodologist' },
  );
  const created = await repo.createCase(
    { team: 'em-firenze', zone: 'firenze', reference: 'FI-2026-001', birthYearMonth: '2018-04', sex: 'F' },
    operator,
  );
  return { operator, caseId: created.id };
}

export function newAdministration(caseId: string, overrides: Partial<NewAdministration> = {}): NewAdministration {
  return {
    caseId,
    occasion: 'T0',
    date: '2026-01-15',
    livingSituation: 'family',
    grid: 'mondo-del-bambino',
    version: '1.0.0',
    informant: 'educator',
    status: 'submitted',
    responses: { 'cura-di-se': { current: 3 } },
    scoring: SCORING,
    notes: null,
    ...overrides,
  };
}
