import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { hashTokenSecret, generateTokenSecret } from '../../src/identity/index.ts';
import { createGridRegistry } from '../../src/service/index.ts';
import { openSqliteRepository } from '../../src/storage/index.ts';
import { testGrid } from './fixtures.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A running `node bin/griglie.js serve` child process on loopback. */
export interface ChildService {
  child: ChildProcess;
  url: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr: () => string;
}

/** Starts the real command on `file`, port 0, and resolves when it prints its "listening" line. */
export async function startChild(file: string): Promise<ChildService> {
  const child = spawn(process.execPath, ['bin/griglie.js', 'serve', '--db', file, '--port', '0', '--host', '127.0.0.1'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '', HOST: '', GRIGLIE_DB: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errText = '';
  child.stderr.on('data', (chunk: Buffer) => (errText += chunk.toString()));
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      const match = /^griglie listening on (http:\/\/\S+)$/.exec(line);
      if (match?.[1]) resolve(match[1]);
    });
    void exited.then(({ code }) => reject(new Error(`serve exited with ${code} before listening: ${errText}`)));
  });
  return { child, url, exited, stderr: () => errText };
}

/** A database with the test grid published, team `team-a`, one of its cases, and an operator token. */
export async function prepareDatabase(file: string): Promise<{ token: string; caseId: string }> {
  const repo = openSqliteRepository({ file });
  try {
    const system = { tokenId: null, role: null };
    await repo.createTeam({ id: 'team-a', zone: 'zone-1' }, system);
    const token = generateTokenSecret();
    await repo.createToken({ hash: hashTokenSecret(token), role: 'operator', name: 'durability', team: 'team-a', project: null, expiresAt: null }, system);
    await createGridRegistry({ repo }).publish(testGrid(), { tokenId: null, role: 'methodologist' });
    const record = await repo.createCase({ team: 'team-a', zone: 'zone-1', reference: 'rif-durata', birthYearMonth: '2017-03', sex: 'M' }, system);
    return { token, caseId: record.id };
  } finally {
    await repo.close();
  }
}

/** POSTs administration number `n` (its occasion is `T<n>`), under a key if given; resolves with its status, id and whether it was a replay, or null when the connection failed. */
export async function postAdministration(
  url: string,
  token: string,
  caseId: string,
  n: number,
  idempotencyKey?: string,
): Promise<{ status: number; id: string | null; replayed: boolean } | null> {
  try {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
    const res = await fetch(`${url}/api/v1/cases/${caseId}/administrations`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        grid: 'prova-api',
        version: '1.0.0',
        occasion: `T${n}`,
        date: '2025-01-15',
        informant: 'social_worker',
        responses: { salute: 1 + (n % 4), gioco: 2 },
        status: 'submitted',
      }),
    });
    const body = (await res.json()) as { id?: string };
    return { status: res.status, id: body.id ?? null, replayed: res.headers.get('idempotent-replayed') === 'true' };
  } catch {
    return null;
  }
}
