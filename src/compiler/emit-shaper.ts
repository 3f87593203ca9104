import { CodeBuilder, identifier, joinCode, js, objectLiteral } from './code-builder.ts';
import type { GridPlan } from './plan.ts';
import type { Responses } from '../grid/index.ts';

/**
 * Generate `shape(responses)`: a copy of the responses as one fixed-shape object holding every
 * item key of the grid, in definition order (`undefined` where unanswered).
 *
 * Why: `JSON.parse` gives every response with a different set of keys its own hidden class, so
 * property reads on sparse responses go megamorphic and cost 30-50x more (SPEC 11). One `for...in`
 * over the keys the response has is cheap whatever its shape; after it, validation and scoring
 * read a single shape. A response with a key the grid does not know is returned unchanged, so that
 * validation still reports the key.
 */
export function emitShaper(plan: GridPlan): (responses: Responses) => Responses {
  const items = [...new Set(plan.slots.map((slot) => slot.item))];
  const responses = identifier('responses');
  const key = identifier('key');
  const locals = items.map((_, i) => identifier('x', i));
  const b = new CodeBuilder();
  b.block(js`function shape(${responses})`, () => {
    if (locals.length > 0) b.line(js`let ${joinCode(locals, ', ')};`);
    b.block(js`for (const ${key} in ${responses})`, () => {
      b.block(js`switch (${key})`, () => {
        items.forEach((item, i) => b.line(js`case ${item}: ${locals[i]!} = ${responses}[${key}]; break;`));
        b.line(js`default: return ${responses};`);
      });
    });
    b.line(js`return ${objectLiteral(items.map((item, i) => [item, locals[i]!] as const))};`);
  });
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated code; code-builder.ts JSON-encodes every embedded value
  const factory = new Function(`"use strict";\n${b.toString()}\nreturn shape;`) as () => (responses: Responses) => Responses;
  return factory();
}
