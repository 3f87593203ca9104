import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { compileGrid } from '../../src/compiler/index.ts';
import type { CompiledGrid } from '../../src/compiler/index.ts';
import { GridInvalidError } from '../../src/errors.ts';
import type { Grid } from '../../src/grid/index.ts';
import { validateGrid } from '../../src/grid/index.ts';
import { deepFreeze, gridOf, item, sampleGrid, score } from './fixtures.ts';

function compileError(grid: Grid): GridInvalidError {
  try {
    compileGrid(grid);
  } catch (error) {
    if (error instanceof GridInvalidError) return error;
    throw error;
  }
  throw new Error('compileGrid accepted the grid');
}

const withExample = (expect: Grid['examples'] & object): Grid => ({ ...sampleGrid(), examples: expect });

describe('worked examples', () => {
  const responses = { alimentazione: 2, trascuratezza: 5, igiene: 'NA' as const, cura_di_base: { current: 3, potential: 4 }, frequenza: 2 };

  it('compiles when every expectation holds (numbers within 1e-9 relative)', () => {
    // media_cura = (2 + 2) / 2 = 2 -> basso; potenziale = (4 + 2) x 2 / 2 = 6 (compiti inactive); globale = (2x2 + 6) / 3
    const grid = withExample([{ name: 'ok', responses, expect: { scores: { media_cura: 2, potenziale: 6, globale: 3.3 + 1e-12 }, bands: { media_cura: 'basso' } } }]);
    expect(compileGrid(grid).score(responses).scores.globale).toBe(3.3);
  });

  it('refuses a wrong score with example_mismatch at the expectation', () => {
    const error = compileError(withExample([
      { name: 'ok', responses, expect: { scores: { media_cura: 2 } } },
      { name: 'sbagliato', responses, expect: { scores: { media_cura: 2, potenziale: 7 }, bands: { media_cura: 'alto' } } },
    ]));
    expect(error.code).toBe('grid_invalid');
    expect(error.issues.map(({ code, path }) => ({ code, path }))).toStrictEqual([
      { code: 'example_mismatch', path: '/examples/1/expect/scores/potenziale' },
      { code: 'example_mismatch', path: '/examples/1/expect/bands/media_cura' },
    ]);
  });

  it('refuses an expected null that is not null, and the reverse', () => {
    const error = compileError(withExample([{ name: 'null', responses: {}, expect: { scores: { media_cura: 0, globale: null } } }]));
    expect(error.issues.map((issue) => issue.path)).toStrictEqual(['/examples/0/expect/scores/media_cura']);
  });

  it('refuses an example whose responses fail the draft schema, pointing into them', () => {
    const error = compileError(withExample([{ name: 'fuori scala', responses: { cura_di_base: { current: 9 } }, expect: { scores: {} } }]));
    expect(error.issues.map(({ code, path }) => ({ code, path }))).toStrictEqual([
      { code: 'example_invalid', path: '/examples/0/responses/cura_di_base/current' },
    ]);
  });
});

async function artifacts(compiled: CompiledGrid): Promise<string> {
  return JSON.stringify({
    sha256: compiled.sha256,
    ruleHashes: compiled.ruleHashes,
    responseSchema: compiled.responseSchema,
    draft: compiled.draftResponseSchema,
    scorer: compiled.scorerSource,
    formIt: compiled.form('it'),
    formEn: compiled.form('en'),
    codebook: compiled.codebook,
    csv: compiled.codebookCsv,
    types: await compiled.types(),
  });
}

describe('determinism and purity', () => {
  it('gives identical bytes for every artifact on two compilations', async () => {
    expect(await artifacts(compileGrid(sampleGrid()))).toBe(await artifacts(compileGrid(sampleGrid())));
  });

  it('does not mutate its input (deep-frozen grid)', async () => {
    const grid = deepFreeze(sampleGrid());
    const before = JSON.stringify(grid);
    const compiled = compileGrid(grid);
    await artifacts(compiled);
    compiled.score({ alimentazione: 3 });
    expect(JSON.stringify(grid)).toBe(before);
  });

  it('hashes the canonical JSON: key order does not matter', () => {
    const grid = sampleGrid();
    const reordered = Object.fromEntries(Object.entries(grid).reverse()) as unknown as Grid;
    expect(compileGrid(reordered).sha256).toBe(compileGrid(grid).sha256);
    expect(compileGrid(grid).sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('rule hashes', () => {
  const base = compileGrid(sampleGrid()).ruleHashes;

  it('keep their value when only labels change', () => {
    const grid = sampleGrid();
    grid.title = { it: 'Altro titolo' };
    grid.scores[0]!.label = { it: 'Nuova etichetta' };
    grid.sections[0]!.items![0]!.label = { it: 'Nuova voce' };
    grid.scores[0]!.bands![0]!.label = { it: 'Nuova fascia' };
    expect(compileGrid(grid).ruleHashes).toStrictEqual(base);
  });

  it('change when the scoring changes, and propagate to the scores that use them', () => {
    const grid = sampleGrid();
    grid.sections[0]!.items![0]!.reverse = true;
    const changed = compileGrid(grid).ruleHashes;
    expect(changed.media_cura).not.toBe(base.media_cura);
    expect(changed.potenziale).toBe(base.potenziale);
    expect(changed.globale).not.toBe(base.globale);

    const rounded = sampleGrid();
    rounded.scores[1]!.round = 1;
    expect(compileGrid(rounded).ruleHashes.potenziale).not.toBe(base.potenziale);
  });

  it('ignore an item weight in a mean but not in a weighted mean', () => {
    const grid = sampleGrid();
    grid.sections[0]!.items![2]!.weight = 7;
    expect(compileGrid(grid).ruleHashes.media_cura).toBe(base.media_cura);
    const weighted = sampleGrid();
    weighted.scores[2]!.inputs[0] = { score: 'media_cura', weight: 3 };
    expect(compileGrid(weighted).ruleHashes.globale).not.toBe(base.globale);
  });
});

describe('form model', () => {
  const compiled = compileGrid(sampleGrid());

  it('nests sections with their items first, in the requested language with Italian fallback', () => {
    const form = compiled.form('en');
    expect(form.title).toBe('Test grid');
    const relazioni = form.sections[1]!;
    expect(relazioni.children.map((child) => `${child.kind}:${child.id}`)).toStrictEqual(['item:cura_di_base', 'section:scuola']);
    const scuola = relazioni.children[1]!;
    expect(scuola.kind === 'section' && scuola.label).toBe('Scuola');
    expect(scuola.kind === 'section' && scuola.informants).toStrictEqual(['educator']);
    const compiti = scuola.kind === 'section' ? scuola.children[1] : undefined;
    expect(compiti).toMatchObject({ kind: 'item', id: 'compiti', required: true, when: { item: 'frequenza', in: [4, 5, 6] } });
  });

  it('lists facets with options and missing codes, and guidance', () => {
    const form = compiled.form('it');
    const first = form.sections[0]!.children[0]!;
    expect(first).toMatchObject({ id: 'alimentazione', guidance: 'Pasti regolari', facets: [{ id: 'value', label: 'Indicatore alimentazione' }] });
    const facets = first.kind === 'item' ? first.facets : [];
    expect(facets[0]!.options.map((option) => option.value)).toStrictEqual([1, 2, 3, 4, 5, 6]);
    expect(facets[0]!.missing).toStrictEqual([{ code: 'NA', label: 'Non applicabile' }, { code: 'NK', label: 'Non noto' }]);
    expect(form.sections[0]!.informants).toStrictEqual(['social_worker', 'educator']);
  });
});

describe('codebook', () => {
  const compiled = compileGrid(sampleGrid());

  it('exports every item facet, score and band as a variable', () => {
    expect(compiled.codebook.variables.map((variable) => variable.name)).toStrictEqual([
      'alimentazione', 'trascuratezza', 'igiene', 'cura_di_base.current', 'cura_di_base.potential', 'frequenza', 'compiti',
      'score.media_cura', 'band.media_cura', 'score.potenziale', 'score.globale',
    ]);
    const facet = compiled.codebook.variables[3]!;
    expect(facet).toMatchObject({ kind: 'item', type: 'integer', label: { it: 'Indicatore cura_di_base: Attuale', en: 'Indicator cura_di_base: Current' }, section: 'relazioni' });
    expect(facet.missingCodes?.map((code) => code.code)).toStrictEqual(['NA', 'NK']);
    expect(compiled.codebook.variables[8]!.values).toStrictEqual([
      { value: 'basso', label: { it: 'Basso', en: 'Low' } },
      { value: 'alto', label: { it: 'Alto', en: 'High' } },
    ]);
  });

  it('states the rule in words', () => {
    const rule = compiled.codebook.variables.find((variable) => variable.name === 'score.media_cura')!.rule;
    expect(rule).toBe('mean of 3 items (reversed: trascuratezza); inputs: alimentazione, trascuratezza, igiene; null when fewer than 2 are answered; rounded to 2 decimals, half away from zero');
  });

  it('states a proportion, prorating and conditional inputs in words', () => {
    const rule = compiled.codebook.variables.find((variable) => variable.name === 'score.potenziale')!.rule!;
    expect(rule).toContain('sum of 3 items, prorated');
    expect(rule).toContain('items hidden by their condition are left out');
    expect(rule).toContain('fewer than 50% of the eligible inputs');
    const over = compiled.codebook.variables.find((variable) => variable.name === 'score.globale')!.rule!;
    expect(over).toContain('weighted mean of 2 scores (weights: score.media_cura 2, score.potenziale 1)');
  });

  it('writes RFC 4180 CSV with a label column per language', () => {
    const lines = compiled.codebookCsv.split('\r\n');
    expect(lines[0]).toBe('name,kind,type,label_it,label_en,values,missing_codes,rule,section,reverse,direction');
    expect(lines.at(-1)).toBe('');
    expect(lines).toHaveLength(compiled.codebook.variables.length + 2);
    const quoted = compileGrid(gridOf([item('a', { label: { it: 'Dice "sì", poi\nno' } })], [score('s', 'sum', [{ item: 'a' }])])).codebookCsv;
    expect(quoted.split('\r\n')[1]).toBe('a,item,integer,"Dice ""sì"", poi\nno",,1=Livello 1; 2=Livello 2; 3=Livello 3; 4=Livello 4; 5=Livello 5; 6=Livello 6,NA=Non applicabile; NK=Non noto,,principale,false,');
  });
});

describe('generated scorer module and types', () => {
  it('exports score(responses) as an ES module giving the same output', async () => {
    const compiled = compileGrid(sampleGrid());
    const dir = mkdtempSync(join(tmpdir(), 'griglie-scorer-'));
    const file = join(dir, 'scorer.mjs');
    writeFileSync(file, compiled.scorerSource);
    const module = (await import(file)) as { score: CompiledGrid['score'] };
    const responses = { alimentazione: 5, trascuratezza: 1, cura_di_base: { potential: 6 }, frequenza: 4, compiti: 3 };
    expect(module.score(responses)).toStrictEqual(compiled.score(responses));
  });

  it('generates declarations that compile under strict tsc', async () => {
    const compiled = compileGrid(sampleGrid());
    const types = await compiled.types();
    expect(types).toContain('Generated by griglie from griglia-prova@1.0.0');
    expect(types).toContain('export interface GrigliaProvaResponses');
    expect(types).toContain('export interface GrigliaProvaScores');
    const dir = mkdtempSync(join(tmpdir(), 'griglie-types-'));
    writeFileSync(join(dir, 'grid.ts'), types);
    writeFileSync(join(dir, 'use.ts'), [
      "import type { GrigliaProvaResponses, GrigliaProvaScores } from './grid.js';",
      "export const responses: GrigliaProvaResponses = { alimentazione: 4, igiene: 'NA', cura_di_base: { current: 3, potential: 5 } };",
      'export const scores: GrigliaProvaScores = { media_cura: 2.5, potenziale: null, globale: 3 };',
      '// @ts-expect-error a value outside the scale',
      'export const wrong: GrigliaProvaResponses = { alimentazione: 9 };',
      '',
    ].join('\n'));
    const program = ts.createProgram([join(dir, 'use.ts')], {
      strict: true,
      noEmit: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      types: [],
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toStrictEqual([]);
  });
});

describe('numbers too large to embed', () => {
  const huge = (): Grid => {
    const grid = gridOf([item('a', { scale: 'enorme', reverse: true })], [score('s', 'sum', [{ item: 'a' }])]);
    grid.scales.enorme = { options: [1e308, 1.5e308].map((value) => ({ value, label: { it: String(value), en: String(value) } })) };
    return grid;
  };

  it('refuses such option values in the meta-schema, pointing at each', () => {
    const check = validateGrid(huge());
    const found = check.ok ? [] : check.issues.map((issue) => [issue.code, issue.path]);
    expect(found).toContainEqual(['schema_maximum', '/scales/enorme/options/0/value']);
    expect(found).toContainEqual(['schema_maximum', '/scales/enorme/options/1/value']);
  });

  it('turns an overflow met while compiling into a GridInvalidError with a pointer', () => {
    const error = compileError(huge());
    expect(error.issues).toEqual([expect.objectContaining({ code: 'number_not_finite', path: '/scales/enorme/options' })]);
  });

  it('turns an overflowing score range into a GridInvalidError at the score', () => {
    const grid = gridOf([item('a', { scale: 'enorme' }), item('b', { scale: 'enorme' })], [score('s', 'sum', [{ item: 'a' }, { item: 'b' }])]);
    grid.scales.enorme = { options: [1, 1e308].map((value) => ({ value, label: { it: String(value), en: String(value) } })) };
    expect(compileError(grid).issues).toEqual([expect.objectContaining({ code: 'number_not_finite', path: '/scores/0/inputs' })]);
  });
});
