import { describe, expect, it } from 'vitest';
import { ConflictError, EngineError } from '../../src/errors.ts';
import { receiveError, sendError } from '../../src/storage/sent-error.ts';

/** What crossing to or from the worker does to a value: structured cloning. */
const cross = <T>(value: T): T => structuredClone(value);

describe('errors sent across the write worker boundary', () => {
  it('come back of the same class with code, issues and their cause chain', () => {
    const sqlite = Object.assign(new Error('UNIQUE constraint failed: tokens.hash'), { name: 'SqliteError', code: 'SQLITE_CONSTRAINT_UNIQUE' });
    const refused = Object.assign(new ConflictError('A record with the same identity already exists.', [{ code: 'dup', path: '/hash', message: 'm' }]), { cause: sqlite });
    const back = receiveError(cross(sendError(refused)));
    expect(back).toBeInstanceOf(ConflictError);
    expect(back).toMatchObject({ code: 'conflict', issues: [{ code: 'dup', path: '/hash' }] });
    expect(back.cause).toMatchObject({ name: 'SqliteError', code: 'SQLITE_CONSTRAINT_UNIQUE', message: 'UNIQUE constraint failed: tokens.hash' });
  });

  it('a cause that is not an Error, even one String() cannot print, or a chain that loops, still crosses', () => {
    const plain = new EngineError('busy', 'busy', { cause: 'SQLITE_BUSY' });
    expect(receiveError(cross(sendError(plain))).cause).toMatchObject({ message: 'SQLITE_BUSY' });
    const odd = new Error('odd', { cause: Object.create(null) as object });
    expect(receiveError(cross(sendError(odd))).cause).toMatchObject({ message: '[object Object]' });
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    Object.assign(a, { cause: b });
    const messages: string[] = [];
    for (let e: unknown = receiveError(cross(sendError(a))); e instanceof Error; e = e.cause) messages.push(e.message);
    // Each error of the loop once.
    expect(messages).toEqual(['a', 'b']);
  });
});
