import { NotFoundError } from '../../errors.ts';
import { caseListScope, openCase, recordIntervention, timeCaseOccasions } from '../../service/index.ts';
import type { CaseInput, InterventionInput } from '../../service/index.ts';
import type { AdministrationRecord } from '../../storage/repository.ts';
import { caseInScope, refuseRole } from '../case-access.ts';
import { actorOf } from '../context.ts';
import type { ParameterDoc, RouteModule } from '../route-module.ts';
import { readBody } from '../validate-body.ts';
import { withScores } from './administration-view.ts';

const CASE_ID: ParameterDoc = { name: 'caseId', in: 'path', required: true, description: 'Case id.', schema: { type: 'string' } };
const SCOPE = 'Operators: their own team; coordinators: every team of their zone (read only). Another team\'s case answers 404.';

/** Cases: listing, opening, reading (audited), and the interventions they receive. */
export const caseRoutes: RouteModule = {
  operations: [
    {
      method: 'get', path: '/api/v1/cases', operationId: 'listCases', tag: 'cases', action: 'case.list',
      summary: `The cases the caller may see. ${SCOPE}`,
      responses: { '200': { description: 'Cases in scope.', schema: 'CaseList' } },
    },
    {
      method: 'post', path: '/api/v1/cases', operationId: 'openCase', tag: 'cases', action: 'case.create',
      summary: "Open a case (operator) in the operator's team; its zone is the team's.",
      requestBody: 'CaseCreate',
      responses: { '201': { description: 'Opened.', schema: 'Case' } },
    },
    {
      method: 'get', path: '/api/v1/cases/{caseId}', operationId: 'getCase', tag: 'cases', action: 'case.read', parameters: [CASE_ID],
      summary: `The case with its occasions (and their timing), administrations and interventions. ${SCOPE}`,
      responses: { '200': { description: 'The case.', schema: 'CaseDetail' } },
    },
    {
      method: 'post', path: '/api/v1/cases/{caseId}/interventions', operationId: 'recordIntervention', tag: 'cases', action: 'case.write',
      parameters: [CASE_ID], requestBody: 'InterventionCreate',
      summary: 'Record a dispositivo received by the case (operator of its team).',
      responses: { '201': { description: 'Recorded.', schema: 'Intervention' } },
    },
  ],

  mount(app, deps) {
    app.get('/api/v1/cases', async (c) => {
      const principal = c.get('principal');
      refuseRole(principal, 'case.list');
      const scope = caseListScope(principal);
      const cases = scope === null ? [] : await deps.repo.listCases(scope);
      // A read of every case listed (reference, birth year-month, sex): audited by internal id,
      // before anything is sent, as a single case read is.
      await deps.repo.audit({ action: 'case.list', records: cases.map((record) => record.id) }, actorOf(principal));
      return c.json({ cases });
    });

    app.post('/api/v1/cases', async (c) => {
      const principal = c.get('principal');
      refuseRole(principal, 'case.create');
      const input = await readBody<CaseInput>(c, deps.validators, 'CaseCreate');
      const record = await openCase(deps.repo, principal, input, actorOf(principal));
      c.header('location', `/api/v1/cases/${record.id}`);
      return c.json(record, 201);
    });

    app.get('/api/v1/cases/:caseId', async (c) => {
      const principal = c.get('principal');
      const record = await caseInScope(deps.repo, principal, 'case.read', c.req.param('caseId'));
      const detail = await deps.repo.getCaseDetail(record.id);
      if (detail === null) throw new NotFoundError('No such case.');
      await deps.repo.audit({ action: 'case.read', records: [record.id] }, actorOf(principal));
      const today = deps.clock().toISOString().slice(0, 10);
      return c.json({
        ...detail,
        administrations: detail.administrations.map((a: AdministrationRecord) => withScores(a)),
        occasionTiming: await timeCaseOccasions(deps.grids, detail, today),
      });
    });

    app.post('/api/v1/cases/:caseId/interventions', async (c) => {
      const principal = c.get('principal');
      const record = await caseInScope(deps.repo, principal, 'case.write', c.req.param('caseId'));
      const body = await readBody<Partial<InterventionInput> & Pick<InterventionInput, 'type' | 'start'>>(c, deps.validators, 'InterventionCreate');
      const intervention = await recordIntervention(
        deps.repo,
        record,
        { type: body.type, start: body.start, end: body.end ?? null, notes: body.notes ?? null },
        actorOf(principal),
        deps.interventionTypes,
      );
      return c.json(intervention, 201);
    });
  },
};
