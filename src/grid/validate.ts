import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import gridMetaSchema from '../../schema/grid.schema.json' with { type: 'json' };
import type { Grid } from './types.ts';
import type { Issue } from '../errors.ts';
import { gridRules } from './rules/index.ts';
import { schemaIssues } from './schema-issues.ts';

/** The outcome of checking a grid document: the typed grid, or every issue found. */
export type GridCheck = { ok: true; grid: Grid } | { ok: false; issues: Issue[] };

let metaValidator: ValidateFunction | undefined;

/** The compiled meta-schema. Built on first use and reused: compiling costs far more than validating. */
function compiledMetaSchema(): ValidateFunction {
  metaValidator ??= new Ajv2020({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true, allowMatchingProperties: true }).compile(gridMetaSchema);
  return metaValidator;
}

/**
 * Check a grid document: first against the meta-schema (`schema/grid.schema.json`), then, only
 * when its shape is right, against every semantic rule (`gridRules`). The input is never mutated.
 *
 * @example
 * const check = validateGrid(JSON.parse(text));
 * if (!check.ok) for (const issue of check.issues) console.error(`${issue.path}: ${issue.message}`);
 */
export function validateGrid(doc: unknown): GridCheck {
  const validate = compiledMetaSchema();
  if (!validate(doc)) return { ok: false, issues: schemaIssues(validate.errors ?? [], doc) };
  const grid = doc as Grid;
  const issues = gridRules.flatMap((rule) => rule.check(grid));
  return issues.length > 0 ? { ok: false, issues } : { ok: true, grid };
}
