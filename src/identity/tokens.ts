import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Principal, Repository } from '../storage/index.ts';
import { ROLES } from '../storage/index.ts';

/** Recognisable prefix of a griglie token: secret scanners and people can tell what leaked. */
export const TOKEN_PREFIX = 'grg_';

const TOKEN_SHAPE = /^grg_[A-Za-z0-9_-]{43}$/;

/**
 * A new bearer token secret: 32 random bytes, base64url, after the `grg_` prefix. It is shown once
 * and never stored; the database keeps only its SHA-256.
 *
 * @example
 * generateTokenSecret(); // 'grg_Vq3...' (47 characters)
 */
export function generateTokenSecret(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** The SHA-256 hex of a token secret: what the `tokens` table stores and is looked up by. */
export function hashTokenSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** True when a string has the shape of a token secret (checked before any lookup). */
export function looksLikeTokenSecret(secret: string): boolean {
  return TOKEN_SHAPE.test(secret);
}

/**
 * Resolves a bearer token secret to who is acting, or `null` when the token is unknown, malformed,
 * expired or revoked (the caller answers 401 alike for all, so that a failure says nothing about
 * which). The stored hash is compared in constant time; the team's zone comes from the team.
 *
 * @example
 * const principal = await verifyToken(repo, secret, new Date());
 * if (principal === null) return unauthorized();
 */
export async function verifyToken(repo: Repository, secret: string, now: Date): Promise<Principal | null> {
  if (!looksLikeTokenSecret(secret)) return null;
  const hash = hashTokenSecret(secret);
  const stored = await repo.findTokenByHash(hash);
  if (stored === null) return null;
  const expected = Buffer.from(stored.hash, 'hex');
  const actual = Buffer.from(hash, 'hex');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  if (stored.revokedAt !== null) return null;
  if (stored.expiresAt !== null && Date.parse(stored.expiresAt) <= now.getTime()) return null;
  if (!ROLES.includes(stored.role)) return null;
  // A team that no longer resolves leaves the zone null: scoping then fails closed. A backend that
  // read the zone with the token spares the second lookup.
  const zone =
    stored.teamZone !== undefined ? stored.teamZone : stored.team === null ? null : ((await repo.getTeam(stored.team))?.zone ?? null);
  return {
    tokenId: stored.id,
    role: stored.role,
    name: stored.name,
    team: stored.team,
    zone,
    project: stored.project,
  };
}
