import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Context } from 'hono';
import { RequestInvalidError, escapePointerToken } from '../errors.ts';
import type { Issue } from '../errors.ts';
import { readJsonBody } from './json-body.ts';
import { REQUEST_SCHEMAS, RESPONSE_SCHEMAS } from './schemas.ts';
import type { RequestSchemaName } from './schemas.ts';

// ajv-formats is CommonJS; under NodeNext its plugin is the module's `default` property.
const addFormats = addFormatsModule.default;

/** Validators of the request schemas, compiled once per app. */
export type BodyValidators = Record<RequestSchemaName, ValidateFunction>;

/** Compiles every request schema (with `$ref`s resolving into the shared components). */
export function compileBodyValidators(): BodyValidators {
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv, ['date', 'date-time']);
  ajv.addKeyword('components'); // The shared schemas sit where the OpenAPI document keeps them.
  ajv.addSchema({ $id: 'griglie:components', components: { schemas: { ...REQUEST_SCHEMAS, ...RESPONSE_SCHEMAS } } });
  const out = {} as BodyValidators;
  for (const name of Object.keys(REQUEST_SCHEMAS) as RequestSchemaName[]) {
    out[name] = ajv.compile({ $ref: `griglie:components#/components/schemas/${name}` });
  }
  return out;
}

/**
 * Reads the body as JSON (see readJsonBody) and validates it against a request schema; throws
 * `request_invalid` with one issue per invalid field.
 */
export async function readBody<T>(c: Context, validators: BodyValidators, name: RequestSchemaName): Promise<T> {
  const body = await readJsonBody(c);
  const validate = validators[name];
  if (!validate(body)) {
    throw new RequestInvalidError('The body does not match the expected shape.', ajvIssues(validate.errors ?? []));
  }
  return body as T;
}

const KEYWORD_CODES: Record<string, string> = {
  required: 'required',
  additionalProperties: 'unknown_field',
  type: 'wrong_type',
  enum: 'not_allowed',
  format: 'invalid_format',
  pattern: 'invalid_format',
  minLength: 'too_short',
  maxLength: 'too_long',
  minimum: 'out_of_range',
  maximum: 'out_of_range',
};

/** ajv errors as issues: the pointer names the field (the missing or unknown one itself). */
export function ajvIssues(errors: readonly ErrorObject[]): Issue[] {
  const seen = new Set<string>();
  const issues: Issue[] = [];
  for (const error of errors) {
    if (error.keyword === 'anyOf' || error.keyword === 'if') continue; // Its branches already reported.
    let path = error.instancePath;
    const params = error.params as { missingProperty?: string; additionalProperty?: string };
    if (error.keyword === 'required' && params.missingProperty !== undefined) path += `/${escapePointerToken(params.missingProperty)}`;
    if (error.keyword === 'additionalProperties' && params.additionalProperty !== undefined) {
      path += `/${escapePointerToken(params.additionalProperty)}`;
    }
    const code = KEYWORD_CODES[error.keyword] ?? `schema_${error.keyword}`;
    const key = `${code} ${path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({ code, path, message: messageOf(error) });
  }
  return issues;
}

/** ajv's message, which names the rule (never the submitted value: `verbose` is off). */
function messageOf(error: ErrorObject): string {
  if (error.keyword === 'additionalProperties') return 'This field is not accepted here.';
  return error.message ?? 'Not valid.';
}
