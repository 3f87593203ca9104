import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../src/errors.ts';
import { inspectJson, parseJsonText } from '../../src/http/json-body.ts';

/** What a reading gives: the value, or the codes and pointers of the refusal. */
function outcome(read: () => unknown): unknown {
  try {
    return { value: read() };
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    return { refused: error.code, issues: error.issues.map((i) => [i.code, i.path]) };
  }
}

// Keys and texts that hit every check: forbidden keys, controls, lone surrogates, text that is
// not NFC (e + combining acute), non-ASCII text, escapes.
const awkward = fc.constantFrom('__proto__', 'constructor', 'prototype', 'a\u0007b', 'x\b', '\ud800', 'e\u0301', 'é', 'città', 'tab\there', 'line\nfeed', 'plain', 'a"quote', 'back\\slash');
const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), awkward);
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, text, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(text, tie('value'), { maxKeys: 4 }),
}));

describe('reading a JSON body', () => {
  it('the quick path for plain text gives exactly what the full inspection gives, on any JSON', () => {
    fc.assert(
      fc.property(json.value, fc.boolean(), (value, pretty) => {
        const source = JSON.stringify(value, null, pretty ? 2 : undefined);
        expect(outcome(() => parseJsonText(source))).toEqual(outcome(() => inspectJson(JSON.parse(source))));
      }),
      { numRuns: 2000 },
    );
  });

  it('still refuses what hides behind escapes, and still counts depth', () => {
    const refusal = (source: string) => outcome(() => parseJsonText(source));
    expect(refusal('{"notes":"a\\u0007"}')).toEqual({ refused: 'request_invalid', issues: [['control_character', '/notes']] });
    expect(refusal('{"notes":"a\\b"}')).toEqual({ refused: 'request_invalid', issues: [['control_character', '/notes']] });
    expect(refusal('{"notes":"\\ud800"}')).toEqual({ refused: 'request_invalid', issues: [['lone_surrogate', '/notes']] });
    expect(refusal('{"\\u005f_proto__":1}')).toEqual({ refused: 'request_invalid', issues: [['forbidden_key', '/__proto__']] });
    expect(refusal('['.repeat(40) + ']'.repeat(40))).toMatchObject({ refused: 'request_invalid', issues: [['too_deep', expect.any(String)]] });
    expect(refusal('{"notes":"e\\u0301"}')).toEqual({ value: { notes: '\u00e9' } });
    expect(refusal('{"a":[1,2,{"b":"plain text"}]}')).toEqual({ value: { a: [1, 2, { b: 'plain text' }] } });
  });
});
