import type { Grid, I18nText } from '../grid/index.ts';
import { itemsOf } from '../grid/index.ts';
import type { GridPlan, PlanScore } from './plan.ts';
import { scoreMethods } from './score-methods/index.ts';
import type { Codebook, CodebookVariable } from './types.ts';

/** The grid's languages, Italian first. */
export function languagesOf(grid: Grid): string[] {
  return ['it', ...(grid.languages ?? []).filter((lang) => lang !== 'it')];
}

/**
 * The codebook of a grid version: every item facet, every score and every band as an exported
 * variable, with labels in every language, value labels, missing codes and the rule in words.
 */
export function emitCodebook(grid: Grid, plan: GridPlan): Codebook {
  const langs = languagesOf(grid);
  const labels = (text: I18nText): Record<string, string> => pick(text, langs);
  const located = new Map(itemsOf(grid).map((entry) => [entry.item.id, entry]));
  const variables: CodebookVariable[] = [];

  for (const slot of plan.slots) {
    const { item, sectionIds } = located.get(slot.item)!;
    const facet = (item.facets ?? []).find((f) => f.id === slot.facet);
    const scale = grid.scales[slot.scale]!;
    variables.push({
      name: slot.name,
      kind: 'item',
      label: facet === undefined ? labels(item.label) : joinLabels(labels(item.label), labels(facet.label)),
      type: slot.options.every(Number.isInteger) ? 'integer' : 'number',
      values: scale.options.map((option) => ({ value: option.value, label: labels(option.label) })),
      missingCodes: (scale.missing ?? []).map((code) => ({ code: code.code, label: labels(code.label) })),
      ...(sectionIds.length === 0 ? {} : { section: sectionIds[sectionIds.length - 1]! }),
      reverse: slot.reverse,
    });
  }

  const planned = new Map(plan.scores.map((score) => [score.id, score]));
  for (const score of grid.scores) {
    const plannedScore = planned.get(score.id)!;
    variables.push({
      name: `score.${score.id}`,
      kind: 'score',
      label: labels(score.label),
      type: isIntegerScore(plan, plannedScore) ? 'integer' : 'number',
      rule: describeRule(plan, plannedScore),
      direction: score.direction,
    });
    if (score.bands === undefined || score.bands.length === 0) continue;
    variables.push({
      name: `band.${score.id}`,
      kind: 'band',
      label: labels(score.label),
      type: 'string',
      values: score.bands.map((band) => ({ value: band.id, label: labels(band.label) })),
      rule: `band of score.${score.id}: ${score.bands.map((band, i) => `${band.id} from ${band.min} to ${band.max} (${plannedScore.bands[i]?.includesMax === true ? 'inclusive' : 'exclusive'})`).join(', ')}; null when the score is null`,
      direction: score.direction,
    });
  }
  return { grid: grid.id, version: grid.version, title: labels(grid.title), variables };
}

function pick(text: I18nText, langs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const lang of langs) {
    const value = text[lang];
    if (value !== undefined) out[lang] = value;
  }
  return out;
}

function joinLabels(item: Record<string, string>, facet: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [lang, text] of Object.entries(item)) out[lang] = `${text}: ${facet[lang] ?? facet.it ?? ''}`;
  return out;
}

function isIntegerScore(plan: GridPlan, score: PlanScore): boolean {
  return Number.isInteger(score.range.min) && Number.isInteger(score.range.max) && (score.round === 0 || integralMethod(plan, score));
}

/** count is always whole; a sum, min or max of whole inputs is whole unless prorated. */
function integralMethod(plan: GridPlan, score: PlanScore): boolean {
  if (score.method === 'count') return true;
  const wholeInputs = score.inputs.every((input) =>
    input.kind === 'slot' ? plan.slots[input.slot]!.options.every(Number.isInteger) : false,
  );
  return wholeInputs && !score.prorate && ['sum', 'min', 'max'].includes(score.method);
}

/** The rule in words, e.g. "mean of 7 items (reversed: a, b); null when fewer than 5 are answered; rounded to 2 decimals". */
export function describeRule(plan: GridPlan, score: PlanScore): string {
  const names = score.inputs.map((input) => (input.kind === 'slot' ? plan.slots[input.slot]!.name : `score.${input.score}`));
  const itemCount = score.inputs.filter((input) => input.kind === 'slot').length;
  const scoreCount = score.inputs.length - itemCount;
  const reversed = score.inputs.flatMap((input, i) => (input.kind === 'slot' && plan.slots[input.slot]!.reverse ? [names[i]!] : []));
  const counted = [plural(itemCount, 'item'), plural(scoreCount, 'score')].filter((part) => part !== '').join(' and ');
  const inputs = `${counted}${reversed.length > 0 ? ` (reversed: ${reversed.join(', ')})` : ''}`;
  const parts = [scoreMethods[score.method].describe(score, { inputs, names }), `inputs: ${names.join(', ')}`];
  const conditional = score.inputs.some((input) => input.kind === 'slot' && plan.slots[input.slot]!.condition !== undefined);
  if (conditional) parts.push('items hidden by their condition are left out');
  parts.push(missingRule(score));
  if (score.round !== undefined) parts.push(score.round === 0 ? 'rounded to an integer, half away from zero' : `rounded to ${score.round} decimals, half away from zero`);
  return parts.join('; ');
}

function plural(n: number, word: string): string {
  if (n === 0) return '';
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function missingRule(score: PlanScore): string {
  const rule = score.minAnswered;
  if (rule === undefined) return 'null when any eligible input is unanswered';
  if ('count' in rule) return `null when fewer than ${Math.max(1, rule.count)} are answered`;
  return `null when fewer than ${Number((rule.proportion * 100).toPrecision(12))}% of the eligible inputs (rounded up, at least 1) are answered`;
}

/** The codebook as CSV (RFC 4180): one row per variable, a label column per language. */
export function codebookToCsv(codebook: Codebook, langs: string[]): string {
  const header = ['name', 'kind', 'type', ...langs.map((lang) => `label_${lang}`), 'values', 'missing_codes', 'rule', 'section', 'reverse', 'direction'];
  const rows = codebook.variables.map((variable) => [
    variable.name,
    variable.kind,
    variable.type,
    ...langs.map((lang) => variable.label[lang] ?? ''),
    (variable.values ?? []).map((entry) => `${entry.value}=${entry.label.it ?? ''}`).join('; '),
    (variable.missingCodes ?? []).map((entry) => `${entry.code}=${entry.label.it ?? ''}`).join('; '),
    variable.rule ?? '',
    variable.section ?? '',
    variable.reverse === undefined ? '' : String(variable.reverse),
    variable.direction ?? '',
  ]);
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/**
 * Quote a field when it holds a comma, a quote or a line break (RFC 4180), doubling quotes. Text
 * that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or CR) gets a
 * leading apostrophe, as OWASP advises for CSV meant to be opened in Excel; numbers stay as they are.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^[+-]?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
