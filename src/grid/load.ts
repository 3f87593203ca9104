import { readFile } from 'node:fs/promises';
import type { GridCheck } from './validate.ts';
import { validateGrid } from './validate.ts';

/**
 * Parse and validate the text of a grid version. Malformed JSON is one `json_syntax` issue at the
 * document root, with the parser's position in the message.
 */
export function parseGridText(text: string): GridCheck {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, issues: [{ code: 'json_syntax', path: '', message: `The file is not valid JSON: ${detail}.` }] };
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
