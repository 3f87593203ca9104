import { createHash } from 'node:crypto';

/**
 * Canonical JSON: object keys sorted by code unit, no insignificant whitespace, strings NFC.
 * Two documents with the same meaning have the same canonical bytes, hence the same SHA-256.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'string') return value.normalize('NFC');
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      out[key.normalize('NFC')] = sortKeys((value as Record<string, unknown>)[key]);
    }
    return out;
  }
  return value;
}

export function sha256Hex(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}
