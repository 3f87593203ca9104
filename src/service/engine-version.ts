import { readFileSync } from 'node:fs';
import { projectFile } from '../project-files.ts';

/**
 * The engine version stored beside every score: package.json's `version`, read once when asked.
 * Read from disk rather than imported so that the version follows the installed package.
 */
export function readEngineVersion(): string {
  const text = readFileSync(projectFile('package.json'), 'utf8');
  const parsed = JSON.parse(text) as { version?: unknown };
  if (typeof parsed.version !== 'string') throw new Error('package.json has no version');
  return parsed.version;
}
