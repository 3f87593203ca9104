/**
 * The service's settings from the environment. This module is the only reader of `process.env`;
 * everything else receives the values it needs (tests pass their own environment).
 */

/** Where the service listens and which database file it opens. */
export interface ServiceEnv {
  port: number;
  host: string;
  db: string;
}

export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_DB = './data/griglie.db';
export const DEFAULT_KEYS = './data/keys';

/**
 * Reads `PORT`, `HOST` and `GRIGLIE_DB`, falling back to 127.0.0.1:8080 and `./data/griglie.db`.
 * A `PORT` that is not a whole number in 0..65535 is ignored rather than guessed at.
 *
 * @example
 * readEnv({ PORT: '9000' }) // { port: 9000, host: '127.0.0.1', db: './data/griglie.db' }
 */
export function readEnv(env: Record<string, string | undefined> = process.env): ServiceEnv {
  return {
    port: parsePort(env['PORT']) ?? DEFAULT_PORT,
    host: nonEmpty(env['HOST']) ?? DEFAULT_HOST,
    db: nonEmpty(env['GRIGLIE_DB']) ?? DEFAULT_DB,
  };
}

/** A TCP port (0 asks the system for a free one), or null when `text` is not one. */
export function parsePort(text: string | undefined): number | null {
  if (text === undefined || !/^\d{1,5}$/.test(text)) return null;
  const port = Number(text);
  return port <= 65535 ? port : null;
}

function nonEmpty(text: string | undefined): string | null {
  return text === undefined || text.trim() === '' ? null : text;
}

/**
 * Where the pseudonymisation keys of research exports live: `GRIGLIE_KEYS`, else `./data/keys`
 * (beside the default database, but never inside it; back it up separately).
 *
 * @example
 * readKeysDir({ GRIGLIE_KEYS: '/etc/griglie/keys' }) // '/etc/griglie/keys'
 */
export function readKeysDir(env: Record<string, string | undefined> = process.env): string {
  return nonEmpty(env['GRIGLIE_KEYS']) ?? DEFAULT_KEYS;
}
