import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateTokenSecret, hashTokenSecret, looksLikeTokenSecret, verifyToken } from '../../src/identity/index.ts';
import type { SqliteRepository } from '../../src/storage/index.ts';
import { COMMAND_LINE_ACTOR, openSqliteRepository } from '../../src/storage/index.ts';

const NOW = new Date('2026-06-01T12:00:00.000Z');
let dir: string;
let repo: SqliteRepository;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'griglie-identity-'));
  repo = openSqliteRepository({ file: join(dir, 'griglie.db'), clock: () => NOW });
  await repo.createTeam({ id: 'em-siena', zone: 'senese' }, COMMAND_LINE_ACTOR);
});

afterEach(async () => {
  await repo.close();
  rmSync(dir, { recursive: true, force: true });
});

async function issue(options: { role?: 'operator' | 'admin'; expiresAt?: string | null } = {}) {
  const secret = generateTokenSecret();
  const role = options.role ?? 'operator';
  const record = await repo.createToken(
    { hash: hashTokenSecret(secret), role, name: 'test', team: role === 'operator' ? 'em-siena' : null, project: null, expiresAt: options.expiresAt ?? null },
    COMMAND_LINE_ACTOR,
  );
  return { secret, record };
}

describe('token secrets', () => {
  it('are prefixed, carry 32 random bytes, and differ every time', () => {
    const a = generateTokenSecret();
    const b = generateTokenSecret();
    expect(a).toMatch(/^grg_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a.slice(4), 'base64url')).toHaveLength(32);
    expect(a).not.toBe(b);
    expect(looksLikeTokenSecret(a)).toBe(true);
    expect(looksLikeTokenSecret('Bearer ' + a)).toBe(false);
  });

  it('hash to the SHA-256 hex of the secret', () => {
    expect(hashTokenSecret('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('verifyToken', () => {
  it('resolves a valid token to its principal, with the zone of its team', async () => {
    const { secret, record } = await issue();
    expect(await verifyToken(repo, secret, NOW)).toEqual({
      tokenId: record.id,
      role: 'operator',
      name: 'test',
      team: 'em-siena',
      zone: 'senese',
      project: null,
    });
    const admin = await issue({ role: 'admin' });
    expect(await verifyToken(repo, admin.secret, NOW)).toMatchObject({ role: 'admin', team: null, zone: null });
  });

  it('refuses a wrong, malformed or unknown secret', async () => {
    const { secret } = await issue();
    const tampered = secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A');
    expect(await verifyToken(repo, tampered, NOW)).toBeNull();
    expect(await verifyToken(repo, generateTokenSecret(), NOW)).toBeNull();
    expect(await verifyToken(repo, '', NOW)).toBeNull();
    expect(await verifyToken(repo, hashTokenSecret(secret), NOW)).toBeNull();
  });

  it('refuses an expired token from its expiry on, and accepts it before', async () => {
    const { secret } = await issue({ expiresAt: '2026-06-01T12:00:00.000Z' });
    expect(await verifyToken(repo, secret, new Date('2026-06-01T11:59:59.999Z'))).not.toBeNull();
    expect(await verifyToken(repo, secret, NOW)).toBeNull();
  });

  it('refuses a revoked token', async () => {
    const { secret, record } = await issue();
    await repo.revokeToken(record.id, COMMAND_LINE_ACTOR);
    expect(await verifyToken(repo, secret, NOW)).toBeNull();
  });
});
