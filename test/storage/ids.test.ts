import { describe, expect, it } from 'vitest';
import { createIdGenerator, isUuidV7 } from '../../src/storage/index.ts';

describe('UUIDv7 ids', () => {
  it('are valid v7 UUIDs carrying the clock time in their first 48 bits', () => {
    const at = new Date('2026-11-23T10:00:00.000Z');
    const id = createIdGenerator(() => at)();
    expect(isUuidV7(id)).toBe(true);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at.getTime());
  });

  it('increase strictly within one millisecond and when the clock steps back', () => {
    let now = new Date('2026-11-23T10:00:00.000Z');
    const next = createIdGenerator(() => now);
    const ids: string[] = [];
    for (let i = 0; i < 5000; i++) ids.push(next());
    now = new Date('2026-11-23T09:59:59.000Z');
    for (let i = 0; i < 10; i++) ids.push(next());
    const sorted = [...ids].sort();
    expect(sorted).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every(isUuidV7)).toBe(true);
  });

  it('refuses what is not a lowercase UUIDv7', () => {
    expect(isUuidV7('6f1c2a4e-8b3d-4c5e-9a7f-1b2c3d4e5f60')).toBe(false);
    expect(isUuidV7('not-an-id')).toBe(false);
  });
});
