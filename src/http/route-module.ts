import type { Hono } from 'hono';
import type { Action } from '../service/index.ts';
import type { AppDeps, AppEnv } from './context.ts';
import type { RequestSchemaName, ResponseSchemaName } from './schemas.ts';
import type { BodyValidators } from './validate-body.ts';

/** What a route module's handlers are given. */
export interface RouteDeps extends AppDeps {
  validators: BodyValidators;
}

export interface ParameterDoc {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  description: string;
  schema?: Record<string, unknown>;
}

export interface ResponseDoc {
  description: string;
  /** A named response schema, or an inline one; absent for bodies that are not JSON. */
  schema?: ResponseSchemaName | RequestSchemaName | Record<string, unknown>;
  contentType?: string;
  headers?: Record<string, string>;
}

/** One operation, documented where it is implemented; the OpenAPI document is built from these. */
export interface OperationDoc {
  method: 'get' | 'post';
  /** Full OpenAPI path, e.g. `/api/v1/cases/{caseId}`. */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  /** The policy action checked (absent: no authentication, or any authenticated role). */
  action?: Action;
  /** Served without a token. */
  public?: boolean;
  parameters?: ParameterDoc[];
  requestBody?: RequestSchemaName;
  responses: Record<string, ResponseDoc>;
}

/**
 * One resource of the API: its operations' documentation and the handlers that serve them. The
 * app mounts every module; adding a resource is one file and one line in `routes/index.ts`.
 */
export interface RouteModule {
  operations: OperationDoc[];
  mount(app: Hono<AppEnv>, deps: RouteDeps): void;
}
