import { NotFoundError } from '../../errors.ts';
import { buildCaseTrajectory, createComparability } from '../../service/index.ts';
import { caseInScope } from '../case-access.ts';
import { actorOf } from '../context.ts';
import { SLUG_PATTERN, queryParam } from '../params.ts';
import type { RouteModule } from '../route-module.ts';

/**
 * `GET /api/v1/cases/{caseId}/trajectory?grid=`: every score of the grid across the case's
 * occasions with the change statistics of SPEC 7. Same scope as reading the case (operators their
 * team, coordinators their zone; another team's case answers 404), and audited as a case read.
 */
export const trajectoryRoutes: RouteModule = {
  operations: [
    {
      method: 'get',
      path: '/api/v1/cases/{caseId}/trajectory',
      operationId: 'getCaseTrajectory',
      tag: 'statistics',
      action: 'case.read',
      parameters: [
        { name: 'caseId', in: 'path', required: true, description: 'Case id.', schema: { type: 'string' } },
        { name: 'grid', in: 'query', required: true, description: 'Grid id (slug).', schema: { type: 'string', pattern: SLUG_PATTERN.source } },
      ],
      summary:
        "Every score of the grid across the case's occasions (submitted administrations, current revision): each informant's value and their agreement, " +
        'the raw change, Reliable Change Index and classification, band transition and clinically significant change between occasions, ' +
        'and how values were compared when grid versions differ. Operators: their own team; coordinators: their zone. Another team\'s case answers 404.',
      responses: { '200': { description: 'The trajectory.', schema: 'CaseTrajectory' } },
    },
  ],

  mount(app, deps) {
    // One cache of version comparisons per app (never a module-level singleton).
    const comparability = createComparability({ grids: deps.grids });
    app.get('/api/v1/cases/:caseId/trajectory', async (c) => {
      const principal = c.get('principal');
      const record = await caseInScope(deps.repo, principal, 'case.read', c.req.param('caseId'));
      const grid = queryParam(c.req.query('grid'), 'grid', SLUG_PATTERN, true);
      const detail = await deps.repo.getCaseDetail(record.id);
      if (detail === null) throw new NotFoundError('No such case.');
      const trajectory = await buildCaseTrajectory({ grids: deps.grids, comparability }, detail, grid);
      await deps.repo.audit({ action: 'case.read', records: [record.id], detail: { view: 'trajectory', grid } }, actorOf(principal));
      return c.json(trajectory);
    });
  },
};
