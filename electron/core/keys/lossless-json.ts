/**
 * JSON that survives a read-modify-write unchanged as values. JSON.parse
 * cannot do that: it rounds integers beyond 2^53 (a Rust u64 in a field we do
 * not know would silently change) and Node 20 has no JSON.rawJSON to write
 * them back. Here numbers keep their source text, objects are Maps (insertion
 * order kept, `__proto__` is just a key), and output has exactly the layout of
 * JSON.stringify(value, null, 2), which is also serde_json's pretty layout.
 *
 * Syntax errors give a line number, never a quote of the text: a key file may
 * hold anything, and an error message must not carry it.
 */

/** A JSON number as written in the source, so no digit is ever lost. */
export class JsonNumber {
  constructor(readonly text: string) {}
}

export type JsonObject = Map<string, JsonValue>;
export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | JsonObject;

export class JsonSyntaxError extends Error {
  override readonly name = 'JsonSyntaxError';
  constructor(
    readonly reason: string,
    readonly line: number,
  ) {
    super(`${reason} (line ${line})`);
  }
}

/** serde_json's default recursion limit: deeper files are refused by the seed too. */
export const MAX_JSON_DEPTH = 128;

const WHITESPACE = /[ \t\n\r]*/y;
// JSON forbids raw control characters in strings; the class must name them.
// eslint-disable-next-line no-control-regex
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return value instanceof Map;
}

export function parseJsonLossless(text: string): JsonValue {
  let pos = 0;

  const fail = (reason: string): never => {
    let line = 1;
    for (let i = 0; i < pos && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
    throw new JsonSyntaxError(reason, line);
  };
  const skipWhitespace = () => {
    WHITESPACE.lastIndex = pos;
    WHITESPACE.test(text);
    pos = WHITESPACE.lastIndex;
  };
  const readString = (): string => {
    STRING.lastIndex = pos;
    const match = STRING.exec(text);
    if (!match) return fail('bad string');
    const token = match[0];
    pos += token.length;
    // Escapes are rare in key files: decode only when there is one, and then
    // with JSON.parse on a token already known to be a valid string literal.
    return token.includes('\\') ? (JSON.parse(token) as string) : token.slice(1, -1);
  };
  const expect = (char: string) => {
    skipWhitespace();
    if (text[pos] !== char) fail(`expected "${char}"`);
    pos++;
  };

  const readValue = (depth: number): JsonValue => {
    skipWhitespace();
    const char = text[pos];
    if (char === '"') return readString();
    if (char === '{' || char === '[') {
      if (depth >= MAX_JSON_DEPTH) fail(`nested deeper than ${MAX_JSON_DEPTH} levels`);
      pos++;
      return char === '{' ? readObject(depth + 1) : readArray(depth + 1);
    }
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return value;
      }
    }
    NUMBER.lastIndex = pos;
    const match = NUMBER.exec(text);
    if (!match) return fail(pos >= text.length ? 'unexpected end' : 'unexpected character');
    pos += match[0].length;
    return new JsonNumber(match[0]);
  };

  const readObject = (depth: number): JsonObject => {
    const object: JsonObject = new Map();
    skipWhitespace();
    if (text[pos] === '}') {
      pos++;
      return object;
    }
    for (;;) {
      skipWhitespace();
      if (text[pos] !== '"') fail('expected a field name');
      const key = readString();
      expect(':');
      // A repeated field keeps its first place and its last value, like JSON.parse.
      object.set(key, readValue(depth));
      skipWhitespace();
      if (text[pos] === ',') pos++;
      else if (text[pos] === '}') {
        pos++;
        return object;
      } else fail('expected "," or "}"');
    }
  };

  const readArray = (depth: number): JsonValue[] => {
    const array: JsonValue[] = [];
    skipWhitespace();
    if (text[pos] === ']') {
      pos++;
      return array;
    }
    for (;;) {
      array.push(readValue(depth));
      skipWhitespace();
      if (text[pos] === ',') pos++;
      else if (text[pos] === ']') {
        pos++;
        return array;
      } else fail('expected "," or "]"');
    }
  };

  const value = readValue(0);
  skipWhitespace();
  if (pos < text.length) fail('unexpected text after the value');
  return value;
}

/** Exactly JSON.stringify(value, null, 2) for the same value, numbers as written. */
export function stringifyJsonPretty(value: JsonValue): string {
  const parts: string[] = [];
  const write = (item: JsonValue, indent: string): void => {
    if (item === null) parts.push('null');
    else if (typeof item === 'boolean') parts.push(item ? 'true' : 'false');
    else if (typeof item === 'string') parts.push(JSON.stringify(item));
    else if (item instanceof JsonNumber) parts.push(item.text);
    else if (Array.isArray(item)) {
      if (item.length === 0) return void parts.push('[]');
      const inner = `${indent}  `;
      parts.push('[');
      item.forEach((element, i) => {
        parts.push(i === 0 ? `\n${inner}` : `,\n${inner}`);
        write(element, inner);
      });
      parts.push(`\n${indent}]`);
    } else {
      if (item.size === 0) return void parts.push('{}');
      const inner = `${indent}  `;
      parts.push('{');
      let first = true;
      for (const [key, element] of item) {
        parts.push(`${first ? '' : ','}\n${inner}${JSON.stringify(key)}: `);
        first = false;
        write(element, inner);
      }
      parts.push(`\n${indent}}`);
    }
  };
  write(value, '');
  return parts.join('');
}
