/**
 * The API's resources, mounted in this order after authentication. Statistics and exports
 * (`/cases/{caseId}/trajectory`, `/cohorts/effectiveness`, `/exports/scores`) will each be one
 * more module here.
 */
import type { RouteModule } from '../route-module.ts';
import { administrationRoutes } from './administrations.ts';
import { caseRoutes } from './cases.ts';
import { gridRoutes } from './grids.ts';
import { teamRoutes } from './teams.ts';
import { tokenRoutes } from './tokens.ts';

export { healthRoutes } from './health.ts';
export { openApiRoutes } from './openapi.ts';

/** Resources that need a bearer token. */
export const AUTHENTICATED_ROUTES: readonly RouteModule[] = [gridRoutes, caseRoutes, administrationRoutes, teamRoutes, tokenRoutes];
