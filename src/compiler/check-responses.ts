import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import type { Issue } from '../errors.ts';
import { escapePointerToken } from '../errors.ts';
import type { JsonSchema, ResponseStatus } from './emit-response-schema.ts';
import type { ResponsesCheck } from './types.ts';

/** Issue codes of a response check. */
export type ResponseIssueCode = 'unknown_item' | 'unknown_facet' | 'value_out_of_scale' | 'required_item_missing' | 'wrong_type';

/**
 * Build `checkResponses` for the two response schemas of one grid. Each schema is compiled by its
 * own ajv instance on first use, then reused: one compilation per CompiledGrid and status.
 */
export function createResponseChecker(schemas: Record<ResponseStatus, JsonSchema>): (responses: unknown, status: ResponseStatus) => ResponsesCheck {
  const compiled: Partial<Record<ResponseStatus, ValidateFunction>> = {};
  const validatorFor = (status: ResponseStatus): ValidateFunction => {
    const known = compiled[status];
    if (known !== undefined) return known;
    const ajv = new Ajv2020({ allErrors: true, allowUnionTypes: true, strict: true, strictRequired: false, strictTypes: false });
    const validate = ajv.compile(schemas[status]);
    compiled[status] = validate;
    return validate;
  };
  return (responses, status) => {
    const validate = validatorFor(status);
    if (validate(responses)) return { ok: true };
    return { ok: false, issues: issuesOf(validate.errors ?? []) };
  };
}

/** Translate ajv errors into issues; messages describe the rule and never repeat the value. */
function issuesOf(errors: ErrorObject[]): Issue[] {
  const wrongType = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  const issues: Issue[] = [];
  const seen = new Set<string>();
  const add = (issue: Issue): void => {
    const key = `${issue.code} ${issue.path}`;
    if (seen.has(key)) return;
    seen.add(key);
    issues.push(issue);
  };
  for (const error of errors) {
    const at = error.instancePath;
    const depth = at === '' ? 0 : at.split('/').length - 1;
    switch (error.keyword) {
      case 'additionalProperties': {
        const name = String((error.params as { additionalProperty: string }).additionalProperty);
        const path = `${at}/${escapePointerToken(name)}`;
        if (depth === 0) add({ code: 'unknown_item', path, message: 'This grid version has no item with this id.' });
        else add({ code: 'unknown_facet', path, message: 'This item has no facet with this id.' });
        break;
      }
      case 'required': {
        const name = String((error.params as { missingProperty: string }).missingProperty);
        add({ code: 'required_item_missing', path: `${at}/${escapePointerToken(name)}`, message: 'This item is required in a submitted administration.' });
        break;
      }
      case 'type':
        add({ code: 'wrong_type', path: at, message: depth === 0 ? 'Responses must be an object keyed by item id.' : 'This answer has the wrong type for the item.' });
        break;
      case 'enum':
        if (!wrongType.has(at)) add({ code: 'value_out_of_scale', path: at, message: 'This answer is neither a value of the scale nor one of its missing codes.' });
        break;
      default:
        // `if` and `allOf` only echo the failure of their subschemas, reported above.
        break;
    }
  }
  return issues;
}
