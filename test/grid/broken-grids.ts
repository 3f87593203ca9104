import type { Grid, Score } from '../../src/grid/index.ts';

/**
 * Plants a marker in the offending value of a broken grid. The plain suites pass `noMark`, which
 * returns the value unchanged; the no-echo suite passes one that makes each string recognisable
 * (and swaps each number for a recognisable one that is wrong in the same way).
 */
export interface Mark {
  (value: string): string;
  (value: number, marked: number): number;
}

/** The identity: the cases exactly as written. */
export const noMark: Mark = ((value: string | number) => value) as Mark;

/** A broken variant of the fixture and the issues (code, path) it must produce. */
export interface Case {
  name: string;
  mutate: (grid: Grid, mark: Mark) => void;
  /** Every listed issue must be reported. */
  expected: [code: string, path: string][];
  /** When true (the default) nothing else may be reported. */
  exact?: boolean;
}

const item = (grid: Grid, section: number, index: number) => grid.sections[section]!.items![index]!;
const score = (grid: Grid, index: number): Score => grid.scores[index]!;
const i18n = (it: string) => ({ it, en: it });
// Loosely typed access, to break a grid in ways its type forbids.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const anyGrid = (grid: Grid) => grid as unknown as Record<string, any>;

/** Grids the meta-schema refuses. */
export const schemaCases: Case[] = [
  {
    name: 'item without a label',
    mutate: (g) => {
      delete (item(g, 0, 1) as { label?: unknown }).label;
    },
    expected: [['schema_required', '/sections/0/items/1/label']],
  },
  {
    name: 'label without Italian text',
    mutate: (g) => {
      delete (item(g, 0, 1).label as { it?: string }).it;
    },
    expected: [['missing_italian_label', '/sections/0/items/1/label/it']],
  },
  {
    name: 'title without Italian text',
    mutate: (g) => {
      g.title = { en: 'Test grid' } as unknown as Grid['title'];
    },
    expected: [['missing_italian_label', '/title/it']],
  },
  {
    name: 'band label without Italian text',
    mutate: (g) => {
      g.scores[1]!.bands![0]!.label = { en: 'Low' } as unknown as Grid['title'];
    },
    expected: [['missing_italian_label', '/scores/1/bands/0/label/it']],
  },
  {
    name: 'unknown property on an item',
    mutate: (g, mark) => {
      anyGrid(g).sections[0].items[0][mark('colour')] = mark('red');
    },
    expected: [['schema_additional_properties', '/sections/0/items/0/colour']],
  },
  {
    name: 'unknown top-level property',
    mutate: (g, mark) => {
      anyGrid(g)[mark('author')] = mark('me');
    },
    expected: [['schema_additional_properties', '/author']],
  },
  {
    name: 'a text keyed by something that is not a language tag',
    mutate: (g, mark) => {
      anyGrid(g).title[mark('EN')] = 'Test grid';
    },
    expected: [['schema_additional_properties', '/title/EN']],
  },
  {
    name: 'empty Italian text',
    mutate: (g) => {
      g.title.it = '';
    },
    expected: [['schema_min_length', '/title/it']],
  },
  {
    name: 'a label that is a plain string',
    mutate: (g, mark) => {
      anyGrid(g).sections[0].label = mark('Il bambino');
    },
    expected: [['schema_type', '/sections/0/label']],
  },
  {
    name: 'weight of the wrong type',
    mutate: (g, mark) => {
      anyGrid(g).sections[1].items[0].weight = mark('two');
    },
    expected: [['schema_type', '/sections/1/items/0/weight']],
  },
  {
    name: 'weight zero',
    mutate: (g, mark) => {
      item(g, 1, 0).weight = mark(0, -9137);
    },
    expected: [['schema_exclusive_minimum', '/sections/1/items/0/weight']],
  },
  {
    name: 'unknown scoring method',
    mutate: (g, mark) => {
      anyGrid(g).scores[0].method = mark('median');
    },
    expected: [['schema_enum', '/scores/0/method']],
  },
  {
    name: 'unknown direction',
    mutate: (g, mark) => {
      anyGrid(g).scores[0].direction = mark('up');
    },
    expected: [['schema_enum', '/scores/0/direction']],
  },
  {
    name: 'item id with capitals',
    mutate: (g, mark) => {
      item(g, 1, 0).id = mark('Routine');
    },
    expected: [['schema_pattern', '/sections/1/items/0/id']],
  },
  {
    name: 'grid id with underscores',
    mutate: (g, mark) => {
      g.id = mark('griglia_di_prova');
    },
    expected: [['schema_pattern', '/id']],
  },
  {
    name: 'version that is not semver',
    mutate: (g, mark) => {
      g.version = mark('1.0');
    },
    expected: [['schema_pattern', '/version']],
  },
  {
    name: 'version with a leading zero',
    mutate: (g, mark) => {
      g.version = mark('1.01.0');
    },
    expected: [['schema_pattern', '/version']],
  },
  {
    name: 'lowercase occasion id',
    mutate: (g, mark) => {
      g.occasions![1]!.id = mark('t1');
    },
    expected: [['schema_pattern', '/occasions/1/id']],
  },
  {
    name: 'lowercase missing code',
    mutate: (g, mark) => {
      g.scales.frequenza!.missing![0]!.code = mark('na');
    },
    expected: [['schema_pattern', '/scales/frequenza/missing/0/code']],
  },
  {
    name: 'scale id with capitals',
    mutate: (g, mark) => {
      g.scales[mark('Frequenza')] = g.scales.frequenza!;
    },
    expected: [['schema_pattern', '/scales/Frequenza']],
  },
  {
    name: 'informant with a space',
    mutate: (g, mark) => {
      g.informants.push(mark('social worker'));
    },
    expected: [['schema_pattern', '/informants/3']],
  },
  {
    name: 'round above 10',
    mutate: (g, mark) => {
      score(g, 1).round = mark(11, 9137);
    },
    expected: [['schema_maximum', '/scores/1/round']],
  },
  {
    name: 'round not an integer',
    mutate: (g, mark) => {
      score(g, 1).round = mark(1.5, 9.137);
    },
    expected: [['schema_type', '/scores/1/round']],
  },
  {
    name: 'minAnswered count of zero',
    mutate: (g, mark) => {
      score(g, 0).minAnswered = { count: mark(0, -9137) };
    },
    expected: [['schema_minimum', '/scores/0/minAnswered/count']],
  },
  {
    name: 'minAnswered count not an integer',
    mutate: (g, mark) => {
      score(g, 0).minAnswered = { count: mark(1.5, 91.37) };
    },
    expected: [['schema_type', '/scores/0/minAnswered/count']],
  },
  {
    name: 'minAnswered proportion above 1',
    mutate: (g, mark) => {
      score(g, 2).minAnswered = { proportion: mark(1.5, 9137) };
    },
    expected: [['schema_maximum', '/scores/2/minAnswered/proportion']],
  },
  {
    name: 'minAnswered proportion of zero',
    mutate: (g, mark) => {
      score(g, 2).minAnswered = { proportion: mark(0, -9137) };
    },
    expected: [['schema_exclusive_minimum', '/scores/2/minAnswered/proportion']],
  },
  {
    name: 'minAnswered with both count and proportion',
    mutate: (g) => {
      anyGrid(g).scores[2].minAnswered = { count: 1, proportion: 0.5 };
    },
    expected: [['schema_one_of', '/scores/2/minAnswered']],
  },
  {
    name: 'weight on a section input',
    mutate: (g) => {
      anyGrid(g).scores[0].inputs[0].weight = 2;
    },
    expected: [['schema_additional_properties', '/scores/0/inputs/0/weight']],
  },
  {
    name: 'negative weight on an item input',
    mutate: (g, mark) => {
      anyGrid(g).scores[1].inputs[0].weight = mark(-1, -9137);
    },
    expected: [['schema_exclusive_minimum', '/scores/1/inputs/0/weight']],
  },
  {
    name: 'score input naming nothing',
    mutate: (g) => {
      anyGrid(g).scores[0].inputs[0] = {};
    },
    expected: [['schema_one_of', '/scores/0/inputs/0']],
  },
  {
    name: 'score input naming both an item and a section',
    mutate: (g) => {
      anyGrid(g).scores[0].inputs[0] = { item: 'preoccupazioni', section: 'bambino' };
    },
    expected: [['schema_one_of', '/scores/0/inputs/0']],
  },
  {
    name: 'score input that is a string',
    mutate: (g, mark) => {
      anyGrid(g).scores[0].inputs[0] = mark('bambino');
    },
    expected: [['schema_type', '/scores/0/inputs/0']],
  },
  {
    name: 'score without inputs',
    mutate: (g) => {
      score(g, 0).inputs = [];
    },
    expected: [['schema_min_items', '/scores/0/inputs']],
  },
  {
    name: 'languages without Italian',
    mutate: (g) => {
      g.languages = ['en'];
    },
    expected: [['schema_contains', '/languages']],
  },
  {
    name: 'reliability of 1',
    mutate: (g, mark) => {
      score(g, 0).reference!.reliability!.value = mark(1, 9137);
    },
    expected: [['schema_exclusive_maximum', '/scores/0/reference/reliability/value']],
  },
  {
    name: 'missing scores',
    mutate: (g) => {
      delete (g as Partial<Grid>).scores;
    },
    expected: [['schema_required', '/scores']],
  },
  {
    name: 'several errors at once',
    mutate: (g, mark) => {
      delete (item(g, 0, 0) as { label?: unknown }).label;
      anyGrid(g).scores[1][mark('colour')] = mark('blue');
      delete (g.scales.frequenza!.options[0]!.label as { it?: string }).it;
    },
    expected: [
      ['missing_italian_label', '/scales/frequenza/options/0/label/it'],
      ['schema_required', '/sections/0/items/0/label'],
      ['schema_additional_properties', '/scores/1/colour'],
    ],
  },
];

/** Schema-valid grids that a semantic rule refuses. */
export const ruleCases: Case[] = [
  // duplicate_id
  {
    name: 'duplicate item id',
    mutate: (g, mark) => {
      item(g, 0, 0).id = mark('preoccupazioni');
    item(g, 0, 1).id = mark('preoccupazioni');
      delete item(g, 0, 1).when;
    },
    expected: [['duplicate_id', '/sections/0/items/1/id']],
    exact: false,
  },
  {
    name: 'duplicate section id',
    mutate: (g, mark) => {
      g.sections[0]!.id = mark('bambino');
    g.sections[1]!.id = mark('bambino');
    },
    expected: [['duplicate_id', '/sections/1/id']],
    exact: false,
  },
  {
    name: 'duplicate section id in a subsection',
    mutate: (g, mark) => {
      g.sections[0]!.id = mark('bambino');
    g.sections[1]!.sections = [{ id: mark('bambino'), label: i18n('Ancora') }];
    },
    expected: [['duplicate_id', '/sections/1/sections/0/id']],
  },
  {
    name: 'duplicate item id across sections',
    mutate: (g, mark) => {
      item(g, 0, 1).id = mark('sostegno');
    g.sections[1]!.sections = [{ id: 'extra', label: i18n('Extra'), items: [{ id: mark('sostegno'), label: i18n('Doppio'), scale: 'frequenza' }] }];
    },
    expected: [['duplicate_id', '/sections/1/sections/0/items/0/id']],
  },
  {
    name: 'duplicate score id',
    mutate: (g, mark) => {
      score(g, 0).id = mark('bambino_totale');
    score(g, 1).id = mark('bambino_totale');
    },
    expected: [['duplicate_id', '/scores/1/id']],
    exact: false,
  },
  {
    name: 'duplicate facet id',
    mutate: (g, mark) => {
      item(g, 1, 0).facets![0]!.id = mark('current');
    item(g, 1, 0).facets![1]!.id = mark('current');
    },
    expected: [['duplicate_id', '/sections/1/items/0/facets/1/id']],
    exact: false,
  },
  {
    name: 'duplicate band id',
    mutate: (g, mark) => {
      score(g, 0).bands![0]!.id = mark('preoccupante');
    score(g, 0).bands![1]!.id = mark('preoccupante');
    },
    expected: [['duplicate_id', '/scores/0/bands/1/id']],
    exact: false,
  },
  {
    name: 'duplicate missing code',
    mutate: (g, mark) => {
      g.scales.frequenza!.missing![0]!.code = mark('NA');
    g.scales.frequenza!.missing![1]!.code = mark('NA');
    },
    expected: [['duplicate_id', '/scales/frequenza/missing/1/code']],
    exact: false,
  },
  {
    name: 'duplicate occasion id',
    mutate: (g, mark) => {
      g.occasions![1]!.id = mark('T1');
    g.occasions!.push({ id: mark('T1') });
    },
    expected: [['duplicate_id', '/occasions/2/id']],
  },
  {
    name: 'duplicate worked example name',
    mutate: (g, mark) => {
      g.examples![0]!.name = mark(g.examples![0]!.name);
    g.examples![1]!.name = g.examples![0]!.name;
    },
    expected: [['duplicate_id', '/examples/1/name']],
  },
  // scales
  {
    name: 'two options with the same value',
    mutate: (g) => {
      g.scales.frequenza!.options.push({ value: 4, label: i18n('Sempre, davvero') });
    },
    expected: [['duplicate_scale_value', '/scales/frequenza/options/4/value']],
  },
  {
    name: 'options out of order',
    mutate: (g) => {
      const options = g.scales.frequenza!.options;
      [options[2], options[3]] = [options[3]!, options[2]!];
    },
    expected: [['scale_not_ordered', '/scales/frequenza/options/3/value']],
  },
  // unresolved_reference
  {
    name: 'item on an unknown scale',
    mutate: (g, mark) => {
      item(g, 0, 0).scale = mark('likert');
    },
    expected: [['unresolved_reference', '/sections/0/items/0/scale']],
  },
  {
    name: 'prototype key as scale id',
    mutate: (g) => {
      item(g, 0, 0).scale = 'constructor';
    },
    expected: [['unresolved_reference', '/sections/0/items/0/scale']],
  },
  {
    name: 'facet on an unknown scale',
    mutate: (g, mark) => {
      item(g, 1, 0).facets![1]!.scale = mark('likert');
    },
    expected: [['unresolved_reference', '/sections/1/items/0/facets/1/scale']],
  },
  {
    name: 'single-facet item without a scale',
    mutate: (g) => {
      delete item(g, 0, 1).scale;
    },
    expected: [['unresolved_reference', '/sections/0/items/1/scale']],
  },
  {
    name: 'facet without a scale on an item without one',
    mutate: (g) => {
      delete item(g, 1, 0).scale;
      item(g, 1, 0).facets![0]!.scale = 'frequenza';
    },
    expected: [['unresolved_reference', '/sections/1/items/0/facets/1/scale']],
  },
  {
    name: 'condition on an unknown item',
    mutate: (g, mark) => {
      item(g, 0, 1).when!.item = mark('fantasma');
    },
    expected: [['unresolved_reference', '/sections/0/items/1/when/item']],
  },
  {
    name: 'condition on a multi-facet item without a facet',
    mutate: (g) => {
      item(g, 0, 1).when = { item: 'routine', in: [1] };
    },
    expected: [['unresolved_reference', '/sections/0/items/1/when/facet']],
  },
  {
    name: 'condition on an unknown facet',
    mutate: (g, mark) => {
      item(g, 0, 1).when = { item: 'routine', facet: mark('futuro'), in: [1] };
    },
    expected: [['unresolved_reference', '/sections/0/items/1/when/facet']],
  },
  {
    name: 'condition naming a facet of a single-facet item',
    mutate: (g, mark) => {
      item(g, 0, 1).when!.facet = mark('current');
    },
    expected: [['unresolved_reference', '/sections/0/items/1/when/facet']],
  },
  {
    name: 'score input naming an unknown item',
    mutate: (g, mark) => {
      score(g, 1).inputs[0] = { item: mark('fantasma') };
    },
    expected: [['unresolved_reference', '/scores/1/inputs/0/item']],
  },
  {
    name: 'score input of a multi-facet item without a facet',
    mutate: (g) => {
      score(g, 1).inputs[1] = { item: 'routine' };
    },
    expected: [['unresolved_reference', '/scores/1/inputs/1/facet']],
  },
  {
    name: 'score input naming an unknown facet',
    mutate: (g, mark) => {
      score(g, 1).inputs[1] = { item: 'routine', facet: mark('futuro') };
    },
    expected: [['unresolved_reference', '/scores/1/inputs/1/facet']],
  },
  {
    name: 'score input naming a facet of a single-facet item',
    mutate: (g, mark) => {
      score(g, 1).inputs.push({ item: 'sostegno', facet: mark('current') });
    },
    expected: [['unresolved_reference', '/scores/1/inputs/2/facet']],
  },
  {
    name: 'score input naming an unknown section',
    mutate: (g, mark) => {
      score(g, 0).inputs[0] = { section: mark('fantasma') };
    },
    expected: [['unresolved_reference', '/scores/0/inputs/0/section']],
  },
  {
    name: 'section input without facet over multi-facet items',
    mutate: (g) => {
      score(g, 1).inputs = [{ section: 'genitori' }];
    },
    expected: [['unresolved_reference', '/scores/1/inputs/0/facet']],
  },
  {
    name: 'section input with a facet its items lack',
    mutate: (g, mark) => {
      score(g, 0).inputs = [{ section: 'bambino', facet: mark('current') }];
    },
    expected: [['unresolved_reference', '/scores/0/inputs/0/facet']],
  },
  {
    name: 'score input naming an unknown score',
    mutate: (g, mark) => {
      score(g, 2).inputs[0] = { score: mark('fantasma') };
    },
    expected: [['unresolved_reference', '/scores/2/inputs/0/score']],
  },
  {
    name: 'section informant the grid does not have',
    mutate: (g, mark) => {
      g.sections[1]!.informants = ['team', mark('psychologist')];
    },
    expected: [['unresolved_reference', '/sections/1/informants/1']],
  },
  {
    name: 'occasion after an unknown occasion',
    mutate: (g, mark) => {
      g.occasions![1]!.after = mark('T9');
    },
    expected: [['unresolved_reference', '/occasions/1/after']],
  },
  {
    name: 'comparable score that does not exist',
    mutate: (g, mark) => {
      g.previous = { version: '0.9.0', comparableScores: ['bambino_totale', mark('fantasma')] };
    },
    expected: [['unresolved_reference', '/previous/comparableScores/1']],
  },
  {
    name: 'worked example answering an unknown item',
    mutate: (g, mark) => {
      g.examples![0]!.responses[mark('fantasma')] = 1;
    },
    expected: [['unresolved_reference', '/examples/0/responses/fantasma']],
  },
  {
    name: 'worked example answering an unknown facet',
    mutate: (g, mark) => {
      g.examples![0]!.responses.routine = { current: 2, [mark('futuro')]: 3 };
    },
    expected: [['unresolved_reference', '/examples/0/responses/routine/futuro']],
  },
  {
    name: 'worked example expecting an unknown score',
    mutate: (g, mark) => {
      g.examples![0]!.expect.scores[mark('fantasma')] = 1;
    },
    expected: [['unresolved_reference', '/examples/0/expect/scores/fantasma']],
  },
  {
    name: 'worked example expecting a band of an unknown score',
    mutate: (g, mark) => {
      g.examples![0]!.expect.bands![mark('fantasma')] = mark('alto');
    },
    expected: [['unresolved_reference', '/examples/0/expect/bands/fantasma']],
  },
  {
    name: 'worked example expecting a band the score does not have',
    mutate: (g, mark) => {
      g.examples![0]!.expect.bands!.bambino_totale = mark('alto');
    },
    expected: [['unresolved_reference', '/examples/0/expect/bands/bambino_totale']],
  },
  // cycles
  {
    name: 'score using itself',
    mutate: (g) => {
      score(g, 2).inputs.push({ score: 'complessivo' });
    },
    expected: [['cyclic_score', '/scores/2/inputs/2']],
  },
  {
    name: 'two scores using each other',
    mutate: (g) => {
      score(g, 0).inputs.push({ score: 'complessivo' });
    },
    expected: [['cyclic_score', '/scores/2/inputs/0']],
  },
  {
    name: 'item conditional on itself',
    mutate: (g) => {
      item(g, 0, 1).when!.item = 'sostegno';
    },
    expected: [['cyclic_condition', '/sections/0/items/1/when']],
  },
  {
    name: 'two items conditional on each other',
    mutate: (g) => {
      item(g, 0, 0).when = { item: 'sostegno', in: [1] };
    },
    expected: [['cyclic_condition', '/sections/0/items/1/when']],
  },
  {
    name: 'condition on a value the scale does not have',
    mutate: (g, mark) => {
      item(g, 0, 1).when!.in = [3, mark(7, 9137)];
    },
    expected: [['invalid_condition', '/sections/0/items/1/when/in/1']],
  },
  // score rules
  {
    name: 'prorate on a mean',
    mutate: (g) => {
      score(g, 1).prorate = true;
    },
    expected: [['invalid_score_rule', '/scores/1/prorate']],
  },
  {
    name: 'values on a sum',
    mutate: (g) => {
      score(g, 0).values = [1];
    },
    expected: [['invalid_score_rule', '/scores/0/values']],
  },
  {
    name: 'count of values not on the scale',
    mutate: (g, mark) => {
      g.scores.push({ id: 'quanti', label: i18n('Quanti'), method: 'count', inputs: [{ section: 'bambino' }], values: [4, mark(9, 9137)], direction: 'higher_is_better' });
    },
    expected: [['invalid_score_rule', '/scores/3/values/1']],
  },
  {
    name: 'minAnswered count above the number of inputs',
    mutate: (g, mark) => {
      score(g, 0).minAnswered = { count: mark(3, 9137) };
    },
    expected: [['invalid_score_rule', '/scores/0/minAnswered/count']],
  },
  {
    name: 'score whose sections hold no items',
    mutate: (g) => {
      g.sections.push({ id: 'vuota', label: i18n('Vuota') });
      g.scores.push({ id: 'vuoto', label: i18n('Vuoto'), method: 'sum', inputs: [{ section: 'vuota' }], direction: 'higher_is_better' });
    },
    expected: [['invalid_score_rule', '/scores/3/inputs']],
  },
  // ids every JavaScript object inherits (not marked: a marked id would no longer be reserved)
  {
    name: 'section id constructor',
    mutate: (g) => {
      g.sections.push({ id: 'constructor', label: i18n('Altro'), items: [{ id: 'altro', label: i18n('Altro'), scale: 'frequenza' }] });
    },
    expected: [['reserved_id', '/sections/2/id']],
  },
  {
    name: 'item id constructor',
    mutate: (g) => {
      g.sections.push({ id: 'altro', label: i18n('Altro'), items: [{ id: 'constructor', label: i18n('Altro'), scale: 'frequenza' }] });
    },
    expected: [['reserved_id', '/sections/2/items/0/id']],
  },
  {
    name: 'facet id constructor',
    mutate: (g) => {
      g.sections.push({
        id: 'altro',
        label: i18n('Altro'),
        items: [{ id: 'altro', label: i18n('Altro'), scale: 'frequenza', facets: [{ id: 'constructor', label: i18n('A') }, { id: 'b', label: i18n('B') }] }],
      });
    },
    expected: [['reserved_id', '/sections/2/items/0/facets/0/id']],
  },
  {
    name: 'scale id constructor',
    mutate: (g) => {
      Object.assign(g.scales, { constructor: structuredClone(g.scales.frequenza!) });
    },
    expected: [['reserved_id', '/scales/constructor']],
  },
  {
    name: 'score id constructor',
    mutate: (g) => {
      g.scores.push({ id: 'constructor', label: i18n('Altro'), method: 'mean', inputs: [{ item: 'preoccupazioni' }], direction: 'higher_is_better' });
    },
    expected: [['reserved_id', '/scores/3/id']],
  },
  {
    name: 'band id constructor',
    mutate: (g) => {
      score(g, 0).bands![0]!.id = 'constructor';
    },
    expected: [['reserved_id', '/scores/0/bands/0/id']],
    exact: false, // the worked examples name the old band id
  },
  {
    name: 'an item facet read twice',
    mutate: (g) => {
      score(g, 1).inputs.push({ item: 'routine', facet: 'current' });
    },
    expected: [['invalid_score_rule', '/scores/1/inputs/2']],
  },
  {
    name: 'an item read twice, once through its section',
    mutate: (g) => {
      score(g, 0).inputs.push({ item: 'sostegno' });
    },
    expected: [['invalid_score_rule', '/scores/0/inputs/1']],
    exact: false,
  },
  {
    name: 'an item listed three times',
    mutate: (g) => {
      g.scores.push({
        id: 'ripetuto',
        label: i18n('Ripetuto'),
        method: 'sum',
        inputs: [{ item: 'preoccupazioni' }, { item: 'sostegno' }, { item: 'preoccupazioni' }, { item: 'preoccupazioni' }],
        direction: 'higher_is_better',
      });
    },
    expected: [
      ['invalid_score_rule', '/scores/3/inputs/2'],
      ['invalid_score_rule', '/scores/3/inputs/3'],
    ],
  },
  {
    name: 'a score read twice',
    mutate: (g) => {
      score(g, 2).inputs.push({ score: 'bambino_totale' });
    },
    expected: [['invalid_score_rule', '/scores/2/inputs/2']],
  },
  // bands
  {
    name: 'empty band',
    mutate: (g, mark) => {
      score(g, 0).bands!.push({ id: 'nulla', label: i18n('Nulla'), min: mark(9, 9137), max: mark(9, 9137) });
    },
    expected: [['band_empty', '/scores/0/bands/2']],
  },
  {
    name: 'overlapping bands',
    mutate: (g, mark) => {
      score(g, 0).bands![1]!.min = mark(4, 4.9137);
    },
    expected: [['band_overlap', '/scores/0/bands/1/min']],
  },
  {
    name: 'gap between bands',
    mutate: (g, mark) => {
      score(g, 0).bands![1]!.min = mark(5.5, 5.9137);
    },
    expected: [['band_gap', '/scores/0/bands/1/min']],
  },
  {
    name: 'lowest band above the score minimum',
    mutate: (g, mark) => {
      score(g, 0).bands![0]!.min = mark(3, 3.9137);
    },
    expected: [['band_gap', '/scores/0/bands/0/min']],
  },
  {
    name: 'highest band below the score maximum',
    mutate: (g, mark) => {
      score(g, 0).bands![1]!.max = mark(7, 7.9137);
    },
    expected: [['band_gap', '/scores/0/bands/1/max']],
  },
  {
    name: 'bands listed out of order with a gap at the top',
    mutate: (g, mark) => {
      score(g, 1).bands!.reverse();
      score(g, 1).bands![0]!.max = mark(3.5, 3.9137);
    },
    expected: [['band_gap', '/scores/1/bands/0/max']],
  },
  {
    name: 'bands of a score over scores must cover its derived range',
    mutate: (g, mark) => {
      score(g, 2).bands![0]!.min = mark(2, 2.9137);
    },
    expected: [['band_gap', '/scores/2/bands/0/min']],
  },
  // translations
  {
    name: 'guidance without English when the grid declares English',
    mutate: (g) => {
      delete item(g, 0, 0).guidance!.en;
    },
    expected: [['missing_translation', '/sections/0/items/0/guidance/en']],
  },
  {
    name: 'band label without English',
    mutate: (g) => {
      delete score(g, 2).bands![1]!.label.en;
    },
    expected: [['missing_translation', '/scores/2/bands/1/label/en']],
  },
  {
    name: 'a declared language nobody wrote',
    mutate: (g) => {
      g.languages = ['it', 'en', 'fr'];
    },
    expected: [['missing_translation', '/title/fr']],
    exact: false,
  },
  // crosswalk
  {
    name: 'renamed to an item that does not exist',
    mutate: (g, mark) => {
      g.previous = { version: '0.9.0', renamed: [{ from: 'vecchio', to: mark('fantasma') }] };
    },
    expected: [['crosswalk_unknown_item', '/previous/renamed/0/to']],
  },
  {
    name: 'renamed from an item that still exists',
    mutate: (g) => {
      g.previous = { version: '0.9.0', renamed: [{ from: 'sostegno', to: 'routine' }] };
    },
    expected: [['crosswalk_unknown_item', '/previous/renamed/0/from']],
  },
  {
    name: 'added item that does not exist',
    mutate: (g, mark) => {
      g.previous = { version: '0.9.0', added: ['routine', mark('fantasma')] };
    },
    expected: [['crosswalk_unknown_item', '/previous/added/1']],
  },
  {
    name: 'removed item that still exists',
    mutate: (g) => {
      g.previous = { version: '0.9.0', removed: ['vecchio', 'sostegno'] };
    },
    expected: [['crosswalk_unknown_item', '/previous/removed/1']],
  },
  {
    name: 'recoded item that does not exist',
    mutate: (g, mark) => {
      g.previous = { version: '0.9.0', recoded: [{ item: mark('fantasma'), map: { '1': 1 } }] };
    },
    expected: [['crosswalk_unknown_item', '/previous/recoded/0/item']],
  },
  {
    name: 'recoded multi-facet item without a facet',
    mutate: (g) => {
      g.previous = { version: '0.9.0', recoded: [{ item: 'routine', map: { '1': 1 } }] };
    },
    expected: [['crosswalk_unknown_item', '/previous/recoded/0/facet']],
  },
  {
    name: 'recoded to a value the new scale does not have',
    mutate: (g, mark) => {
      g.previous = { version: '0.9.0', recoded: [{ item: 'routine', facet: 'current', map: { '5': 4, '6': mark(7, 9137) } }] };
    },
    expected: [['crosswalk_unknown_item', '/previous/recoded/0/map/6']],
  },
  {
    name: 'recoded from a key that is not a number',
    mutate: (g, mark) => {
      g.previous = { version: '0.9.0', recoded: [{ item: 'sostegno', map: { [mark('uno')]: 1 } }] };
    },
    expected: [['crosswalk_unknown_item', '/previous/recoded/0/map/uno']],
  },
  // worked examples
  {
    name: 'example value not on the scale',
    mutate: (g, mark) => {
      g.examples![0]!.responses.preoccupazioni = mark(7, 9137);
    },
    expected: [['invalid_example', '/examples/0/responses/preoccupazioni']],
  },
  {
    name: 'example missing code the scale does not have',
    mutate: (g, mark) => {
      g.examples![0]!.responses.preoccupazioni = mark('NV');
    },
    expected: [['invalid_example', '/examples/0/responses/preoccupazioni']],
  },
  {
    name: 'example facet value not on the scale',
    mutate: (g, mark) => {
      g.examples![1]!.responses.routine = { current: 3, potential: mark(0, 9137) };
    },
    expected: [['invalid_example', '/examples/1/responses/routine/potential']],
  },
  {
    name: 'example giving one value to a multi-facet item',
    mutate: (g, mark) => {
      g.examples![1]!.responses.routine = mark(3, 9137);
    },
    expected: [['invalid_example', '/examples/1/responses/routine']],
  },
  {
    name: 'example giving an object to a single-facet item',
    mutate: (g) => {
      g.examples![1]!.responses.preoccupazioni = { value: 1 };
    },
    expected: [['invalid_example', '/examples/1/responses/preoccupazioni']],
  },
  // occasions
  {
    name: 'months without after',
    mutate: (g) => {
      g.occasions![0]!.months = 1;
    },
    expected: [['invalid_occasion', '/occasions/0/months']],
  },
  {
    name: 'tolerance without after',
    mutate: (g) => {
      g.occasions![0]!.toleranceDays = 10;
    },
    expected: [['invalid_occasion', '/occasions/0/toleranceDays']],
  },
  {
    name: 'occasion after itself',
    mutate: (g) => {
      g.occasions![1]!.after = 'T1';
    },
    expected: [['invalid_occasion', '/occasions/1/after']],
  },
  {
    name: 'occasions after each other',
    mutate: (g) => {
      g.occasions![0]!.after = 'T1';
    },
    expected: [['invalid_occasion', '/occasions/1/after']],
  },
];
