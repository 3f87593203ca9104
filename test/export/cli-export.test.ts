import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { exportCommand } from '../../src/cli/commands/export.ts';
import { UsageError } from '../../src/cli/command.ts';
import type { EngineError } from '../../src/errors.ts';
import type { ExportWorld } from './fixtures.ts';
import { createExportWorld, GRID } from './fixtures.ts';

let w: ExportWorld;
beforeEach(async () => {
  w = await createExportWorld();
  for (let i = 1; i <= 6; i++) {
    await w.addCase({ reference: `PI-${i}`, birthYearMonth: `2014-1${i % 3}`, sex: 'F', team: 'team-f', administrations: [{ occasion: 'T0', date: '2025-03-03', bambino: 5 + i / 4, band: 'adequate', cura: 3 }] });
  }
});
afterEach(async () => {
  await w.close();
});

async function runExport(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const code = await exportCommand.run([...args, '--db', w.file, '--keys', w.keysDir], { stdin: new PassThrough(), stdout, stderr, env: {}, cwd: w.dir });
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

test('the command line writes the same export as the API, with metadata and codebook beside it, audited as the command line', async () => {
  const file = join(w.dir, 'out', 'scores.csv');
  const { code, stderr } = await runExport(['--project', 'esiti-2026', '--format', 'csv', '--layout', 'wide', '--grid', GRID, '--out', 'out/scores.csv']);
  expect(code).toBe(0);
  const bytes = readFileSync(file);
  const api = await w.request(`/api/v1/exports/scores?format=csv&layout=wide&grid=${GRID}`, 'researcher');
  expect(bytes.toString('utf8')).toBe(await api.text());
  expect(statSync(file).mode & 0o777).toBe(0o600);
  const metadata = JSON.parse(readFileSync(`${file}.metadata.json`, 'utf8')) as { cases: number; anonymization: { generalized: { attribute: string; to: string }[] } };
  expect(metadata.cases).toBe(6);
  // Six Florentine girls all aged 9 at T0: one combination of 6 >= k, nothing generalized.
  expect(metadata.anonymization.generalized).toEqual([]);
  expect(readFileSync(`${file}.codebook.csv`, 'utf8')).toMatch(/^scope,name,/);
  expect(JSON.parse(readFileSync(`${file}.codebook.json`, 'utf8'))).toMatchObject({ layout: 'wide' });
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  expect(stderr).toContain(sha256);
  const [entry] = await w.repo.queryAudit({ action: 'export.scores' });
  expect(entry).toMatchObject({ tokenId: null, role: 'admin', detail: { sha256, bytes: bytes.length, complete: true, project: { name: 'esiti-2026' } } });
});

test('without --out the export goes to stdout (NDJSON: metadata first)', async () => {
  const { code, stdout } = await runExport(['--project', 'esiti-2026', '--format', 'ndjson']);
  expect(code).toBe(0);
  const lines = stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { record: string });
  expect(lines[0]!.record).toBe('metadata');
  expect(lines.slice(1).every((l) => l.record === 'score')).toBe(true);
  expect(lines).toHaveLength(1 + 6 * 2);
});

test('usage and invalid input', async () => {
  await expect(runExport(['--format', 'csv'])).rejects.toBeInstanceOf(UsageError);
  await expect(runExport(['--project', 'esiti-2026', '--layout', 'tall'])).rejects.toBeInstanceOf(UsageError);
  const unknown = await runExport(['--project', 'nessuno']).catch((e: unknown) => e as EngineError);
  expect(unknown).toMatchObject({ code: 'request_invalid', issues: [{ code: 'unknown_project', path: '/project' }] });
  const lowK = await runExport(['--project', 'esiti-2026', '--k', '2']).catch((e: unknown) => e as EngineError);
  expect(lowK).toMatchObject({ code: 'request_invalid', issues: [{ code: 'out_of_range', path: '/k' }] });
  expect(await w.repo.queryAudit({ action: 'export.scores' })).toHaveLength(0);
});
