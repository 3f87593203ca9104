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
    const TOTAL = 40;
    let acknowledged = 0;
    const results = await Promise.all(
      Array.from({ length: TOTAL }, (_, n) =>
        postAdministration(first.url, token, caseId, n, `write-${n}`).then((result) => {
          if (result?.status === 201 && ++acknowledged === 8) first.child.kill('SIGKILL');
          return result;
        }),
      ),
    );
    expect((await first.exited).signal).toBe('SIGKILL');
    const unanswered = results.flatMap((result, n) => (result === null ? [n] : []));
    // The kill came while writes were in flight: some got no answer, whether or not they committed.
    expect(unanswered.length).toBeGreaterThan(0);

    const second = await startChild(file);
    children.push(second);
    const retried = await Promise.all(unanswered.map((n) => postAdministration(second.url, token, caseId, n, `write-${n}`)));
    expect(retried.map((r) => r?.status)).toEqual(unanswered.map(() => 201));
    // Answered before the kill, then retried: the same record comes back.
    const again = await postAdministration(second.url, token, caseId, 0, 'write-0');
    expect(again).toMatchObject({ status: 201, id: results[0]?.id ?? retried[unanswered.indexOf(0)]?.id, replayed: true });
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);

    const db = new Database(file, { readonly: true });
    try {
      const occasions = db.prepare('SELECT o.name FROM administrations a JOIN occasions o ON o.id = a.occasion_id ORDER BY a.rowid').pluck().all() as string[];
      expect(occasions.length).toBe(TOTAL);
      expect(new Set(occasions).size).toBe(TOTAL);
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
