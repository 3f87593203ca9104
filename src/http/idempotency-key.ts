import type { Context } from 'hono';
import { RequestInvalidError } from '../errors.ts';
import type { ParameterDoc } from './route-module.ts';

/** Longest key taken: a UUID, a ULID or a client's own scheme fit well within it. */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;

/** The `Idempotency-Key` header as the OpenAPI document describes it, for the writes that take one. */
export const IDEMPOTENCY_KEY_PARAMETER: ParameterDoc = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'A key of your choosing (1 to 255 visible ASCII characters, e.g. a fresh UUID; bare or as a quoted string) that makes this write safe to retry: a repeat of the same request under the same key writes nothing and gets the first answer again, with `Idempotent-Replayed: true`; another request under a used key is refused (422). Keys belong to your token.',
  schema: { type: 'string', minLength: 1, maxLength: IDEMPOTENCY_KEY_MAX_LENGTH },
};

/** Set on an answer that a retry got from the first write under its key. */
export const REPLAYED_HEADER = 'idempotent-replayed';

const VISIBLE_ASCII = /^[\x21-\x7e]+$/;

/**
 * The request's idempotency key, or undefined when it sent none. The IETF draft writes the key as
 * a structured-field string (`"..."`); clients commonly send it bare; both are taken. A key that is
 * empty, too long or not visible ASCII is refused (400 `idempotency_key_invalid`), never ignored:
 * a client that meant to make its write retry-safe must learn that it did not.
 */
export function idempotencyKeyOf(c: Context): string | undefined {
  const raw = c.req.header('idempotency-key');
  if (raw === undefined) return undefined;
  const trimmed = raw.trim();
  const key = trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1) : trimmed;
  if (key.length === 0 || key.length > IDEMPOTENCY_KEY_MAX_LENGTH || !VISIBLE_ASCII.test(key) || key.includes('"') || key.includes('\\')) {
    throw new RequestInvalidError('The Idempotency-Key header is not a valid key.', [
      {
        code: 'idempotency_key_invalid',
        path: '@Idempotency-Key',
        message: `The Idempotency-Key header takes 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} visible ASCII characters (no quotes or backslashes inside), e.g. a fresh UUID.`,
      },
    ]);
  }
  return key;
}
