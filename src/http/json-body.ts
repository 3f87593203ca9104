import type { Context } from 'hono';
import type { Issue } from '../errors.ts';
import { RequestInvalidError, escapePointerToken } from '../errors.ts';
import { HttpProblem } from './problem.ts';

/** Deepest nesting of arrays and objects a body may have (SPEC 12). */
export const MAX_DEPTH = 32;

/** Keys that reach an object's prototype in some consumer; refused wherever they appear. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** C0 controls other than tab, line feed and carriage return; DEL and the C1 controls. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Reads a request body as JSON: refuses another content type (415), bytes that are not UTF-8 or
 * not JSON (400), then checks the parsed value (depth, dangerous keys, lone surrogates, control
 * characters) and returns it with every string and key in Unicode NFC. Never echoes the body.
 */
export async function readJsonBody(c: Context): Promise<unknown> {
  if (!isJsonContentType(c.req.header('content-type'))) {
    throw new HttpProblem('unsupported_media_type', 'Send the body as application/json.', [
      { code: 'unsupported_media_type', path: '', message: 'The body must be application/json.' },
    ]);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await c.req.arrayBuffer());
  } catch {
    throw new HttpProblem('malformed_json', 'The body is not valid UTF-8.', [{ code: 'malformed_json', path: '', message: 'The body is not valid UTF-8.' }]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new HttpProblem('malformed_json', 'The body is not well-formed JSON.', [{ code: 'malformed_json', path: '', message: 'The body is not well-formed JSON.' }]);
  }
  return inspectJson(parsed);
}

/** `application/json` or any `application/*+json`, with or without parameters. */
export function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const type = header.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || /^application\/[a-z0-9.!#$&^_-]+\+json$/.test(type);
}

/**
 * Checks a parsed JSON value and returns a copy with strings and keys in NFC; throws a
 * `request_invalid` problem listing every offending place by JSON Pointer.
 */
export function inspectJson(value: unknown): unknown {
  const issues: Issue[] = [];
  const out = visit(value, '', 0, issues);
  if (issues.length > 0) throw new RequestInvalidError('The body holds values the service does not accept.', issues);
  return out;
}

const MAX_ISSUES = 50;

function visit(value: unknown, path: string, depth: number, issues: Issue[]): unknown {
  if (issues.length >= MAX_ISSUES) return value;
  if (typeof value === 'string') {
    checkText(value, path, issues);
    return value.normalize('NFC');
  }
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) {
    issues.push({ code: 'too_deep', path, message: `Nesting deeper than ${MAX_DEPTH} levels is refused.` });
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((v, i) => visit(v, `${path}/${i}`, depth + 1, issues));
  }
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const childPath = `${path}/${escapePointerToken(key)}`;
    if (FORBIDDEN_KEYS.has(key)) {
      issues.push({ code: 'forbidden_key', path: childPath, message: 'This key is refused anywhere in a body.' });
      continue;
    }
    if (!checkText(key, childPath, issues)) continue;
    const normalized = key.normalize('NFC');
    if (Object.hasOwn(out, normalized)) {
      issues.push({ code: 'duplicate_key', path: childPath, message: 'Two keys are the same text once normalized (NFC).' });
      continue;
    }
    out[normalized] = visit(child, childPath, depth + 1, issues);
  }
  return out;
}

function checkText(text: string, path: string, issues: Issue[]): boolean {
  if (LONE_SURROGATE.test(text)) {
    issues.push({ code: 'lone_surrogate', path, message: 'The text holds a lone surrogate (not valid Unicode).' });
    return false;
  }
  if (CONTROL_CHARACTER.test(text)) {
    issues.push({ code: 'control_character', path, message: 'The text holds a control character.' });
    return false;
  }
  return true;
}
