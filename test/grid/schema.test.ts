import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

type Node = Record<string, unknown>;
const schema = JSON.parse(readFileSync(new URL('../../schema/grid.schema.json', import.meta.url), 'utf8')) as Node;

/** Every subschema of the meta-schema with its location. */
function subschemas(node: unknown, path = '#'): { node: Node; path: string }[] {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return [];
  const out = [{ node: node as Node, path }];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' || key === '$defs' || key === 'patternProperties') {
      for (const [name, child] of Object.entries(value as Node)) out.push(...subschemas(child, `${path}/${key}/${name}`));
    } else if (key === 'oneOf' || key === 'anyOf' || key === 'allOf') {
      (value as unknown[]).forEach((child, i) => out.push(...subschemas(child, `${path}/${key}/${i}`)));
    } else if (['items', 'additionalProperties', 'propertyNames', 'contains'].includes(key)) {
      out.push(...subschemas(value, `${path}/${key}`));
    }
  }
  return out;
}

describe('the grid meta-schema', () => {
  const all = subschemas(schema);

  it('is JSON Schema 2020-12', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it('describes every property, for editors', () => {
    const undocumented = all
      .filter(({ path }) => /\/properties\/[^/]+$/.test(path) || /\/patternProperties\/[^/]+$/.test(path))
      .filter(({ node }) => typeof node.description !== 'string' || node.description === '')
      .map(({ path }) => path);
    expect(undocumented).toEqual([]);
  });

  it('closes every object to unknown properties', () => {
    const open = all.filter(({ node }) => node.properties !== undefined && node.additionalProperties !== false).map(({ path }) => path);
    expect(open).toEqual([]);
  });

  it('uses the agreed id patterns', () => {
    const defs = schema.$defs as Record<string, Node>;
    expect(defs.GridId?.pattern).toBe('^[a-z][a-z0-9]*(-[a-z0-9]+)*$');
    expect(defs.LocalId?.pattern).toBe('^[a-z][a-z0-9_]*$');
    expect(defs.OccasionId?.pattern).toBe('^[A-Z][A-Z0-9_]*$');
    expect(defs.MissingCodeId?.pattern).toBe('^[A-Z][A-Z0-9_]*$');
    expect(defs.Version?.pattern).toBe('^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)$');
    expect(Object.keys(defs.I18nText?.patternProperties as Node)).toEqual(['^[a-z]{2,3}(-[A-Z]{2})?$']);
  });
});
