import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { postAdministration, prepareDatabase, startChild } from './child-service.ts';
import type { ChildService } from './child-service.ts';

/**
 * The real `node bin/griglie.js serve` in a child process, on loopback. No sleeps: the tests wait
 * on the "listening" line, on responses and on the process's exit.
 */
describe('durability of the running service', () => {
  let dir: string;
  let file: string;
  const children: ChildService[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'griglie-serve-'));
    file = join(dir, 'griglie.db');
  });
  afterEach(async () => {
    for (const c of children.splice(0)) {
      if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
      await c.exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  test('SIGKILL while writing loses no acknowledged administration; integrity_check is ok after restart', async () => {
    const { token, caseId } = await prepareDatabase(file);
    const first = await startChild(file);
    children.push(first);

    const acknowledged: string[] = [];
    const TOTAL = 40;
    const KILL_AFTER = 8;
    const requests = Array.from({ length: TOTAL }, (_, n) =>
      postAdministration(first.url, token, caseId, n).then((result) => {
        if (result && result.status === 201 && result.id) {
          acknowledged.push(result.id);
          if (acknowledged.length === KILL_AFTER) first.child.kill('SIGKILL');
        }
        return result;
      }),
    );
    const results = await Promise.all(requests);
    const exit = await first.exited;
    expect(exit.signal).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER);
    // Whatever answered, answered 201: bad input aside, no write ever gets a 5xx.
    expect(results.filter((r) => r !== null && r.status !== 201)).toEqual([]);

    const second = await startChild(file);
    children.push(second);
    for (const id of acknowledged) {
      const res = await fetch(`${second.url}/api/v1/administrations/${id}`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status, id).toBe(200);
    }
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);

    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  }, 90_000);

  test('after a SIGKILL, clients that retry under their Idempotency-Key get every write recorded exactly once', async () => {
    const { token, caseId } = await prepareDatabase(file);
    const first = await startChild(file);
    children.push(first);
    // Ten clients write one administration after another, each under its own key, until the
    // server dies under them: the kill always finds writes in flight.
    const CLIENTS = 10;
    const KILL_AFTER = 30;
    const answers = new Map<number, string>();
    let next = 0;
    let acknowledged = 0;
    const client = async (): Promise<void> => {
      for (;;) {
        const n = next++;
        const result = await postAdministration(first.url, token, caseId, n, `write-${n}`);
        if (result === null) return;
        expect(result.status).toBe(201);
        answers.set(n, result.id!);
        if (++acknowledged === KILL_AFTER) first.child.kill('SIGKILL');
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, client));
    expect((await first.exited).signal).toBe('SIGKILL');
    const sent = next;
    expect(sent - answers.size).toBeGreaterThan(0);

    // Every client retries everything it sent: the answered writes come back as replays of the
    // same record; the unanswered ones are replays (committed before the kill) or written now.
    const second = await startChild(file);
    children.push(second);
    const retried = await Promise.all(Array.from({ length: sent }, (_, n) => postAdministration(second.url, token, caseId, n, `write-${n}`)));
    for (const [n, id] of answers) expect(retried[n]).toEqual({ status: 201, id, replayed: true });
    expect(retried.every((r) => r?.status === 201)).toBe(true);
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);

    const db = new Database(file, { readonly: true });
    try {
      const occasions = db.prepare('SELECT o.name FROM administrations a JOIN occasions o ON o.id = a.occasion_id').pluck().all() as string[];
      expect(occasions.length).toBe(sent);
      expect(new Set(occasions).size).toBe(sent);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  }, 90_000);

  test('SIGTERM during requests lets them finish and exits 0; every acknowledged write is stored', async () => {
    const { token, caseId } = await prepareDatabase(file);
    const service = await startChild(file);
    children.push(service);
    let signalled = false;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        postAdministration(service.url, token, caseId, n).then((result) => {
          if (!signalled && result?.status === 201) {
            signalled = true;
            service.child.kill('SIGTERM');
          }
          return result;
        }),
      ),
    );
    const exit = await service.exited;
    expect(exit.code, service.stderr()).toBe(0);
    const answered = results.filter((r) => r !== null);
    expect(answered.every((r) => r.status === 201)).toBe(true);
    const db = new Database(file, { readonly: true });
    try {
      const { n } = db.prepare('SELECT count(*) AS n FROM administrations').get() as { n: number };
      expect(n).toBe(answered.length);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  }, 90_000);
});
