/**
 * A tiny builder for generated JavaScript.
 *
 * Code is assembled from `Code` fragments with the `js` tagged template: a fragment interpolated
 * into another is inserted as code, every other value (number, string, boolean, null, array) is
 * JSON-encoded. A string from a grid (an item id, a band id) therefore always lands in the
 * generated source as a string literal, never as code.
 */

/** A fragment of generated JavaScript. Only `js`, `identifier` and `CodeBuilder` create one. */
export class Code {
  readonly #text: string;

  /** @internal use `js` or `identifier` */
  constructor(text: string) {
    this.#text = text;
  }

  toString(): string {
    return this.#text;
  }
}

/** Generated code was asked to embed Infinity or NaN; compileGrid reports it as the grid's fault. */
export class NonFiniteLiteralError extends RangeError {
  constructor() {
    super('generated code cannot embed a non-finite number');
    this.name = 'NonFiniteLiteralError';
  }
}

/** A value that `js` embeds as a literal. */
export type Literal = number | string | boolean | null | readonly Literal[];

/** JSON-encode one value as a JavaScript literal (keeps `-0`; refuses non-finite numbers). */
export function literal(value: Literal): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new NonFiniteLiteralError();
    return Object.is(value, -0) ? '-0' : JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v: Literal) => literal(v)).join(', ')}]`;
  // JSON leaves U+2028 and U+2029 raw; escape them so no string can end a line of generated code.
  return JSON.stringify(value).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * Template tag for generated code: `Code` parts are spliced in, every other part is JSON-encoded.
 *
 * @example
 * js`${identifier('v', 3)} === ${'NA'}`; // v3 === "NA"
 */
export function js(strings: TemplateStringsArray, ...parts: (Code | Literal)[]): Code {
  let text = strings[0] ?? '';
  parts.forEach((part, i) => {
    text += (part instanceof Code ? part.toString() : literal(part)) + (strings[i + 1] ?? '');
  });
  return new Code(text);
}

/** An identifier made of a fixed ASCII prefix and a counter, e.g. `v12`. */
export function identifier(prefix: string, index?: number): Code {
  if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(prefix)) throw new Error(`invalid identifier prefix: ${prefix}`);
  if (index !== undefined && !Number.isSafeInteger(index)) throw new Error('identifier index must be an integer');
  return new Code(index === undefined ? prefix : `${prefix}${index}`);
}

/** Join fragments with a separator (itself a fixed piece of code). */
export function joinCode(parts: readonly Code[], separator: ', ' | ' || ' | ' && ' | ' + ' | '; '): Code {
  return new Code(parts.map((p) => p.toString()).join(separator));
}

/** `object[key]`, the key JSON-encoded. */
export function member(object: Code, key: string): Code {
  return js`${object}[${key}]`;
}

/**
 * An object literal with a fixed shape. Keys are JSON-encoded; `__proto__` is written as a computed
 * key so that it defines an own property instead of setting the prototype.
 */
export function objectLiteral(entries: readonly (readonly [string, Code | Literal])[]): Code {
  const parts = entries.map(([key, value]) => {
    const encodedKey = key === '__proto__' ? `[${literal(key)}]` : literal(key);
    return `${encodedKey}: ${value instanceof Code ? value.toString() : literal(value)}`;
  });
  return new Code(parts.length === 0 ? '{}' : `{ ${parts.join(', ')} }`);
}

/** A one-line comment of generated code; anything but plain ASCII words and punctuation becomes `?`. */
export function comment(text: string): Code {
  return new Code(`// ${text.replace(/[^A-Za-z0-9 .,:;@_+()<>=-]/g, '?')}`);
}

/** Lines of generated code with indentation; `block` opens `head {` and closes it. */
export class CodeBuilder {
  readonly #lines: string[] = [];
  #depth = 0;

  line(code: Code): this {
    this.#lines.push('  '.repeat(this.#depth) + code.toString());
    return this;
  }

  block(head: Code, body: () => void, tail?: Code): this {
    this.line(head.toString() === '' ? js`{` : js`${head} {`);
    this.#depth++;
    body();
    this.#depth--;
    this.line(tail === undefined ? js`}` : js`} ${tail}`);
    return this;
  }

  blank(): this {
    this.#lines.push('');
    return this;
  }

  /** The source text, ending with a newline. */
  toString(): string {
    return this.#lines.join('\n') + '\n';
  }

  toCode(): Code {
    return new Code(this.toString());
  }
}
