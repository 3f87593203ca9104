import { readFile } from 'node:fs/promises';
import type { GridCheck } from './validate.ts';
import { validateGrid } from './validate.ts';

/**
 * Parse and validate the text of a grid version. Malformed JSON is one `json_syntax` issue at the
 * document root, with the parser's position in the message (never the text around it: a message
 * may be shown to whoever submitted the document, and it does not echo what they sent).
 */
export function parseGridText(text: string): GridCheck {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return { ok: false, issues: [{ code: 'json_syntax', path: '', message: `The file is not valid JSON: ${syntaxProblem(text, error)}.` }] };
  }
  return validateGrid(doc);
}

/**
 * Read, parse and validate a grid version file. The text is returned beside the result (when the
 * file could be read) so that callers can store or hash exactly what was validated.
 */
export async function readGridFile(file: string): Promise<GridCheck & { text?: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, issues: [{ code: 'file_unreadable', path: '', message: `The file ${file} cannot be read: ${detail}.` }] };
  }
  return { ...parseGridText(text), text };
}

/**
 * Where and how the text breaks JSON, from the parser's message but without the excerpt of the text
 * that V8 quotes in some of them (`Unexpected token 'x', "..." is not valid JSON`).
 */
function syntaxProblem(text: string, error: unknown): string {
  const detail = error instanceof Error ? error.message : '';
  if (/Unexpected end of JSON input/.test(detail)) return 'it ends before the document is complete';
  const position = /at position (\d+)/.exec(detail)?.[1];
  if (position === undefined) return 'it contains something other than JSON values, quotes, commas and brackets';
  const offset = Number(position);
  const before = text.slice(0, offset).split('\n');
  const line = before.length;
  const column = (before[before.length - 1]?.length ?? 0) + 1;
  return `the syntax breaks at line ${line}, column ${column} (position ${offset})`;
}
