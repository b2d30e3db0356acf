import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  JsonSyntaxError,
  MAX_JSON_DEPTH,
  parseJsonLossless,
  stringifyJsonPretty,
  type JsonNumber,
} from './lossless-json';

describe('lossless JSON', () => {
  it('writes any JSON value exactly as JSON.stringify(value, null, 2) does', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const pretty = JSON.stringify(value, null, 2);
        expect(stringifyJsonPretty(parseJsonLossless(JSON.stringify(value)))).toBe(pretty);
        expect(stringifyJsonPretty(parseJsonLossless(pretty))).toBe(pretty);
      }),
      { numRuns: 300 },
    );
  });

  it('takes the same answer through the native fast path, used when the text has no number', () => {
    const noNumbers = fc
      .jsonValue()
      .map(
        (v) =>
          JSON.parse(
            JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' ? String(x) : x)),
          ) as unknown,
      );
    fc.assert(
      fc.property(noNumbers, (value) => {
        const pretty = JSON.stringify(value, null, 2);
        expect(stringifyJsonPretty(parseJsonLossless(pretty))).toBe(pretty);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps array-index field names in their place, where a JS object would move them first', () => {
    const text = '{\n  "b": "x",\n  "10": "y",\n  "a": {\n    "2": null,\n    "1": true\n  }\n}';
    expect(stringifyJsonPretty(parseJsonLossless(text))).toBe(text);
  });

  it('keeps numbers to the digit, where JSON.parse would round a u64', () => {
    const text =
      '{\n  "max_u64": 18446744073709551615,\n  "price": 1.50,\n  "huge": 1E+400,\n  "neg": -0\n}';
    expect(JSON.stringify(JSON.parse(text), null, 2)).not.toBe(text);
    expect(stringifyJsonPretty(parseJsonLossless(text))).toBe(text);
  });

  it('keeps field order, treats __proto__ as a plain field, and keeps the last of a repeated field', () => {
    const value = parseJsonLossless('{"b":1,"__proto__":{"x":true},"a":"\\u00e9\\n","b":2}');
    expect(value).toBeInstanceOf(Map);
    const map = value as Map<string, unknown>;
    expect([...map.keys()]).toEqual(['b', '__proto__', 'a']);
    expect((map.get('b') as JsonNumber).text).toBe('2');
    expect(map.get('a')).toBe('é\n');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it.each([
    ['', 'unexpected end'],
    ['{"keys": [1, 2,]}', 'unexpected character'],
    ['{"a": 1}\n{"b": 2}', 'unexpected text after the value'],
    ["{'a': 1}", 'expected a field name'],
    ['{"a" 1}', 'expected ":"'],
    ['["raw\tcontrol"]', 'bad string'],
    ['[01]', 'expected "," or "]"'],
    ['NaN', 'unexpected character'],
  ])('refuses %j with a reason and a line, never quoting the text', (text, reason) => {
    const error = (() => {
      try {
        parseJsonLossless(text);
      } catch (caught) {
        return caught;
      }
      throw new Error('expected a syntax error');
    })();
    expect(error).toBeInstanceOf(JsonSyntaxError);
    expect((error as JsonSyntaxError).reason).toBe(reason);
    expect((error as JsonSyntaxError).message).toMatch(/\(line \d+\)$/);
  });

  it('reports the line where the error is', () => {
    expect(() => parseJsonLossless('{\n  "keys": [\n    oops\n  ]\n}')).toThrowError(
      'unexpected character (line 3)',
    );
  });

  it(`refuses nesting deeper than serde_json's limit of ${MAX_JSON_DEPTH} instead of overflowing the stack`, () => {
    const deep = `${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}`;
    expect(() => parseJsonLossless(deep)).toThrowError(/nested deeper than 128 levels/);
    expect(() => parseJsonLossless(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)).toThrowError(
      /nested deeper than 128 levels/,
    );
    expect(() =>
      parseJsonLossless(`${'[1,'.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}`),
    ).toThrowError(/nested deeper/);
    const allowed = `${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`;
    expect(stringifyJsonPretty(parseJsonLossless(allowed))).toBe(
      JSON.stringify(JSON.parse(allowed), null, 2),
    );
  });

  it('keeps the last of a repeated field, like JSON.parse, unless told to refuse it', () => {
    const text = '{"a": 1, "b": {"c": 2,\n "c": 3}}';
    expect(stringifyJsonPretty(parseJsonLossless(text))).toBe(
      JSON.stringify(JSON.parse(text), null, 2),
    );
    expect(() => parseJsonLossless(text, { refuseDuplicateKeys: true })).toThrowError(
      'a field name appears twice (line 2)',
    );
    expect(() =>
      parseJsonLossless('{"a": 1, "b": {"a": 2}}', { refuseDuplicateKeys: true }),
    ).not.toThrow();
  });
});
