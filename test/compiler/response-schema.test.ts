import { describe, expect, it } from 'vitest';
import { compileGrid } from '../../src/compiler/index.ts';
import { facetedItem, gridOf, item, sampleGrid, score } from './fixtures.ts';

const compiled = compileGrid(sampleGrid());
const complete = { alimentazione: 4, cura_di_base: { current: 3, potential: 'NK' }, frequenza: 2 };

function issuesOf(responses: unknown, status: 'draft' | 'submitted') {
  const check = compiled.checkResponses(responses, status);
  return check.ok ? [] : check.issues.map(({ code, path }) => ({ code, path }));
}

describe('response schema', () => {
  it('is JSON Schema 2020-12 with no additional properties and Italian titles', () => {
    const schema = compiled.responseSchema as Record<string, Record<string, unknown>>;
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties!.alimentazione).toMatchObject({ title: 'Indicatore alimentazione', description: 'Pasti regolari', enum: [1, 2, 3, 4, 5, 6, 'NA', 'NK'] });
    expect(schema.properties!.cura_di_base).toMatchObject({ type: 'object', additionalProperties: false, properties: { current: { title: 'Attuale' } } });
  });

  it('accepts valid responses, values and missing codes alike', () => {
    expect(compiled.checkResponses(complete, 'submitted')).toStrictEqual({ ok: true });
    expect(compiled.checkResponses({ ...complete, trascuratezza: 'NA', igiene: 6 }, 'submitted')).toStrictEqual({ ok: true });
  });

  it('rejects unknown items and facets', () => {
    expect(issuesOf({ ...complete, sconosciuto: 3 }, 'draft')).toStrictEqual([{ code: 'unknown_item', path: '/sconosciuto' }]);
    expect(issuesOf({ cura_di_base: { current: 3, futuro: 2 } }, 'draft')).toStrictEqual([{ code: 'unknown_facet', path: '/cura_di_base/futuro' }]);
  });

  it('escapes item names in pointers', () => {
    expect(issuesOf({ 'a/b~c': 1 }, 'draft')).toStrictEqual([{ code: 'unknown_item', path: '/a~1b~0c' }]);
  });

  it('rejects values outside the scale and unknown missing codes', () => {
    expect(issuesOf({ alimentazione: 7 }, 'draft')).toStrictEqual([{ code: 'value_out_of_scale', path: '/alimentazione' }]);
    expect(issuesOf({ alimentazione: 'XX' }, 'draft')).toStrictEqual([{ code: 'value_out_of_scale', path: '/alimentazione' }]);
    expect(issuesOf({ cura_di_base: { current: 0 } }, 'draft')).toStrictEqual([{ code: 'value_out_of_scale', path: '/cura_di_base/current' }]);
  });

  it('rejects wrong types', () => {
    expect(issuesOf({ alimentazione: true }, 'draft')).toStrictEqual([{ code: 'wrong_type', path: '/alimentazione' }]);
    expect(issuesOf({ alimentazione: { current: 3 } }, 'draft')).toStrictEqual([{ code: 'wrong_type', path: '/alimentazione' }]);
    expect(issuesOf({ cura_di_base: 3 }, 'draft')).toStrictEqual([{ code: 'wrong_type', path: '/cura_di_base' }]);
    expect(issuesOf([], 'draft')).toStrictEqual([{ code: 'wrong_type', path: '' }]);
    expect(issuesOf(null, 'draft')).toStrictEqual([{ code: 'wrong_type', path: '' }]);
  });

  it('requires the required items, with all their facets, only when submitted', () => {
    expect(issuesOf({}, 'draft')).toStrictEqual([]);
    expect(issuesOf({}, 'submitted')).toStrictEqual([
      { code: 'required_item_missing', path: '/alimentazione' },
      { code: 'required_item_missing', path: '/cura_di_base' },
    ]);
    expect(issuesOf({ alimentazione: 'NA', cura_di_base: { current: 3 } }, 'submitted')).toStrictEqual([
      { code: 'required_item_missing', path: '/cura_di_base/potential' },
    ]);
    expect(issuesOf({ cura_di_base: { current: 3 } }, 'draft')).toStrictEqual([]);
  });

  it('requires a conditional required item only when its condition holds', () => {
    // `compiti` is required when `frequenza` is 4, 5 or 6.
    expect(issuesOf({ ...complete, frequenza: 5 }, 'submitted')).toStrictEqual([{ code: 'required_item_missing', path: '/compiti' }]);
    expect(issuesOf({ ...complete, frequenza: 5, compiti: 'NA' }, 'submitted')).toStrictEqual([]);
    expect(issuesOf({ ...complete, frequenza: 'NA' }, 'submitted')).toStrictEqual([]);
    expect(issuesOf({ ...complete, frequenza: 5 }, 'draft')).toStrictEqual([]);
  });

  it('follows a chain of conditions and faceted gates', () => {
    const grid = gridOf(
      [facetedItem('f'), item('x', { when: { item: 'f', facet: 'current', in: [1] } }), item('y', { required: true, when: { item: 'x', in: [2] } })],
      [score('s', 'sum', [{ item: 'y' }])],
    );
    const c = compileGrid(grid);
    expect(c.checkResponses({ f: { current: 1 }, x: 2 }, 'submitted')).toMatchObject({ ok: false, issues: [{ code: 'required_item_missing', path: '/y' }] });
    expect(c.checkResponses({ f: { current: 3 }, x: 2 }, 'submitted')).toStrictEqual({ ok: true });
  });

  it('never echoes the submitted value in a message', () => {
    const secret = 'Mario Rossi via Roma 1';
    const check = compiled.checkResponses({ alimentazione: secret, [secret]: secret, cura_di_base: { current: secret } }, 'submitted');
    expect(check.ok).toBe(false);
    if (!check.ok) for (const issue of check.issues) expect(issue.message).not.toContain('Mario');
  });
});
