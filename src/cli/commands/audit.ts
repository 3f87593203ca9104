import type { Issue } from '../../errors.ts';
import { RequestInvalidError } from '../../errors.ts';
import type { AuditEntry, AuditQuery } from '../../storage/index.ts';
import { expectPositionals, parseCommandArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { EXIT_OK } from '../command.ts';
import { DB_OPTION, withRepository } from '../db-option.ts';
import { write } from '../report.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * `griglie audit`: the append-only log, oldest first, filtered by case, token, time and action.
 * `--from` and `--to` take a date (whole days, `--to` inclusive) or an ISO date-time.
 */
export const auditCommand: Command = {
  name: 'audit',
  summary: 'print the audit log (who did what, when, to which records)',
  usage: 'griglie audit [--case ID] [--token ID] [--from ISO] [--to ISO] [--action A] [--limit N] [--json] [--db FILE]\n--json prints one JSON object per line.',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      ...DB_OPTION,
      case: { type: 'string' },
      token: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      action: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
    });
    expectPositionals(positionals, 0, 0, '');
    const issues: Issue[] = [];
    const query: AuditQuery = {};
    if (values.case !== undefined) query.caseId = values.case;
    if (values.action !== undefined) query.action = values.action;
    if (values.token !== undefined) {
      if (/^[1-9]\d{0,15}$/.test(values.token)) query.tokenId = Number(values.token);
      else issues.push({ code: 'invalid_token_id', path: '/token', message: 'A token id is a positive whole number.' });
    }
    if (values.limit !== undefined) {
      if (/^[1-9]\d{0,8}$/.test(values.limit)) query.limit = Number(values.limit);
      else issues.push({ code: 'invalid_limit', path: '/limit', message: 'The limit is a positive whole number.' });
    }
    for (const bound of ['from', 'to'] as const) {
      const text = values[bound];
      if (text === undefined) continue;
      const instant = parseBound(text, bound);
      if (instant === null) issues.push({ code: 'invalid_time', path: `/${bound}`, message: 'Give a date (YYYY-MM-DD) or an ISO 8601 date-time.' });
      else query[bound] = instant;
    }
    if (issues.length > 0) throw new RequestInvalidError('Invalid audit filter.', issues);

    const entries = await withRepository(values.db, io, (repo) => repo.queryAudit(query));
    for (const entry of entries) {
      await write(io.stdout, (values.json === true ? JSON.stringify(entry) : formatEntry(entry)) + '\n');
    }
    return EXIT_OK;
  },
};

/** A bound as a UTC ISO string comparable with stored timestamps; a bare `--to` date covers its whole day. */
function parseBound(text: string, bound: 'from' | 'to'): string | null {
  if (DATE.test(text)) {
    const day = Date.parse(`${text}T00:00:00.000Z`);
    if (Number.isNaN(day) || new Date(day).toISOString().slice(0, 10) !== text) return null;
    return new Date(bound === 'from' ? day : day + 86_399_999).toISOString();
  }
  if (!DATE_TIME.test(text)) return null;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : new Date(at).toISOString();
}

function formatEntry(entry: AuditEntry): string {
  const who = entry.role === null ? '-' : entry.tokenId === null ? entry.role : `${entry.role}#${entry.tokenId}`;
  const records = entry.records.length === 0 ? '-' : entry.records.join(',');
  const detail = entry.detail === null ? '' : `\t${JSON.stringify(entry.detail)}`;
  return `${entry.at}\t${entry.action}\t${who}\t${records}${detail}`;
}
