/**
 * `griglie demo`: a database of realistic synthetic cases over T0..T2, planned from a seed (pure)
 * and written through the same service functions the API uses.
 */
export { createDemo, refuseDatabaseWithCases, DEMO_GRID_IDS } from './create-demo.ts';
export type { DemoDeps, DemoOptions, DemoSummary } from './create-demo.ts';
export { planDemo } from './plan-demo.ts';
export type { DemoGrid, DemoPlan, DemoPlanOptions, PlannedCase, PlannedIntake } from './plan-demo.ts';
export { buildResponseModel, generateResponses } from './generate-responses.ts';
export type { RatingContext, ResponseModel } from './generate-responses.ts';
export { createRandom } from './random.ts';
export type { Random } from './random.ts';
export { DEMO_TEAMS } from './zones.ts';
export type { DemoTeam } from './zones.ts';
