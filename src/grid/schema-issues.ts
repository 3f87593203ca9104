import type { ErrorObject } from 'ajv';
import type { Issue } from '../errors.ts';
import { escapePointerToken } from '../errors.ts';

/**
 * Turn ajv's errors against the grid meta-schema into issues a methodologist can act on: one code
 * per keyword (`schema_<keyword>`, `missing_italian_label` for a text without `it`), the JSON
 * Pointer of the offending place (of the missing or extra property itself), a plain sentence, and
 * the branches of `oneOf`/`anyOf` reduced to the one the author evidently meant. Messages say what is
 * expected and never repeat a value, key or id that is wrong: they may reach whoever submitted the
 * document (`POST /api/v1/grids`), and the pointer already names the place.
 */
export function schemaIssues(errors: readonly ErrorObject[], doc: unknown): Issue[] {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  for (const error of dropNoise(collapseAlternatives(errors))) {
    const issue = toIssue(error, doc);
    const key = `${issue.code} ${issue.path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return issues;
}

const I18N = '#/$defs/I18nText/';
const SHAPE_KEYWORDS = new Set(['required', 'additionalProperties', 'type', 'const', 'enum']);

const isAlternative = (error: ErrorObject): boolean =>
  (error.keyword === 'oneOf' || error.keyword === 'anyOf') && !(error.params as { passingSchemas?: unknown }).passingSchemas;

const isWithin = (path: string, base: string): boolean => path === base || path.startsWith(`${base}/`);

/**
 * For each failed `oneOf`/`anyOf`, keep only the errors of the branch the document came closest to
 * (fewest errors about its shape at the alternative's own place); when no branch stands out, keep
 * the alternative's own error, which says which forms are allowed.
 */
function collapseAlternatives(errors: readonly ErrorObject[]): ErrorObject[] {
  const kept = new Set(errors);
  const alternatives = errors.filter(isAlternative).sort((a, b) => a.instancePath.length - b.instancePath.length);
  for (const alternative of alternatives) {
    if (!kept.has(alternative)) continue;
    const prefix = `${alternative.schemaPath}/`;
    const branches = new Map<number, ErrorObject[]>();
    for (const error of kept) {
      if (error === alternative || !error.schemaPath.startsWith(prefix) || !isWithin(error.instancePath, alternative.instancePath)) continue;
      const branch = Number.parseInt(error.schemaPath.slice(prefix.length), 10);
      branches.set(branch, [...(branches.get(branch) ?? []), error]);
    }
    if (branches.size === 0) continue;
    const shapeErrors = (list: ErrorObject[]): number =>
      list.filter((error) => error.instancePath === alternative.instancePath && SHAPE_KEYWORDS.has(error.keyword)).length;
    const ranked = [...branches.entries()].map(([branch, list]) => ({ branch, list, rank: shapeErrors(list) })).sort((a, b) => a.rank - b.rank || a.branch - b.branch);
    const best = ranked[0];
    const tied = ranked.filter((entry) => best && entry.rank === best.rank);
    for (const { list } of ranked) for (const error of list) kept.delete(error);
    if (!best) continue;
    const typeErrors = ranked.map(({ list }) => list.find((error) => error.keyword === 'type' && error.instancePath === alternative.instancePath));
    if (typeErrors.every((error) => error !== undefined)) {
      // Not even the right kind of value: one "must be an object" says it all.
      kept.delete(alternative);
      if (typeErrors[0]) kept.add(typeErrors[0]);
    } else if (tied.length === 1 || best.rank === 0) {
      kept.delete(alternative);
      for (const error of best.list) kept.add(error);
    }
  }
  return errors.filter((error) => kept.has(error));
}

/**
 * Drop errors that only restate others: `propertyNames` (its inner error names the key) and each
 * element's failure under a failed `contains` (the `contains` error says what is missing).
 */
function dropNoise(errors: ErrorObject[]): ErrorObject[] {
  const containers = errors.filter((error) => error.keyword === 'contains');
  return errors.filter((error) => {
    const underContains = containers.some(
      (container) => error.schemaPath.startsWith(`${container.schemaPath}/`) && isWithin(error.instancePath, container.instancePath),
    );
    if (underContains) return false;
    if (error.keyword !== 'propertyNames') return true;
    const name = (error.params as { propertyName?: string }).propertyName;
    return !errors.some((other) => other !== error && other.propertyName === name && other.instancePath === error.instancePath);
  });
}

function toIssue(error: ErrorObject, doc: unknown): Issue {
  const params = error.params as Record<string, unknown>;
  const base = error.instancePath;
  const inI18n = error.schemaPath.startsWith(I18N);
  switch (error.keyword) {
    case 'required': {
      const property = String(params.missingProperty);
      const path = `${base}/${escapePointerToken(property)}`;
      const place = describe(doc, base, path);
      if (inI18n && property === 'it') {
        return {
          code: 'missing_italian_label',
          path,
          message: `${capitalize(place.phrase)} has no Italian text (\`it\`); every text of a grid needs an Italian version.`,
        };
      }
      if (property === 'label' || property === 'title') {
        return {
          code: 'schema_required',
          path,
          message: `${capitalize(place.phrase)} has no ${property}; every ${place.kind} needs an Italian ${property} (\`it\`).`,
        };
      }
      return { code: 'schema_required', path, message: `${capitalize(place.phrase)} has no \`${property}\`, which is required.` };
    }
    case 'additionalProperties': {
      const property = String(params.additionalProperty);
      const path = `${base}/${escapePointerToken(property)}`;
      const place = describe(doc, base, path);
      const known = knownProperties(error);
      const message = inI18n
        ? `${capitalize(place.phrase)} has a key that is not a language tag; use tags such as \`it\`, \`en\` or \`pt-BR\`.`
        : `${capitalize(place.phrase)} has a field that the grid language does not know; ${known ? `the fields it may have are ${known}` : 'check its spelling or remove it'}.`;
      return { code: 'schema_additional_properties', path, message };
    }
    default:
      break;
  }
  const path = error.propertyName === undefined ? base : `${base}/${escapePointerToken(error.propertyName)}`;
  const subject = error.propertyName === undefined ? capitalize(describe(doc, base, path).phrase) : `A key of ${describe(doc, base, path).phrase}`;
  return { code: `schema_${snakeCase(error.keyword)}`, path, message: `${subject} ${predicate(error, inI18n)}` };
}

/** The rest of the sentence after the subject, per keyword. */
function predicate(error: ErrorObject, inI18n: boolean): string {
  const params = error.params as Record<string, unknown>;
  const found: unknown = error.propertyName === undefined ? error.data : error.propertyName;
  switch (error.keyword) {
    case 'type': {
      if (inI18n && error.schemaPath === `${I18N}type`) return 'must be an object of texts by language, e.g. {"it": "..."}.';
      const types = Array.isArray(params.type) ? (params.type as string[]) : String(params.type).split(',');
      return `must be ${types.map(typeName).join(' or ')} (found ${kindOfValue(found)}).`;
    }
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map((value) => `\`${String(value)}\``).join(', ')}.`;
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}.`;
    case 'pattern':
      return `must be ${patternHint(String(params.pattern))}.`;
    case 'minimum':
      return `must be at least ${String(params.limit)}.`;
    case 'maximum':
      return `must be at most ${String(params.limit)}.`;
    case 'exclusiveMinimum':
      return `must be greater than ${String(params.limit)}.`;
    case 'exclusiveMaximum':
      return `must be less than ${String(params.limit)}.`;
    case 'minItems':
      return `must list at least ${String(params.limit)} ${params.limit === 1 ? 'entry' : 'entries'}.`;
    case 'maxItems':
      return `must list at most ${String(params.limit)} ${params.limit === 1 ? 'entry' : 'entries'}.`;
    case 'uniqueItems':
      return `lists the same value twice (entries ${Number(params.j) + 1} and ${Number(params.i) + 1}).`;
    case 'minLength':
      return params.limit === 1 ? 'must not be empty.' : `must be at least ${String(params.limit)} characters long.`;
    case 'contains': {
      const schema = error.schema as { const?: unknown } | undefined;
      return schema?.const === undefined ? 'must include an allowed value.' : `must include ${JSON.stringify(schema.const)}.`;
    }
    case 'oneOf':
    case 'anyOf':
      return `must take exactly one of these forms: ${alternativesOf(error)}.`;
    default:
      // ajv's own sentences state the rule from the schema (ours), not the value.
      return `is not valid: ${error.message ?? error.keyword}.`;
  }
}

/** The properties the schema of an object declares, as "`id`, `label`, ...", or undefined when it declares none. */
function knownProperties(error: ErrorObject): string | undefined {
  const schema = error.parentSchema as { properties?: Record<string, unknown> } | undefined;
  const names = Object.keys(schema?.properties ?? {});
  return names.length > 0 ? names.map((name) => `\`${name}\``).join(', ') : undefined;
}

/** The forms of a `oneOf`, named by the property each requires: "`{item}`, `{section}` or `{score}`". */
function alternativesOf(error: ErrorObject): string {
  const branches = Array.isArray(error.schema) ? (error.schema as { required?: string[] }[]) : [];
  const forms = branches.map((branch) => `an object with \`${(branch.required ?? []).join('`, `')}\``);
  return forms.length > 0 ? forms.join(', or ') : 'see the schema';
}

const PATTERN_HINTS: Record<string, string> = {
  '^[a-z][a-z0-9_]*$': 'a lowercase letter followed by lowercase letters, digits or `_` (e.g. `cura_di_base`)',
  '^[A-Z][A-Z0-9_]*$': 'an uppercase letter followed by uppercase letters, digits or `_` (e.g. `T1`, `NA`)',
  '^[a-z][a-z0-9]*(-[a-z0-9]+)*$': 'lowercase words of letters and digits joined by `-` (e.g. `mondo-del-bambino`)',
  '^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)$': 'a version MAJOR.MINOR.PATCH without leading zeros (e.g. `1.2.0`)',
  '^[a-z]{2,3}(-[A-Z]{2})?$': 'a language tag such as `it`, `en` or `pt-BR`',
};

function patternHint(pattern: string): string {
  return PATTERN_HINTS[pattern] ?? `of the form ${pattern}`;
}

function typeName(type: string): string {
  switch (type) {
    case 'object':
      return 'an object';
    case 'array':
      return 'a list';
    case 'integer':
      return 'a whole number';
    case 'boolean':
      return 'true or false';
    default:
      return `a ${type}`;
  }
}

/** What kind of value was found, never the value itself. */
function kindOfValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number') return Number.isInteger(value) ? 'a whole number' : 'a number with decimals';
  if (typeof value === 'string') return 'a text';
  if (typeof value === 'boolean') return 'true or false';
  return typeof value === 'object' ? 'an object' : 'nothing';
}

const KINDS: Record<string, string> = {
  sections: 'section',
  items: 'item',
  facets: 'facet',
  scores: 'score',
  inputs: 'score input',
  bands: 'band',
  options: 'option',
  missing: 'missing code',
  occasions: 'occasion',
  examples: 'worked example',
  renamed: 'renaming',
  recoded: 'recoding',
};

const TEXT_FIELDS = new Set(['label', 'title', 'description', 'guidance']);

/**
 * A noun phrase for the place a pointer names, e.g. "item `salute`" or "the label of score `totale`".
 * Ids and keys of the document appear only when they are well-formed, and an element's id only when
 * it is not the offending value (at or under `offending`); otherwise the place is named by position
 * ("item 2 of ...").
 */
function describe(doc: unknown, path: string, offending: string): { phrase: string; kind: string } {
  const tokens = path === '' ? [] : path.slice(1).split('/').map(unescapeToken);
  return describeTokens(doc, tokens, offending);
}

const LOCAL_ID = /^[a-z][a-z0-9_]*$/;
const UPPER_ID = /^[A-Z][A-Z0-9_]*$/;
/** A key worth naming: an id of ours or the document's (`salute`, `T1`), a field (`minAnswered`), a language tag. */
const WELL_FORMED_KEY = /^(?:[a-z][a-z0-9_]*|[a-z][a-zA-Z0-9]*|[A-Z][A-Z0-9_]*|[a-z]{2,3}-[A-Z]{2})$/;
/** The field that names an element of each list, and the form a valid name takes. */
const NAMES: Record<string, { key: string; form: RegExp } | undefined> = {
  occasions: { key: 'id', form: UPPER_ID },
  missing: { key: 'code', form: UPPER_ID },
  // A worked example's `name` is free text: never repeated.
  examples: undefined,
};

/** The JSON Pointer of a list of tokens. */
const pointerOf = (tokens: string[]): string => tokens.map((token) => `/${escapePointerToken(token)}`).join('');

function describeTokens(doc: unknown, tokens: string[], offending: string): { phrase: string; kind: string } {
  if (tokens.length === 0) return { phrase: 'the grid', kind: 'grid' };
  const last = tokens[tokens.length - 1] ?? '';
  const parentTokens = tokens.slice(0, -1);
  const container = parentTokens[parentTokens.length - 1];
  if (/^\d+$/.test(last) && container !== undefined && Object.hasOwn(KINDS, container)) {
    const kind = KINDS[container] ?? container;
    const name = nameOf(doc, tokens, container, offending);
    if (name !== undefined) return { phrase: `${kind} \`${name}\``, kind };
    const owner = parentTokens.length > 1 ? describeTokens(doc, parentTokens.slice(0, -1), offending).phrase : 'the grid';
    return { phrase: `${kind} ${Number(last) + 1} of ${owner}`, kind };
  }
  // A key is repeated only when well-formed: a key that is itself wrong (an unknown field, a bad
  // language tag or id) is reported at its parent, so the phrase being built never contains it.
  const safeKey = WELL_FORMED_KEY.test(last);
  if (container === 'scales' && parentTokens.length === 1) return { phrase: safeKey && LOCAL_ID.test(last) ? `scale \`${last}\`` : 'a scale of the grid', kind: 'scale' };
  if (last === 'previous' && parentTokens.length === 0) return { phrase: 'the crosswalk (`previous`)', kind: 'crosswalk' };
  const owner = describeTokens(doc, parentTokens, offending).phrase;
  if (/^\d+$/.test(last)) return { phrase: `entry ${Number(last) + 1} of ${owner}`, kind: 'entry' };
  if (TEXT_FIELDS.has(last)) return { phrase: `the ${last} of ${owner}`, kind: last };
  // Keys of maps (responses by item, texts by language, recodings by old value) come from the document.
  return safeKey ? { phrase: `the \`${last}\` of ${owner}`, kind: last } : { phrase: `a key of ${owner}`, kind: 'key' };
}

/** The id of the list element at `tokens`, when it is well-formed and not itself the offending value. */
function nameOf(doc: unknown, tokens: string[], container: string, offending: string): string | undefined {
  const naming = Object.hasOwn(NAMES, container) ? NAMES[container] : { key: 'id', form: LOCAL_ID };
  if (!naming) return undefined;
  const node = valueAt(doc, tokens);
  if (node === null || typeof node !== 'object') return undefined;
  const value = (node as Record<string, unknown>)[naming.key];
  if (typeof value !== 'string' || !naming.form.test(value)) return undefined;
  return isWithin(pointerOf([...tokens, naming.key]), offending) ? undefined : value;
}

function valueAt(doc: unknown, tokens: string[]): unknown {
  let node = doc;
  for (const token of tokens) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, token)) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

function unescapeToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function snakeCase(keyword: string): string {
  return keyword.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}
