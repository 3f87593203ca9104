import type { GridVersionRecord } from '../../storage/repository.ts';
import { refuseRole } from '../case-access.ts';
import { actorOf } from '../context.ts';
import { readBody } from '../validate-body.ts';
import { LANG_PATTERN, SLUG_PATTERN, VERSION_PATTERN, pathParam, queryParam } from '../params.ts';
import type { ParameterDoc, RouteModule } from '../route-module.ts';

const GRID_ID: ParameterDoc = { name: 'id', in: 'path', required: true, description: 'Grid id (slug).', schema: { type: 'string' } };
const VERSION: ParameterDoc = { name: 'version', in: 'path', required: true, description: 'Grid version (semver).', schema: { type: 'string' } };
const BASE = '/api/v1/grids/{id}/versions/{version}';

/** What the API shows of a stored version (the definition itself is served on its own route). */
function summaryOf(record: GridVersionRecord) {
  return {
    grid: record.grid,
    version: record.version,
    status: record.status,
    sha256: record.sha256,
    publishedAt: record.publishedAt,
    retiredAt: record.retiredAt,
  };
}

/** Grids: listing, definitions and their compiled forms, diff, publishing and retiring. */
export const gridRoutes: RouteModule = {
  operations: [
    {
      method: 'get', path: '/api/v1/grids', operationId: 'listGrids', tag: 'grids', action: 'grid.read',
      summary: 'Grids and their versions with status.',
      responses: { '200': { description: 'Every grid with its published and retired versions.', schema: 'GridList' } },
    },
    {
      method: 'post', path: '/api/v1/grids', operationId: 'publishGrid', tag: 'grids', action: 'grid.publish',
      summary: 'Publish a grid version (methodologist); the body is the definition.',
      requestBody: 'GridDefinition',
      responses: {
        '201': { description: 'Published.', schema: 'GridVersionSummary' },
        '200': { description: 'The same content was already published (idempotent).', schema: 'GridVersionSummary' },
        '409': { description: 'Other content is published under this id and version.', schema: 'Problem', contentType: 'application/problem+json' },
        '422': { description: 'The definition is invalid, a worked example disagrees, or the version bump does not match the change.', schema: 'Problem', contentType: 'application/problem+json' },
      },
    },
    {
      method: 'get', path: BASE, operationId: 'getGridVersion', tag: 'grids', action: 'grid.read', parameters: [GRID_ID, VERSION],
      summary: 'The definition of a grid version (its status in the `Griglie-Grid-Status` header).',
      responses: { '200': { description: 'The definition, as published (canonical JSON).', schema: 'GridDefinition' } },
    },
    {
      method: 'get', path: `${BASE}/schema`, operationId: 'getGridResponseSchema', tag: 'grids', action: 'grid.read',
      parameters: [GRID_ID, VERSION, { name: 'status', in: 'query', description: '`draft` gives the schema with no item required.', schema: { type: 'string', enum: ['draft', 'submitted'] } }],
      summary: "The JSON Schema of an administration's responses for this version.",
      responses: { '200': { description: 'A JSON Schema (2020-12).', schema: 'AnyObject' } },
    },
    {
      method: 'get', path: `${BASE}/form`, operationId: 'getGridForm', tag: 'grids', action: 'grid.read',
      parameters: [GRID_ID, VERSION, { name: 'lang', in: 'query', description: 'Language (default `it`).', schema: { type: 'string' } }],
      summary: 'The form model in a language.',
      responses: { '200': { description: 'Ordered sections, items, facets and options with labels.', schema: 'AnyObject' } },
    },
    {
      method: 'get', path: `${BASE}/codebook`, operationId: 'getGridCodebook', tag: 'grids', action: 'grid.read',
      parameters: [GRID_ID, VERSION, { name: 'format', in: 'query', description: '`json` (default) or `csv`.', schema: { type: 'string', enum: ['json', 'csv'] } }],
      summary: 'The codebook (data dictionary) of this version.',
      responses: { '200': { description: 'Every exported variable with label, type, values and rule.', schema: 'AnyObject' } },
    },
    {
      method: 'get', path: '/api/v1/grids/{id}/diff', operationId: 'diffGridVersions', tag: 'grids', action: 'grid.read',
      parameters: [
        GRID_ID,
        { name: 'from', in: 'query', required: true, description: 'The older version.', schema: { type: 'string' } },
        { name: 'to', in: 'query', required: true, description: 'The newer version.', schema: { type: 'string' } },
      ],
      summary: 'The change between two versions.',
      responses: { '200': { description: 'Added, removed, renamed, recoded and reworded items; changed scores, bands and rules.', schema: 'AnyObject' } },
    },
    {
      method: 'post', path: `${BASE}/retire`, operationId: 'retireGridVersion', tag: 'grids', action: 'grid.retire', parameters: [GRID_ID, VERSION],
      summary: 'Retire a version (methodologist): it takes no new administrations but stays readable.',
      responses: { '200': { description: 'Retired.', schema: 'GridVersionSummary' } },
    },
  ],

  mount(app, deps) {
    app.get('/api/v1/grids', async (c) => {
      const principal = c.get('principal');
      refuseRole(principal, 'grid.read');
      const byGrid = new Map<string, { id: string; title: unknown; versions: ReturnType<typeof summaryOf>[] }>();
      for (const record of await deps.grids.list()) {
        if (record.status === 'draft') continue;
        let entry = byGrid.get(record.grid);
        if (!entry) {
          entry = { id: record.grid, title: null, versions: [] };
          byGrid.set(record.grid, entry);
        }
        entry.title = (JSON.parse(record.definition) as { title?: unknown }).title ?? null;
        entry.versions.push(summaryOf(record));
      }
      const grids = [...byGrid.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
      return c.json({ grids });
    });

    app.post('/api/v1/grids', async (c) => {
      const principal = c.get('principal');
      refuseRole(principal, 'grid.publish');
      const definition = await readBody<unknown>(c, deps.validators, 'GridDefinition');
      const { record, created } = await deps.grids.publish(definition, actorOf(principal));
      if (created) c.header('location', `/api/v1/grids/${record.grid}/versions/${record.version}`);
      return c.json(summaryOf(record), created ? 201 : 200);
    });

    app.get('/api/v1/grids/:id/versions/:version', async (c) => {
      refuseRole(c.get('principal'), 'grid.read');
      const { record } = await deps.grids.compiled(pathParam(c.req.param('id'), SLUG_PATTERN), pathParam(c.req.param('version'), VERSION_PATTERN));
      c.header('etag', `"${record.sha256}"`);
      c.header('griglie-grid-status', record.status);
      return c.body(record.definition, 200, { 'content-type': 'application/json' });
    });

    app.get('/api/v1/grids/:id/versions/:version/schema', async (c) => {
      refuseRole(c.get('principal'), 'grid.read');
      const status = queryParam(c.req.query('status'), 'status', /^(draft|submitted)$/, false);
      const { compiled } = await deps.grids.compiled(pathParam(c.req.param('id'), SLUG_PATTERN), pathParam(c.req.param('version'), VERSION_PATTERN));
      return c.json(status === 'draft' ? compiled.draftResponseSchema : compiled.responseSchema);
    });

    app.get('/api/v1/grids/:id/versions/:version/form', async (c) => {
      refuseRole(c.get('principal'), 'grid.read');
      const lang = queryParam(c.req.query('lang'), 'lang', LANG_PATTERN, false) ?? 'it';
      const { compiled } = await deps.grids.compiled(pathParam(c.req.param('id'), SLUG_PATTERN), pathParam(c.req.param('version'), VERSION_PATTERN));
      return c.json(compiled.form(lang));
    });

    app.get('/api/v1/grids/:id/versions/:version/codebook', async (c) => {
      refuseRole(c.get('principal'), 'grid.read');
      const format = queryParam(c.req.query('format'), 'format', /^(json|csv)$/, false) ?? 'json';
      const { compiled } = await deps.grids.compiled(pathParam(c.req.param('id'), SLUG_PATTERN), pathParam(c.req.param('version'), VERSION_PATTERN));
      if (format === 'csv') return c.body(compiled.codebookCsv, 200, { 'content-type': 'text/csv; charset=utf-8' });
      return c.json(compiled.codebook);
    });

    app.get('/api/v1/grids/:id/diff', async (c) => {
      refuseRole(c.get('principal'), 'grid.read');
      const id = pathParam(c.req.param('id'), SLUG_PATTERN);
      const from = queryParam(c.req.query('from'), 'from', VERSION_PATTERN, true);
      const to = queryParam(c.req.query('to'), 'to', VERSION_PATTERN, true);
      return c.json(await deps.grids.diff(id, from, to));
    });

    app.post('/api/v1/grids/:id/versions/:version/retire', async (c) => {
      const principal = c.get('principal');
      refuseRole(principal, 'grid.retire');
      const record = await deps.grids.retire(pathParam(c.req.param('id'), SLUG_PATTERN), pathParam(c.req.param('version'), VERSION_PATTERN), actorOf(principal));
      return c.json(summaryOf(record));
    });
  },
};
