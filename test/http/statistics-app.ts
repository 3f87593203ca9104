import { createApp } from '../../src/http/index.ts';
import type { RouteModule } from '../../src/http/route-module.ts';
import { createGridRegistry } from '../../src/service/index.ts';
import type { Harness } from './fixtures.ts';

export type Requester = (path: string, token: string | null) => Promise<Response>;

/**
 * The harness's database served by an app that also mounts `modules` (the statistics routes are
 * registered in routes/index.ts by the lead; until then, and whatever happens there, the tests
 * mount them themselves). Unexpected errors land in `h.errors`.
 */
export function appWith(h: Harness, modules: readonly RouteModule[]): Requester {
  const app = createApp({ repo: h.repo, grids: createGridRegistry({ repo: h.repo }), clock: () => h.now.value, reportError: (e) => h.errors.push(e), extraRoutes: modules });
  return (path, token) => {
    const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
    return Promise.resolve(app.request(path, { method: 'GET', headers }, { incoming: { socket: { remoteAddress: '192.0.2.9' } } }));
  };
}
