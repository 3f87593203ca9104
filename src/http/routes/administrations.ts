import { amendAdministration, recordAdministration, voidAdministration, writeOnce } from '../../service/index.ts';
import type { AdministrationInput, AmendmentInput } from '../../service/index.ts';
import type { LivingSituation } from '../../storage/repository.ts';
import { administrationInScope, caseInScope } from '../case-access.ts';
import { actorOf } from '../context.ts';
import { IDEMPOTENCY_KEY_PARAMETER, REPLAYED_HEADER, idempotencyKeyOf } from '../idempotency-key.ts';
import type { ParameterDoc, RouteModule } from '../route-module.ts';
import { readBody } from '../validate-body.ts';
import { withScores, writeAnswer } from './administration-view.ts';

const CASE_ID: ParameterDoc = { name: 'caseId', in: 'path', required: true, description: 'Case id.', schema: { type: 'string' } };
const ID: ParameterDoc = { name: 'id', in: 'path', required: true, description: 'Administration id.', schema: { type: 'string' } };

type AdministrationBody = Omit<AdministrationInput, 'notes' | 'livingSituation'> & { notes?: string | null; livingSituation?: LivingSituation | null };
type AmendmentBody = Omit<AmendmentInput, 'notes'> & { notes?: string | null };

/** Administrations: recording (scored on the way in), reading with history, amending, voiding. */
export const administrationRoutes: RouteModule = {
  operations: [
    {
      method: 'post', path: '/api/v1/cases/{caseId}/administrations', operationId: 'recordAdministration', tag: 'administrations', action: 'case.write',
      parameters: [CASE_ID, IDEMPOTENCY_KEY_PARAMETER], requestBody: 'AdministrationCreate',
      summary: 'Record an administration of a published grid version (operator of the case\'s team); answers with the header and the computed scores and bands (`Location` gives the stored revision).',
      responses: {
        '201': { description: 'Recorded and scored (or, under a used `Idempotency-Key`, the first answer again).', schema: 'Administration', headers: { Location: 'The stored administration.', 'Idempotent-Replayed': '`true` when an earlier request under the same key wrote it.' } },
        '409': { description: 'The grid version is retired, or the same request under this `Idempotency-Key` is still being recorded (retry).', schema: 'Problem', contentType: 'application/problem+json' },
        '422': { description: 'The responses do not fit the grid version, or the `Idempotency-Key` was used for another request.', schema: 'Problem', contentType: 'application/problem+json' },
      },
    },
    {
      method: 'get', path: '/api/v1/administrations/{id}', operationId: 'getAdministration', tag: 'administrations', action: 'case.read', parameters: [ID],
      summary: 'One administration with every revision.',
      responses: { '200': { description: 'The administration and its history.', schema: 'Administration' } },
    },
    {
      method: 'post', path: '/api/v1/administrations/{id}/amendments', operationId: 'amendAdministration', tag: 'administrations', action: 'case.write',
      parameters: [ID, IDEMPOTENCY_KEY_PARAMETER], requestBody: 'AmendmentCreate',
      summary: 'A new revision with new responses and a reason, re-scored; a draft may become submitted.',
      responses: {
        '201': { description: 'The administration at its new revision (or, under a used `Idempotency-Key`, the first answer again).', schema: 'Administration', headers: { Location: 'The stored administration.', 'Idempotent-Replayed': '`true` when an earlier request under the same key wrote it.' } },
        '409': { description: 'The administration is void, a submitted one would go back to draft, or the same request under this `Idempotency-Key` is still being recorded (retry).', schema: 'Problem', contentType: 'application/problem+json' },
        '422': { description: 'The responses do not fit the grid version, or the `Idempotency-Key` was used for another request.', schema: 'Problem', contentType: 'application/problem+json' },
      },
    },
    {
      method: 'post', path: '/api/v1/administrations/{id}/void', operationId: 'voidAdministration', tag: 'administrations', action: 'case.write',
      parameters: [ID, IDEMPOTENCY_KEY_PARAMETER], requestBody: 'VoidRequest',
      summary: 'Void an administration: a last revision with status `void` and a reason; the record and its history stay.',
      responses: {
        '200': { description: 'Voided (or, under a used `Idempotency-Key`, the first answer again).', schema: 'Administration', headers: { 'Idempotent-Replayed': '`true` when an earlier request under the same key wrote it.' } },
        '409': { description: 'Already void, or the same request under this `Idempotency-Key` is still being recorded (retry).', schema: 'Problem', contentType: 'application/problem+json' },
        '422': { description: 'The `Idempotency-Key` was used for another request.', schema: 'Problem', contentType: 'application/problem+json' },
      },
    },
  ],

  mount(app, deps) {
    app.post('/api/v1/cases/:caseId/administrations', async (c) => {
      const principal = c.get('principal');
      const record = await caseInScope(deps.repo, principal, 'case.write', c.req.param('caseId'));
      const key = idempotencyKeyOf(c);
      const body = await readBody<AdministrationBody>(c, deps.validators, 'AdministrationCreate');
      const actor = actorOf(principal);
      const input = { ...body, notes: body.notes ?? null, livingSituation: body.livingSituation ?? null };
      const { administration, replayed } = await writeOnce(deps.repo, actor, key, { operation: 'record', target: record.id, body }, (idempotency) =>
        recordAdministration(deps, record, input, actor, idempotency),
      );
      c.header('location', `/api/v1/administrations/${administration.id}`);
      if (replayed) c.header(REPLAYED_HEADER, 'true');
      return c.json(writeAnswer(administration), 201);
    });

    app.get('/api/v1/administrations/:id', async (c) => {
      const principal = c.get('principal');
      const { administration, record } = await administrationInScope(deps.repo, principal, 'case.read', c.req.param('id'));
      await deps.repo.audit({ action: 'case.read', records: [record.id, administration.id] }, actorOf(principal));
      return c.json(withScores(administration));
    });

    app.post('/api/v1/administrations/:id/amendments', async (c) => {
      const principal = c.get('principal');
      const { administration } = await administrationInScope(deps.repo, principal, 'case.write', c.req.param('id'));
      const key = idempotencyKeyOf(c);
      const body = await readBody<AmendmentBody>(c, deps.validators, 'AmendmentCreate');
      const input: AmendmentInput = { responses: body.responses, reason: body.reason };
      if (body.status !== undefined) input.status = body.status;
      if (body.notes !== undefined) input.notes = body.notes;
      const actor = actorOf(principal);
      const amended = await writeOnce(deps.repo, actor, key, { operation: 'amend', target: administration.id, body }, (idempotency) =>
        amendAdministration(deps, administration, input, actor, idempotency),
      );
      c.header('location', `/api/v1/administrations/${amended.administration.id}`);
      if (amended.replayed) c.header(REPLAYED_HEADER, 'true');
      return c.json(writeAnswer(amended.administration), 201);
    });

    app.post('/api/v1/administrations/:id/void', async (c) => {
      const principal = c.get('principal');
      const { administration } = await administrationInScope(deps.repo, principal, 'case.write', c.req.param('id'));
      const key = idempotencyKeyOf(c);
      const body = await readBody<{ reason: string }>(c, deps.validators, 'VoidRequest');
      const actor = actorOf(principal);
      const voided = await writeOnce(deps.repo, actor, key, { operation: 'void', target: administration.id, body }, (idempotency) =>
        voidAdministration(deps, administration, body.reason, actor, idempotency),
      );
      if (voided.replayed) c.header(REPLAYED_HEADER, 'true');
      return c.json(writeAnswer(voided.administration));
    });
  },
};
