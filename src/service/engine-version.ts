import { readFileSync } from 'node:fs';

/**
 * The engine version stored beside every score: package.json's `version`, read once when asked.
 * Read from disk rather than imported so that the version follows the installed package.
 */
export function readEngineVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  const parsed = JSON.parse(text) as { version?: unknown };
  if (typeof parsed.version !== 'string') throw new Error('package.json has no version');
  return parsed.version;
}
