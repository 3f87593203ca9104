/** The API's resources, mounted in this order after authentication. */
import type { RouteModule } from '../route-module.ts';
import { administrationRoutes } from './administrations.ts';
import { caseRoutes } from './cases.ts';
import { cohortRoutes } from './cohorts.ts';
import { exportRoutes } from './exports.ts';
import { gridRoutes } from './grids.ts';
import { teamRoutes } from './teams.ts';
import { tokenRoutes } from './tokens.ts';
import { trajectoryRoutes } from './trajectory.ts';

export { healthRoutes } from './health.ts';
export { openApiRoutes } from './openapi.ts';

/** Resources that need a bearer token. */
export const AUTHENTICATED_ROUTES: readonly RouteModule[] = [
  gridRoutes,
  caseRoutes,
  administrationRoutes,
  trajectoryRoutes,
  cohortRoutes,
  exportRoutes,
  teamRoutes,
  tokenRoutes,
];
