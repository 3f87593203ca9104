import type { Context, MiddlewareHandler } from 'hono';
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

/** One decoder for every body: `fatal` decoding keeps no state between calls. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Refuses a body larger than `maxBytes` with `tooLarge()`'s answer (SPEC 12: 413), before any
 * route reads it. A declared `content-length` is checked up front without touching the body:
 * Node's HTTP parser never delivers more bytes than it declares, and leaving the body alone lets
 * @hono/node-server read it later straight from the socket instead of building a web Request with
 * a ReadableStream for every request (Hono's `bodyLimit` reads `c.req.raw.body`, which does).
 * A body without `content-length` (chunked) is read here while counting, up to the limit, as
 * `bodyLimit` does, and handed on as a buffer.
 */
export function limitBody(maxBytes: number, tooLarge: () => Response): MiddlewareHandler {
  return async (c, next) => {
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      if (parseInt(length, 10) > maxBytes) return tooLarge();
      return next();
    }
    const method = c.req.method;
    // Node's parser gives a request without either header no body, and fetch forbids one on GET and HEAD.
    if ((method === 'GET' || method === 'HEAD') && length === undefined && c.req.header('transfer-encoding') === undefined) {
      return next();
    }
    const stream = c.req.raw.body;
    if (stream === null) {
      return next();
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader: ReadableStreamDefaultReader<Uint8Array> = stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return tooLarge();
      }
      chunks.push(value);
    }
    c.req.raw = new Request(c.req.raw, { body: Buffer.concat(chunks, size) });
    return next();
  };
}

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
    text = UTF8.decode(await c.req.arrayBuffer());
  } catch {
    throw new HttpProblem('malformed_json', 'The body is not valid UTF-8.', [{ code: 'malformed_json', path: '', message: 'The body is not valid UTF-8.' }]);
  }
  return parseJsonText(text);
}

/**
 * Parses JSON text (400 when it is not JSON) and returns what inspectJson would: the value with
 * every string and key in NFC, or a `request_invalid` problem. Text that plainly holds nothing to
 * refuse or change skips the walk.
 */
export function parseJsonText(text: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new HttpProblem('malformed_json', 'The body is not well-formed JSON.', [{ code: 'malformed_json', path: '', message: 'The body is not well-formed JSON.' }]);
  }
  return plainText(text) ? parsed : inspectJson(parsed);
}

/**
 * Text in which inspectJson can find nothing to refuse or change, decided on the raw text in one
 * pass: printable ASCII and whitespace only (so every string is already NFC), no escape that can
 * make a control character or a surrogate (`\b`, `\f`, `\u`), none of the forbidden keys, and fewer
 * brackets than the depth limit. Most bodies are such text and skip the walk and its copy; any
 * other body is inspected in full.
 */
function plainText(text: string): boolean {
  if (SUSPICIOUS_TEXT.test(text)) return false;
  let brackets = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x7b || code === 0x5b) brackets++;
  }
  return brackets < MAX_DEPTH;
}

const SUSPICIOUS_TEXT = /[^\u0020-\u007E\t\n\r]|\\[bfu]|__proto__|constructor|prototype/;

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
  const out = visit(value, [], 0, issues);
  if (issues.length > 0) throw new RequestInvalidError('The body holds values the service does not accept.', issues);
  return out;
}

const MAX_ISSUES = 50;

/**
 * Anything but printable ASCII. Text without it (nearly every key and value of a real body) has no
 * control character, no surrogate, and is already NFC: one test instead of two checks and a
 * normalization.
 */
const NOT_PRINTABLE_ASCII = /[^\u0020-\u007E]/;

/** The JSON Pointer of a place, built only when an issue names it. */
function pointer(segments: readonly string[]): string {
  let out = '';
  for (const segment of segments) out += `/${escapePointerToken(segment)}`;
  return out;
}

function visit(value: unknown, segments: string[], depth: number, issues: Issue[]): unknown {
  if (issues.length >= MAX_ISSUES) return value;
  if (typeof value === 'string') {
    if (!NOT_PRINTABLE_ASCII.test(value)) return value;
    checkText(value, segments, issues);
    return value.normalize('NFC');
  }
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) {
    issues.push({ code: 'too_deep', path: pointer(segments), message: `Nesting deeper than ${MAX_DEPTH} levels is refused.` });
    return value;
  }
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      segments.push(String(i));
      out[i] = visit(value[i], segments, depth + 1, issues);
      segments.pop();
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const child = (value as Record<string, unknown>)[key];
    segments.push(key);
    if (FORBIDDEN_KEYS.has(key)) {
      issues.push({ code: 'forbidden_key', path: pointer(segments), message: 'This key is refused anywhere in a body.' });
    } else {
      const plain = !NOT_PRINTABLE_ASCII.test(key);
      if (plain || checkText(key, segments, issues)) {
        const normalized = plain ? key : key.normalize('NFC');
        if (Object.hasOwn(out, normalized)) {
          issues.push({ code: 'duplicate_key', path: pointer(segments), message: 'Two keys are the same text once normalized (NFC).' });
        } else {
          out[normalized] = visit(child, segments, depth + 1, issues);
        }
      }
    }
    segments.pop();
  }
  return out;
}

function checkText(text: string, segments: readonly string[], issues: Issue[]): boolean {
  if (LONE_SURROGATE.test(text)) {
    issues.push({ code: 'lone_surrogate', path: pointer(segments), message: 'The text holds a lone surrogate (not valid Unicode).' });
    return false;
  }
  if (CONTROL_CHARACTER.test(text)) {
    issues.push({ code: 'control_character', path: pointer(segments), message: 'The text holds a control character.' });
    return false;
  }
  return true;
}
