import type { RouteModule } from '../route-module.ts';

/** `GET /api/v1/health`: liveness and database status, without authentication. */
export const healthRoutes: RouteModule = {
  operations: [
    {
      method: 'get',
      path: '/api/v1/health',
      operationId: 'getHealth',
      summary: 'Liveness and database status (no authentication).',
      tag: 'service',
      public: true,
      responses: {
        '200': { description: 'The service and its database are up.', schema: 'Health' },
        '503': { description: 'The database does not answer.', schema: 'Health' },
      },
    },
  ],
  mount(app, deps) {
    app.get('/api/v1/health', async (c) => {
      let database: { ok: boolean; detail: string };
      try {
        database = await deps.repo.health();
      } catch {
        database = { ok: false, detail: 'The database did not answer.' };
      }
      return c.json({ status: database.ok ? 'ok' : 'degraded', database }, database.ok ? 200 : 503);
    });
  },
};
