import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Issue } from '../errors.ts';

/**
 * One issue as a line for stderr: `WHERE: /json/pointer: message [code]` (the pointer left out when
 * the issue is about the whole document).
 */
export function formatIssue(where: string, issue: Issue): string {
  const at = issue.path === '' ? '' : `${issue.path}: `;
  return `${where}: ${at}${issue.message} [${issue.code}]`;
}

/** Write text, waiting for the stream to drain when it asks to, so big outputs keep memory flat. */
export async function write(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

/** Write one line per issue. */
export async function writeIssues(stream: Writable, where: string, issues: readonly Issue[]): Promise<void> {
  for (const issue of issues) await write(stream, formatIssue(where, issue) + '\n');
}
