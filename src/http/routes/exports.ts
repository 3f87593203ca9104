import type { Context } from 'hono';
import { RequestInvalidError, ForbiddenError } from '../../errors.ts';
import { randomUUID } from 'node:crypto';
import { auditExportEnded, auditExportStarted, DEFAULT_K, digestingStream, exportCodebookCsv, prepareScoreExport, scoreExportCodebook } from '../../export/index.ts';
import type { ExportDigest, ExportFormat, ExportLayout, ScoreExportRequest } from '../../export/index.ts';
import type { Principal, Repository, ResearchProject } from '../../storage/repository.ts';
import { refuseRole } from '../case-access.ts';
import { actorOf } from '../context.ts';
import type { AppEnv } from '../context.ts';
import type { ParameterDoc, RouteModule } from '../route-module.ts';
import type { BodyValidators } from '../validate-body.ts';
import { ajvIssues } from '../validate-body.ts';

const PARAMETERS: ParameterDoc[] = [
  { name: 'format', in: 'query', description: '`csv` (default) or `ndjson`.', schema: { type: 'string', enum: ['csv', 'ndjson'] } },
  { name: 'layout', in: 'query', description: '`long` (default): one row per administration and score; `wide`: one row per case and occasion (the value of each score for the case by the trajectory rule, with `informants` and `value_source`), a column per score; needs `grid`.', schema: { type: 'string', enum: ['long', 'wide'] } },
  { name: 'grid', in: 'query', description: 'Only administrations of this grid.', schema: { type: 'string' } },
  { name: 'zone', in: 'query', description: "Only cases of this zone.", schema: { type: 'string' } },
  { name: 'k', in: 'query', description: `Every released combination of quasi-identifiers holds at least k cases; default ${DEFAULT_K}, may only be raised.`, schema: { type: 'integer', minimum: DEFAULT_K } },
  {
    name: 'part',
    in: 'query',
    description:
      '`data` (default): the export, streamed; `metadata`: what it holds and what was generalized and suppressed (JSON; the first line of an NDJSON export); `codebook`: its variables (JSON, or CSV with `format=csv`).',
    schema: { type: 'string', enum: ['data', 'metadata', 'codebook'] },
  },
];

/**
 * The anonymized research export (SPEC 8): researchers of a research project only. An audit row
 * (`complete: false`) is committed before the first byte; the data streams (memory stays flat), its
 * SHA-256 is computed on the way out, and a second row with the digest and byte count, naming the
 * first by `exportId`, is appended when the stream ends (or stops).
 */
export const exportRoutes: RouteModule = {
  operations: [
    {
      method: 'get',
      path: '/api/v1/exports/scores',
      operationId: 'exportScores',
      tag: 'exports',
      action: 'export.scores',
      parameters: PARAMETERS,
      summary:
        "Pseudonymised record-level extract of the submitted scores for the caller's research project: pseudonyms per project, ages and days since the first occasion instead of dates, quasi-identifiers k-anonymized.",
      responses: {
        '200': {
          description:
            'The export: `text/csv` (a header row, then rows), `application/x-ndjson` (the metadata line, then rows), or JSON for `part=metadata` and `part=codebook`.',
          contentType: 'text/csv',
          schema: { type: 'string' },
          headers: { 'Content-Disposition': 'attachment; filename of the export.' },
        },
        '403': { description: 'Not a researcher, or a researcher token without a research project.', schema: 'Problem', contentType: 'application/problem+json' },
      },
    },
  ],

  mount(app, deps) {
    app.get('/api/v1/exports/scores', async (c) => {
      const principal = c.get('principal');
      refuseRole(principal, 'export.scores');
      const project = await projectOf(deps.repo, principal);
      const { request, part, formatGiven } = readExportQuery(c, deps.validators);
      const exportDeps = { repo: deps.repo, grids: deps.grids, keys: requireKeys(deps.pseudonymKeys) };

      if (part === 'codebook') {
        // Variables only: no personal data is read, so nothing to audit.
        const codebook = await scoreExportCodebook(deps.grids, request, queryPath);
        if (formatGiven && request.format === 'csv') return c.body(exportCodebookCsv(codebook), 200, { 'content-type': 'text/csv; charset=utf-8; header=present' });
        return c.json(codebook);
      }

      const prepared = await prepareScoreExport(exportDeps, project, request, queryPath);
      const actor = actorOf(principal);
      const which: 'data' | 'metadata' = part === 'metadata' ? 'metadata' : 'data';
      const facts = { exportId: randomUUID(), project, part: which, metadata: prepared.metadata };
      // Audited (committed) before the first byte: a busy database refuses the export (503 with
      // Retry-After) rather than let data out unaudited.
      try {
        await auditExportStarted(deps.repo, actor, facts);
      } catch (error) {
        await prepared.close();
        throw error;
      }
      const ended = (digest: ExportDigest): Promise<void> => auditExportEnded(deps.repo, actor, { ...facts, digest });

      if (part === 'metadata') {
        await prepared.close();
        const stream = digestingStream(single(JSON.stringify(prepared.metadata)), ended);
        return c.body(stream, 200, { 'content-type': 'application/json; charset=utf-8' });
      }

      const stream = digestingStream(prepared.chunks(), ended);
      return c.body(stream, 200, {
        'content-type': prepared.contentType,
        'content-disposition': `attachment; filename="${fileName(request)}"`,
      });
    });
  },
};

/** Issues about the query name the parameter (`?grid`). */
const queryPath = (name: string): string => `?${name}`;

async function projectOf(repo: Repository, principal: Principal): Promise<ResearchProject> {
  const project = principal.project === null ? null : await repo.getProject(principal.project);
  if (project === null) throw new ForbiddenError('An export is made within a research project; this token names none.');
  return project;
}

function requireKeys<T>(keys: T | null): T {
  // A server without its key directory must not invent keys: pseudonyms would change at restart.
  if (keys === null) throw new Error('Research exports need the pseudonymisation key directory (griglie serve --keys DIR).');
  return keys;
}

function readExportQuery(c: Context<AppEnv>, validators: BodyValidators): { request: ScoreExportRequest; part: 'data' | 'metadata' | 'codebook'; formatGiven: boolean } {
  const query = c.req.query();
  const validate = validators.ExportScoresQuery;
  if (!validate(query)) {
    const issues = ajvIssues(validate.errors ?? []).map((issue) => ({ ...issue, path: `?${issue.path.replace(/^\//, '')}` }));
    throw new RequestInvalidError('The query is not valid.', issues);
  }
  const request: ScoreExportRequest = {
    format: (query['format'] ?? 'csv') as ExportFormat,
    layout: (query['layout'] ?? 'long') as ExportLayout,
    k: query['k'] === undefined ? DEFAULT_K : Number(query['k']),
  };
  if (query['grid'] !== undefined) request.grid = query['grid'];
  if (query['zone'] !== undefined) request.zone = query['zone'];
  return { request, part: (query['part'] ?? 'data') as 'data' | 'metadata' | 'codebook', formatGiven: query['format'] !== undefined };
}

function fileName(request: ScoreExportRequest): string {
  return `griglie-scores-${request.grid ?? 'all'}-${request.layout}.${request.format === 'csv' ? 'csv' : 'ndjson'}`;
}

// eslint-disable-next-line @typescript-eslint/require-await -- digestingStream reads an async generator
async function* single(text: string): AsyncGenerator<string> {
  yield text;
}
