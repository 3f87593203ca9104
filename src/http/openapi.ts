import { ACCESS_POLICY } from '../service/index.ts';
import type { Role } from '../storage/repository.ts';
import type { OperationDoc, ResponseDoc } from './route-module.ts';
import { REQUEST_SCHEMAS, RESPONSE_SCHEMAS } from './schemas.ts';

const PROBLEM = 'application/problem+json';

/** Responses every authenticated operation may give, beside the ones it declares. */
const COMMON_RESPONSES: Record<string, ResponseDoc> = {
  '400': { description: 'The request is not valid (malformed JSON, wrong fields, a token in the URL).', schema: 'Problem', contentType: PROBLEM },
  '401': { description: 'No valid bearer token.', schema: 'Problem', contentType: PROBLEM, headers: { 'WWW-Authenticate': 'Bearer' } },
  '403': { description: 'The role may not do this.', schema: 'Problem', contentType: PROBLEM },
  '404': { description: 'No such resource, or not in the caller\'s scope.', schema: 'Problem', contentType: PROBLEM },
  '429': { description: 'Too many failed authentications from this address.', schema: 'Problem', contentType: PROBLEM, headers: { 'Retry-After': 'Seconds to wait.' } },
  '503': { description: 'The database is busy; retry.', schema: 'Problem', contentType: PROBLEM, headers: { 'Retry-After': 'Seconds to wait.' } },
};

const BODY_RESPONSES: Record<string, ResponseDoc> = {
  '413': { description: 'The body is larger than 1 MB.', schema: 'Problem', contentType: PROBLEM },
  '415': { description: 'The body is not application/json.', schema: 'Problem', contentType: PROBLEM },
};

/**
 * Builds the OpenAPI 3.1 document from the operations the route modules declare and the schemas
 * of `schemas.ts` (the ones ajv validates bodies with). Each published grid version's response
 * schema is added as `Responses-<grid>-<version>`.
 */
export function buildOpenApi(
  operations: readonly OperationDoc[],
  options: { version: string; responseSchemas?: Record<string, object> },
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const item = (paths[op.path] ??= {});
    item[op.method] = operationObject(op);
  }
  const gridSchemas: Record<string, object> = {};
  for (const [key, schema] of Object.entries(options.responseSchemas ?? {})) {
    gridSchemas[`Responses-${key.replace(/[^A-Za-z0-9._-]/g, '-')}`] = { ...schema, $id: `urn:griglie:responses:${key}` };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'griglie recording service',
      version: options.version,
      description:
        'Indicator grids for child-welfare services: grid versions, cases, administrations scored on the way in. ' +
        'Errors are RFC 9457 problem details (`application/problem+json`) with the JSON Pointer of each invalid field.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: '/' }],
    tags: [...new Set(operations.map((op) => op.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: '`Authorization: Bearer <token>`; never in a URL.' } },
      schemas: { ...REQUEST_SCHEMAS, ...RESPONSE_SCHEMAS, ...gridSchemas },
    },
    security: [{ bearer: [] }],
  };
}

function operationObject(op: OperationDoc): Record<string, unknown> {
  const responses: Record<string, unknown> = {};
  const declared = { ...op.responses, ...(op.public ? {} : COMMON_RESPONSES), ...(op.requestBody ? BODY_RESPONSES : {}) };
  for (const [status, response] of Object.entries({ ...declared, ...op.responses })) responses[status] = responseObject(response);
  const out: Record<string, unknown> = {
    operationId: op.operationId,
    summary: op.summary,
    description: op.action ? `Roles: ${rolesFor(op)}.` : 'No authentication.',
    tags: [op.tag],
    security: op.public ? [] : [{ bearer: [] }],
    responses,
  };
  if (op.parameters && op.parameters.length > 0) {
    out['parameters'] = op.parameters.map((p) => ({
      name: p.name,
      in: p.in,
      required: p.in === 'path' ? true : (p.required ?? false),
      description: p.description,
      schema: p.schema ?? { type: 'string' },
    }));
  }
  if (op.requestBody) {
    out['requestBody'] = { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${op.requestBody}` } } } };
  }
  return out;
}

function responseObject(response: ResponseDoc): Record<string, unknown> {
  const out: Record<string, unknown> = { description: response.description };
  if (response.schema !== undefined) {
    const schema = typeof response.schema === 'string' ? { $ref: `#/components/schemas/${response.schema}` } : response.schema;
    out['content'] = { [response.contentType ?? 'application/json']: { schema } };
  }
  if (response.headers) {
    out['headers'] = Object.fromEntries(Object.entries(response.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }]));
  }
  return out;
}

/** The roles the access policy lets attempt an operation, in words. */
function rolesFor(op: OperationDoc): string {
  if (!op.action) return 'any';
  const reach = ACCESS_POLICY[op.action];
  const roles = (Object.keys(reach) as Role[]).filter((r) => reach[r] !== 'none').map((r) => `${r} (${reach[r]})`);
  return roles.length > 0 ? roles.join(', ') : 'none';
}
