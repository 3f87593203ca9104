import type { OperationDoc, RouteModule } from '../route-module.ts';
import { buildOpenApi } from '../openapi.ts';

const OPERATION: OperationDoc = {
  method: 'get',
  path: '/api/v1/openapi.json',
  operationId: 'getOpenApi',
  summary: 'The OpenAPI 3.1 document of this API (no authentication).',
  tag: 'service',
  public: true,
  responses: { '200': { description: 'The OpenAPI document.', schema: 'AnyObject' } },
};

/** `GET /api/v1/openapi.json`, built from the given modules' operations (and this one). */
export function openApiRoutes(modules: readonly RouteModule[]): RouteModule {
  const operations = [OPERATION, ...modules.flatMap((m) => m.operations)];
  return {
    operations: [OPERATION],
    mount(app, deps) {
      app.get('/api/v1/openapi.json', async (c) => {
        const responseSchemas: Record<string, object> = {};
        for (const record of await deps.grids.list()) {
          if (record.status !== 'published') continue;
          try {
            const { compiled } = await deps.grids.compiled(record.grid, record.version);
            responseSchemas[`${record.grid}-${record.version}`] = compiled.responseSchema;
          } catch {
            // A version that no longer compiles is reported at start-up; the document goes without it.
          }
        }
        return c.json(buildOpenApi(operations, { version: deps.engineVersion, responseSchemas }));
      });
    },
  };
}
